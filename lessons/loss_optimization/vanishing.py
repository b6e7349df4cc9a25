"""Vanishing gradients: the learner deepens a fresh network and watches each layer's gradient shrink or grow."""
import numpy as np
import pandas as pd
import streamlit as st

import ui
from core.data import Dataset
from core.loss_optimization import training_figures as figures
from core.loss_optimization.gradient_flow import FlowConfig
from lessons.loss_optimization import cache


def _span(values: np.ndarray) -> str:
    """Median of the seeds with their range, in scientific notation."""
    return f"{np.median(values):.1e} ({values.min():.0e}–{values.max():.0e})"


def show(data: Dataset) -> None:
    st.markdown("One batch of images through a fresh deep network, and the size of each layer's weight gradient. "
                "Backprop multiplies one factor per layer: a weight matrix and the activation's slope.")
    c1, c2, c3 = st.columns(3)
    depth = ui.bound(c1.slider, "Hidden layers", 2, 20, 10, key="loss_depth")
    width = ui.bound(c2.select_slider, "Neurons per layer", [16, 32, 64, 128], 64, key="loss_width")
    scale = ui.bound(c3.select_slider, "Weight scale (× the initialisation)", [0.5, 1.0, 1.5, 2.0], 1.0,
                     key="loss_scale")
    flows = cache.gradient_flow(FlowConfig(depth, width, scale), data.name, *cache.flow_batch(data))
    ui.chart(figures.gradient_flow(flows), key="loss_flow_chart")
    seeds = flows[0].norms.shape[0]
    st.caption(f"Look at the left end of each line: the gradient the first layer gets. The y-axis is logarithmic "
               f"(powers of ten), so a straight slope down to the left means the same shrinking factor at every "
               f"layer. Each point is the median of {seeds} freshly drawn networks; the bars span them.")
    st.dataframe(pd.DataFrame({"activation": [f.activation for f in flows], "initialisation": [f.init for f in flows],
                               "first layer ‖∂L/∂W‖": [_span(f.norms[:, 0]) for f in flows],
                               "last layer ‖∂L/∂W‖": [_span(f.norms[:, -1]) for f in flows],
                               "first ÷ last": [_span(f.first_to_last) for f in flows]}), hide_index=True)
    st.latex(r"\frac{\partial L}{\partial h_1} = \Big(\prod_{k=2}^{L} W_k^\top\, \operatorname{diag}\sigma'(z_k)\Big)"
             r"\frac{\partial L}{\partial h_L}, \qquad \sigma'_{\text{sigmoid}}(z) \le \tfrac14")
    reference = flows if scale == 1 else cache.gradient_flow(FlowConfig(depth, width, 1.0), data.name,
                                                             *cache.flow_batch(data))
    st.markdown(f"**Takeaway:** {_takeaway(flows, reference, depth, scale)}")


def _takeaway(flows, reference, depth: int, scale: float) -> str:
    """Written from the table: sigmoid (PyTorch's default init) against ReLU with He initialisation, and
    ReLU + He's first layer against the same network at weight scale 1 (`reference`)."""
    ratio = {(f.activation, f.init): f.first_to_last for f in flows}
    sig, relu = ratio[("sigmoid", "default")], ratio[("relu", "he")]
    if np.max(sig) < np.min(relu):
        told = (f"through {depth} sigmoid layers the first layer's gradient was {np.median(sig):.0e} of the last "
                f"one's, so early layers barely learn; with ReLU and He initialisation it was "
                f"{np.median(relu):.2g}×" + (", about level" if 0.1 < np.median(relu) < 10 else ""))
    else:
        told = (f"at this depth sigmoid's first ÷ last ({np.median(sig):.2g}) and ReLU + He's "
                f"({np.median(relu):.2g}) overlap across seeds: inside the noise. Add layers to see it vanish")
    if scale != 1:
        now = next(f for f in flows if (f.activation, f.init) == ("relu", "he")).norms[:, 0]
        before = next(f for f in reference if (f.activation, f.init) == ("relu", "he")).norms[:, 0]
        change = np.median(now / before)
        told += (f". With weights ×{scale:g}, ReLU + He's first-layer gradient was {change:.0e}× its size at ×1: "
                 + ("exploding" if change > 10 else "vanishing" if change < 0.1 else "about the same"))
    return told + "."
