"""Why bias: the learner places a line with and without a bias and sees which points it can separate."""
import streamlit as st

import ui
from core.neuron import bias as neuron_bias
from core.neuron import figures as neuron_figures
from lessons.neuron import cache


def controls() -> tuple[float, float, float]:
    """The learner's line w1·x1 + w2·x2 + b = 0, as (w1, w2, b); b is 0 when the bias is switched off."""
    d1, d2, d3, d4 = st.columns(4)
    use_bias = ui.bound(d1.toggle, "Use a bias", True, key="neuron_use_bias")
    bw1 = ui.bound(d2.slider, "w1", -3.0, 3.0, 1.0, 0.1, key="neuron_bw1")
    bw2 = ui.bound(d3.slider, "w2", -3.0, 3.0, 1.0, 0.1, key="neuron_bw2")
    bb = ui.bound(d4.slider, "b", -10.0, 10.0, -5.0, 0.5, key="neuron_bb", disabled=not use_bias)
    return bw1, bw2, bb if use_bias else 0.0


def show(mine: tuple[float, float, float]) -> None:
    points, with_b, without_b = cache.bias_fits()
    bw1, bw2, b = mine
    st.latex(rf"{bw1:g}\,x_1 {bw2:+g}\,x_2 {b:+g} = 0")
    fits = [(f"trained with bias ({with_b.accuracy:.0%})", with_b),
            (f"trained without bias ({without_b.accuracy:.0%})", without_b)]
    figure = neuron_figures.bias_figure(points.X, points.y, mine, fits, neuron_bias.LO, neuron_bias.HI)
    ui.chart(figure, key="neuron_bias_fig")
    m1, m2, m3 = st.columns(3)
    m1.metric("Your line's accuracy", f"{neuron_bias.accuracy(points, *mine):.0%}")
    m2.metric("Best with a bias", f"{with_b.accuracy:.0%}")
    m3.metric("Best without a bias", f"{without_b.accuracy:.0%}")
    st.caption("Look at the right panel: the grey dashed line trained without a bias must pass through the "
               "cross at (0, 0), so it cannot get between the two clouds; the solid line trained with a bias "
               "can, and does.")
    st.markdown(f"**Takeaway:** with b = 0 the point (0, 0) always satisfies w₁x₁ + w₂x₂ = 0, so the line can "
                f"only turn around the origin: the best such line gets {without_b.accuracy:.0%} of these points "
                f"right. The bias lets it move to where the classes meet: {with_b.accuracy:.0%}.")
