"""Why non-linearity: the learner multiplies two linear layers out into one, then sees ReLU break that."""
import numpy as np
import streamlit as st

import ui
from core.neuron import challenges as neuron_challenges
from core.neuron import figures as neuron_figures
from core.neuron import layers as neuron_layers
from core.neuron.calculator import NeuronConfig
from ui import challenges


def controls() -> int:
    return ui.bound(st.slider, "Seed for the layers' weights", 0, 100, 0, key="neuron_seed")


def show(cfg: NeuronConfig, seed: int) -> None:
    n = len(cfg.x)
    layers = neuron_layers.random_layers(n, int(seed))
    x = np.array(cfg.x)
    res = neuron_layers.collapse(layers, x)
    challenges.record("neuron", "layers", neuron_challenges.collapse_result(res))
    m = neuron_layers.bmatrix
    st.markdown(f"Two layers, {n} inputs → {neuron_layers.HIDDEN} hidden → {neuron_layers.OUTPUTS} outputs, "
                "fed the calculator's inputs x. Without an activation between them, multiply the matrices out:")
    product = (rf"W_2 W_1 = {m(layers.W)}" if n <= 3 else
               rf"\begin{{aligned}}&W_2 W_1 = \\ &{m(layers.W)}\end{{aligned}}")
    pairs = ((rf"W_1 = {m(layers.W1, 1)}", rf"b_1 = {m(layers.b1, 1)}"),
             (rf"W_2 = {m(layers.W2, 1)}", rf"b_2 = {m(layers.b2, 1)}"),
             (product, rf"W_2 b_1 + b_2 = {m(layers.b)}"),  # 4 or 5 inputs: the wide product under its name
             (rf"W_2(W_1 x + b_1) + b_2 = {m(res.stacked, 4)}", rf"(W_2W_1)\,x + (W_2 b_1 + b_2) = {m(res.single, 4)}"))
    for left, right in pairs:  # side by side on a wide screen, one under the other on a phone
        c1, c2 = st.columns(2)
        c1.latex(left)
        c2.latex(right)
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
    switched = int(np.sum(res.hidden <= 0))
    ui.chart(neuron_figures.collapse_figure(*neuron_layers.along_input(layers, x), at=x[0],
                                            input_name="x1 (others fixed)"), key="neuron_collapse",
             caption=f"Each output as x1 moves, the other inputs fixed. The dotted single layer lies exactly on the "
                     f"thick blue linear stack (they differ by at most {res.linear_gap:.1e}: the stack *is* one "
                     f"matrix). The orange ReLU stack bends where a hidden unit switches on or off; at the "
                     f"calculator's x (the grey line) {switched} of {neuron_layers.HIDDEN} hidden units are switched "
                     f"off and it is {res.relu_gap:.3f} away.",
             table=neuron_figures.collapse_table(res))
    st.markdown("**Takeaway:** a stack of linear layers is one linear layer in disguise; the activation "
                "between layers is what makes depth add power.")
