"""Why non-linearity: the learner multiplies two linear layers out into one, then sees ReLU break that."""
import numpy as np
import streamlit as st

import ui
from core.neuron import figures as neuron_figures
from core.neuron import layers as neuron_layers
from core.neuron.calculator import NeuronConfig


def controls() -> int:
    return ui.bound(st.slider, "Seed for the layers' weights", 0, 100, 0, key="neuron_seed")


def show(cfg: NeuronConfig, seed: int) -> None:
    n = len(cfg.x)
    layers = neuron_layers.random_layers(n, int(seed))
    x = np.array(cfg.x)
    res = neuron_layers.collapse(layers, x)
    m = neuron_layers.bmatrix
    st.markdown(f"Two layers, {n} inputs → {neuron_layers.HIDDEN} hidden → {neuron_layers.OUTPUTS} outputs, "
                "fed the calculator's inputs x. Without an activation between them, multiply the matrices out:")
    st.latex(rf"W_1 = {m(layers.W1, 1)},\quad b_1 = {m(layers.b1, 1)}")
    st.latex(rf"W_2 = {m(layers.W2, 1)},\quad b_2 = {m(layers.b2, 1)}")
    st.latex(rf"W_2 W_1 = {m(layers.W)},\qquad W_2 b_1 + b_2 = {m(layers.b)}")
    st.latex(rf"W_2(W_1 x + b_1) + b_2 = {m(res.stacked, 4)} \qquad "
             rf"(W_2W_1)\,x + (W_2 b_1 + b_2) = {m(res.single, 4)}")
    st.success(f"Identical: the largest difference is {res.linear_gap:.1e}, float rounding only.",
               icon=":material/check_circle:")
    st.latex(rf"W_2\,\operatorname{{ReLU}}(W_1 x + b_1) + b_2 = {m(res.relu, 4)}")
    if res.relu_gap > 1e-9:
        st.warning(f"With ReLU between the layers the output differs by up to {res.relu_gap:.4f}: "
                   "the collapsed matrix no longer describes the network.", icon=":material/call_split:")
    else:
        st.warning("At this x every hidden unit is positive, so ReLU lets them all through unchanged; "
                   "move x (or the seed) and the two part ways.", icon=":material/call_split:")
    st.caption(f"Over 2,000 random inputs the best single linear layer still misses the ReLU network by "
               f"RMS {res.best_linear_rms:.3f}: no matrix can replace it.")
    ui.chart(neuron_figures.collapse_figure(*neuron_layers.along_input(layers, x), at=x[0],
                                            input_name="x1 (others fixed)"), key="neuron_collapse")
    st.caption("Look for the dotted line: it lies exactly on the thick blue one (the stack *is* one matrix), "
               "while the orange ReLU stack bends where a hidden unit switches on or off.")
    st.markdown("**Takeaway:** a stack of linear layers is one linear layer in disguise; the activation "
                "between layers is what makes depth add power.")
