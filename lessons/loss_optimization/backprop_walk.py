"""Backprop step by step: the learner walks a 2-2-1 network's backward pass, every number checked by autograd."""
import streamlit as st

import ui
from core.loss_optimization import backprop
from core.loss_optimization import figures as loss_figures


def show() -> None:
    st.markdown("A 2-2-1 network with sigmoid units and one XOR sample. Backpropagation starts at the loss and "
                "works back one variable at a time; each gradient is the one after it times a local derivative.")
    c1, c2, c3 = st.columns(3)
    samples = {"x = (0, 0), y = 0": ((0.0, 0.0), 0.0), "x = (0, 1), y = 1": ((0.0, 1.0), 1.0),
               "x = (1, 0), y = 1": ((1.0, 0.0), 1.0), "x = (1, 1), y = 0": ((1.0, 1.0), 0.0)}
    sample = ui.bound(c1.selectbox, "XOR sample", list(samples), 2, key="loss_sample")
    loss_name = ui.bound(c2.radio, "Loss", ["bce", "mse"], key="loss_bp_loss", horizontal=True,
                         format_func=lambda v: {"bce": "cross-entropy", "mse": "squared error"}[v])
    lr = ui.bound(c3.select_slider, "Learning rate η", [0.1, 0.5, 1.0, 2.0, 5.0, 20.0], 0.5, key="loss_bp_lr")
    d = backprop.NetConfig()
    with st.expander("Set the weights", icon=":material/tune:"):
        names = [("W₁ row 1, w₁₁", "loss_w11", d.w1[0]), ("W₁ row 1, w₁₂", "loss_w12", d.w1[1]),
                 ("W₁ row 2, w₂₁", "loss_w21", d.w1[2]), ("W₁ row 2, w₂₂", "loss_w22", d.w1[3]),
                 ("b₁ (first)", "loss_b11", d.b1[0]), ("b₁ (second)", "loss_b12", d.b1[1]),
                 ("W₂, first", "loss_v1", d.w2[0]), ("W₂, second", "loss_v2", d.w2[1]), ("b₂", "loss_b2", d.b2)]
        cols = st.columns(3)
        w = [ui.bound(cols[i % 3].number_input, label, -5.0, 5.0, value, 0.1, key=key)
             for i, (label, key, value) in enumerate(names)]
    x, y = samples[sample]
    walk = backprop.walk(backprop.NetConfig(x, y, tuple(w[:4]), tuple(w[4:6]), tuple(w[6:8]), w[8], loss_name, lr))
    pos = st.session_state.setdefault("backprop_walk", backprop.WalkPosition())
    last = len(walk.steps) - 1
    pos.step = min(pos.step, last)

    def move(by: int):
        pos.step = max(0, min(last, pos.step + by))

    nav = st.container(horizontal=True)
    nav.button("Back", key="loss_back", icon=":material/arrow_back:", on_click=move, args=(-1,), disabled=pos.step == 0)
    nav.button("Next", key="loss_next", icon=":material/arrow_forward:", type="primary", on_click=move, args=(1,),
               disabled=pos.step == last)
    nav.button("Start over", key="loss_restart", icon=":material/restart_alt:", on_click=move, args=(-last,))
    step = walk.steps[pos.step]
    st.progress((pos.step + 1) / (last + 1), text=f"Step {pos.step + 1} of {last + 1}: {step.title}")
    ui.chart(loss_figures.network_diagram(walk, pos.step), key="loss_diagram")
    st.caption("A weight is blue when positive and orange when negative. The step's own edges and nodes are drawn "
               "thick and dark; every gradient found so far stays on the diagram as ∂L/∂….")
    st.latex(step.formula)
    st.latex(step.numbers)
    if step.autograd is not None:
        if step.error <= 1e-6:
            st.success(f"{step.title} matches autograd (largest difference {step.error:.1e}).", icon=":material/check:")
        else:
            st.error(f"{step.title} does not match autograd: off by {step.error:.2e}.", icon=":material/error:")
    if step.key == "update":
        before, after = step.value
        st.metric("Loss after one step", f"{after:.4f}", f"{after - before:+.4f}", delta_color="inverse")
        if after < before:
            st.success(f"The loss went down from {before:.4f} to {after:.4f}.", icon=":material/trending_down:")
        else:
            st.warning(f"The loss went up ({before:.4f} → {after:.4f}): η = {lr:g} overshoots. Try a smaller one.",
                       icon=":material/trending_up:")
    st.markdown("**Takeaway:** backprop is the chain rule applied from the loss backwards, reusing each gradient "
                "for the layer before; autograd does exactly this for you.")
