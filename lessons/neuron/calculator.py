"""Neuron calculator: the learner sets inputs, weights, bias and activation, and sees z and a = f(z)."""
import streamlit as st

import ui
from core import activations
from core.neuron import figures as neuron_figures
from core.neuron.calculator import MAX_INPUTS, NEURON_ACTIVATIONS, NeuronConfig, NeuronOutput, latex

X0 = (1.0, 0.5, -1.5, 2.0, -0.5)  # starting inputs, weights and bias of the calculator
W0 = (0.8, -0.4, 0.3, 0.5, -0.6)


def controls() -> NeuronConfig:
    c1, c2, c3, c4 = st.columns(4)
    n = ui.bound(c1.slider, "Inputs", 2, MAX_INPUTS, 3, key="neuron_n")
    act = ui.bound(c2.selectbox, "Activation f", NEURON_ACTIVATIONS, format_func=lambda k: activations.get(k).label,
                   key="neuron_act")
    slope = ui.bound(c3.slider, "Leaky ReLU slope s", 0.0, 0.5, 0.01, 0.01, key="neuron_slope")
    alpha = ui.bound(c4.slider, "ELU α", 0.1, 3.0, 1.0, 0.1, key="neuron_alpha")
    cols = st.columns(MAX_INPUTS + 1)
    xs = [ui.bound(cols[i].slider, f"x{i + 1}", -3.0, 3.0, X0[i], 0.1, key=f"neuron_x{i + 1}")
          for i in range(n)]
    ws = [ui.bound(cols[i].slider, f"w{i + 1}", -3.0, 3.0, W0[i], 0.1, key=f"neuron_w{i + 1}")
          for i in range(n)]
    b = ui.bound(cols[-1].slider, "bias b", -3.0, 3.0, 0.1, 0.1, key="neuron_b")
    # sliders step in tenths; rounding drops float noise such as 0.30000000000000004 from the formulas
    return NeuronConfig(tuple(round(v, 4) for v in xs), tuple(round(v, 4) for v in ws), round(b, 4), act,
                        round(slope, 4), round(alpha, 4))


def show(cfg: NeuronConfig, out: NeuronOutput) -> None:
    z_line, a_line = latex(cfg, out)
    st.latex(z_line)
    st.latex(a_line)
    ui.chart(neuron_figures.neuron_diagram(cfg, out), key="neuron_diagram")
    st.caption("Look at the edges: a positive weight is blue and solid, a negative one orange and dashed, and the "
               "thicker the edge, the bigger the weight. The bias rides on a constant input 1.")
    st.markdown(f"**Takeaway:** the neuron is a weighted vote, z = {out.z:.4f}, squashed by f into "
                f"a = {out.a:.4f}.")
