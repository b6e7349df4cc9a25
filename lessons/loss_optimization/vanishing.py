"""Vanishing gradients: the learner deepens a fresh network and watches each layer's gradient shrink or grow."""
import pandas as pd
import streamlit as st

import ui
from core.data import Dataset
from core.loss_optimization import figures as loss_figures
from core.loss_optimization.gradient_flow import FlowConfig
from lessons.loss_optimization import cache


def show(data: Dataset) -> None:
    st.markdown("One batch of images through a fresh deep network, and the size of each layer's weight gradient. "
                "Backprop multiplies one factor per layer: a weight matrix and the activation's slope.")
    c1, c2, c3 = st.columns(3)
    depth = ui.bound(c1.slider, "Hidden layers", 2, 20, 10, key="loss_depth")
    width = ui.bound(c2.select_slider, "Neurons per layer", [16, 32, 64, 128], 64, key="loss_width")
    scale = ui.bound(c3.select_slider, "Weight scale (× the initialisation)", [0.5, 1.0, 1.5, 2.0], 1.0,
                     key="loss_scale")
    batch = data.subset(256, seed=0)
    flows = cache.gradient_flow(FlowConfig(depth, width, scale), data.name, batch.train_x.cpu(),
                                     batch.train_y.cpu())
    st.plotly_chart(loss_figures.gradient_flow(flows), key="loss_flow_chart")
    st.dataframe(pd.DataFrame({"activation": [f.activation for f in flows], "initialisation": [f.init for f in flows],
                               "first layer ‖∂L/∂W‖": [f"{f.norms[0]:.2e}" for f in flows],
                               "last layer ‖∂L/∂W‖": [f"{f.norms[-1]:.2e}" for f in flows],
                               "first ÷ last": [f"{f.first_to_last:.1e}" for f in flows]}), hide_index=True)
    st.latex(r"\frac{\partial L}{\partial h_1} = \Big(\prod_{k=2}^{L} W_k^\top\, \operatorname{diag}\sigma'(z_k)\Big)"
             r"\frac{\partial L}{\partial h_L}, \qquad \sigma'_{\text{sigmoid}}(z) \le \tfrac14")
    st.markdown("**Takeaway:** sigmoid layers shrink the gradient by ¼ or more each, so early layers stop learning; "
                "ReLU with He initialisation keeps it steady, and weights a little too large make it explode.")
