"""Loss & optimization: loss functions, gradient descent and its variants, batch sizes, backprop step by step."""
import pandas as pd
import streamlit as st

import ui
from core import backprop, cache, loss_figures, losses, optim_figures, optimizers
from core.batching import BatchConfig
from core.gradient_flow import FlowConfig

st.title("Loss & optimization")
st.markdown(
    "Training is a loop: the **loss** scores how wrong the network is, **backpropagation** finds which way "
    "each weight should move to lower it, and an **optimizer** takes the step. This page takes the loop apart: "
    "pick a loss and see its slope, race optimizers across loss surfaces, compare batch sizes on real digits, "
    "step through backprop with every number shown, and watch gradients vanish in a deep network."
)


def loss_explorer():
    st.markdown("A loss turns one prediction ŷ and its target y into a number to minimise; its **gradient** "
                "∂L/∂ŷ is the push gradient descent gives the prediction.")
    name = st.segmented_control("Loss", list(losses.LOSSES), default="mse", required=True, key="loss_fn",
                                format_func=losses.LOSSES.get, bind="query-params")
    c1, c2, c3 = st.columns(3)
    if name in losses.PROBABILISTIC:
        target = 1.0 if name == "cce" else float(c1.radio("True label y", [1, 0], key="loss_label",
                                                            horizontal=True, bind="query-params"))
        pred = c2.slider("Predicted probability ŷ" + (" of the true class" if name == "cce" else ""),
                         0.01, 0.99, 0.2, 0.01, key="loss_prob", bind="query-params")
    else:
        target = c1.slider("Target y", -2.0, 2.0, 1.0, 0.1, key="loss_target", bind="query-params")
        pred = c2.slider("Prediction ŷ", -4.0, 4.0, 2.5, 0.1, key="loss_pred", bind="query-params")
    delta = 1.0
    if name == "huber":
        delta = c3.select_slider("Huber δ", [0.25, 0.5, 1.0, 2.0], 1.0, key="loss_delta", bind="query-params")
    point = losses.explain(name, pred, target, delta)
    st.plotly_chart(loss_figures.loss_curve(name, target, pred, delta), key="loss_curve_chart")
    st.latex(point.formula)
    st.latex(point.grad_formula)
    if abs(point.loss - point.torch_loss) <= 1e-6 * max(1.0, abs(point.loss)):
        st.success(f"`torch.nn.functional` gives {point.torch_loss:.6f} too: matches.", icon=":material/check:")
    else:
        st.error(f"`torch.nn.functional` gives {point.torch_loss:.6f}: it does not match.", icon=":material/error:")

    st.subheader("An outlier: MSE chases it, MAE shrugs")
    outlier = st.slider("Push the last point up by", 0.0, 30.0, 15.0, 1.0, key="loss_outlier", bind="query-params")
    fit, clean = losses.fit_with_outlier(outlier), losses.fit_with_outlier(0.0)
    st.plotly_chart(loss_figures.outlier_fit(fit), key="loss_outlier_chart")
    st.caption(f"Slope of the fitted line without the outlier → with it: MSE {clean.mse_line[0]:.2f} → "
               f"{fit.mse_line[0]:.2f}, MAE {clean.mae_line[0]:.2f} → {fit.mae_line[0]:.2f}. Squaring makes one big "
               "error outweigh many small ones; the absolute value counts every error at its size.")

    st.subheader("After a sigmoid: why classifiers use cross-entropy")
    z = st.slider("Logit z (the true label is 1, so negative z is confidently wrong)", -10.0, 10.0, -6.0, 0.5,
                  key="loss_logit", bind="query-params")
    mse_grad, bce_grad = (float(g) for g in losses.logit_gradients(z, 1.0))
    m1, m2 = st.columns(2)
    m1.metric("|∂L/∂z| with BCE", f"{abs(bce_grad):.4f}")
    m2.metric("|∂L/∂z| with MSE", f"{abs(mse_grad):.4f}")
    st.plotly_chart(loss_figures.saturation(1.0, z), key="loss_saturation_chart")
    st.latex(r"\text{BCE: } \frac{\partial L}{\partial z} = \hat y - y \qquad "
             r"\text{MSE: } \frac{\partial L}{\partial z} = 2(\hat y - y)\,\hat y(1-\hat y)")
    st.markdown("**Takeaway:** MSE's extra factor ŷ(1 − ŷ) is almost 0 when the sigmoid saturates, so a confidently "
                "wrong prediction barely learns; cross-entropy cancels it and pushes hardest exactly then.")


def set_lrs(surface: str, scale: float):
    for opt, lr in optimizers.default_lrs(surface, scale).items():
        st.session_state[f"loss_lr_{surface}_{opt}"] = lr


def optimizer_race():
    st.markdown("Every racer is a real `torch.optim` optimizer moving one tensor θ = (x, y) downhill from the same "
                "start, with the same budget of steps. Momentum remembers past gradients; RMSprop and Adam divide "
                "each coordinate's step by the size of its recent gradients.")
    c1, c2, c3 = st.columns(3)
    surface = c1.selectbox("Surface", list(optimizers.SURFACES), 1, key="loss_surface", bind="query-params",
                           format_func=lambda s: optimizers.SURFACES[s].title)
    s = optimizers.SURFACES[surface]
    steps = c2.slider("Steps (the budget)", 10, 500, 200, 10, key="loss_steps", bind="query-params")
    beta = c3.slider("Momentum β", 0.0, 0.99, 0.9, 0.01, key="loss_beta", bind="query-params")
    x0, x1, y0, y1 = s.box
    sx = c1.slider("Start x", float(x0), float(x1), float(s.start[0]), 0.05, key=f"loss_x0_{surface}",
                   bind="query-params")
    sy = c2.slider("Start y", float(y0), float(y1), float(s.start[1]), 0.01, key=f"loss_y0_{surface}",
                   bind="query-params")
    racers = st.pills("Racers", optimizers.OPTIMIZERS, selection_mode="multi", default=list(optimizers.OPTIMIZERS),
                      key="loss_racers", bind="query-params") or ["SGD"]
    presets = st.container(horizontal=True)
    for label, scale in (("Too small", 0.05), ("About right", 1.0), ("Too large", 10.0)):
        presets.button(f"Learning rates: {label.lower()}", key=f"loss_preset_{scale:g}", on_click=set_lrs,
                       args=(surface, scale), icon=":material/tune:", help="Set every learning rate for this surface")
    defaults = optimizers.default_lrs(surface)
    lr_cols = st.columns(len(optimizers.OPTIMIZERS))
    lrs = {opt: col.select_slider(f"{opt} lr", optimizers.LR_GRID, defaults[opt], format_func=lambda v: f"{v:g}",
                                  key=f"loss_lr_{surface}_{opt}", bind="query-params")
           for opt, col in zip(optimizers.OPTIMIZERS, lr_cols, strict=True)}
    cfg = optimizers.RaceConfig(surface, (sx, sy), tuple((o, lrs[o]) for o in optimizers.OPTIMIZERS if o in racers),
                                steps, beta)
    result = cache.loss_race(cfg)
    st.latex(s.formula)
    left, right = st.columns([3, 2])
    left.plotly_chart(optim_figures.race_paths(result), key="loss_race_paths")
    right.plotly_chart(optim_figures.race_losses(result), key="loss_race_losses")
    st.markdown("**Step counter:** the step from which each racer stays at a minimum")
    counter = st.columns(len(result.racers))
    for col, r in zip(counter, result.racers, strict=True):
        value = {"reached": f"step {r.step}", "diverged": "diverged"}.get(r.status, f"not in {steps}")
        col.metric(r.name, value, help=r.message)
    for r in result.racers:
        if r.status == "diverged":
            st.error(r.message, icon=":material/trending_up:")
        elif r.status in ("bouncing", "stuck"):
            st.warning(r.message, icon=":material/swap_vert:")
        elif r.status == "crawling":
            st.info(r.message, icon=":material/hourglass_top:")
    if s.critical_lr:
        st.latex(rf"\text{{Plain SGD on this quadratic: stable only for }}\ \eta < \frac{{2}}{{\lambda_{{max}}}} = "
                 rf"\frac{{2}}{{{max(s.hessian_eigs):g}}} = {s.critical_lr:g}")
    with st.expander("The update rules", icon=":material/functions:"):
        st.latex(r"\text{SGD: } \theta \leftarrow \theta - \eta g \qquad "
                 r"\text{Momentum: } v \leftarrow \beta v + g,\ \theta \leftarrow \theta - \eta v")
        st.latex(r"\text{Adam: } m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ "
                 r"\theta \leftarrow \theta - \eta \frac{\hat m}{\sqrt{\hat v} + \epsilon}")
    st.markdown(f"**Takeaway:** {s.lesson}")


def batch_sizes(data):
    st.markdown(f"Softmax regression on a subset of **{data.name}**, trained with plain SGD at one learning rate. "
                "Only the batch size changes: all N images per update (batch), one (stochastic), or a few dozen "
                "(mini-batch).")
    c1, c2, c3, c4 = st.columns(4)
    n = c1.select_slider("Training images", [200, 500, 1000, 2000], 1000, key="loss_images", bind="query-params")
    epochs = c2.slider("Epochs", 1, 3, 2, key="loss_epochs", bind="query-params")
    lr = c3.select_slider("Learning rate", [0.001, 0.003, 0.01, 0.03, 0.1], 0.01, key="loss_batch_lr",
                          bind="query-params")
    mini = c4.select_slider("Mini-batch size", [32, 64, 128], 64, key="loss_mini", bind="query-params")
    sub = data.subset(n, seed=0)
    runs = cache.loss_batching(BatchConfig(n, epochs, lr, mini), data.name, sub.train_x.cpu(), sub.train_y.cpu())
    st.plotly_chart(optim_figures.batch_curves(runs), key="loss_batch_chart")
    st.caption("Wall times are measured live on this server, which other visitors share: on a busy machine "
               "they vary from run to run, and the ratios matter more than the seconds.")
    st.dataframe(pd.DataFrame({
        "batch size": [r.label for r in runs],
        "updates per epoch": [r.updates_per_epoch for r in runs],
        "wall time (s)": [round(r.seconds, 3) for r in runs],
        "loss noise (RMS gap to the full loss)": [round(r.noise, 4) for r in runs],
        "training loss at the end": [round(r.final_loss, 4) for r in runs],
    }), hide_index=True)
    st.latex(r"\nabla_\theta \mathcal{L}_B = \frac{1}{|B|}\sum_{i \in B} \nabla_\theta \ell_i"
             r"\qquad \text{noise} \propto \frac{1}{\sqrt{|B|}}")
    st.markdown("**Takeaway:** per epoch, small batches take many noisy steps and full batches one exact step; "
                "mini-batches get most of both, and vectorised hardware makes each step nearly as cheap as one image.")


def backprop_walk():
    st.markdown("A 2-2-1 network with sigmoid units and one XOR sample. Backpropagation starts at the loss and "
                "works back one variable at a time; each gradient is the one after it times a local derivative.")
    c1, c2, c3 = st.columns(3)
    samples = {"x = (0, 0), y = 0": ((0.0, 0.0), 0.0), "x = (0, 1), y = 1": ((0.0, 1.0), 1.0),
               "x = (1, 0), y = 1": ((1.0, 0.0), 1.0), "x = (1, 1), y = 0": ((1.0, 1.0), 0.0)}
    sample = c1.selectbox("XOR sample", list(samples), 2, key="loss_sample", bind="query-params")
    loss_name = c2.radio("Loss", ["bce", "mse"], key="loss_bp_loss", horizontal=True, bind="query-params",
                         format_func=lambda v: {"bce": "cross-entropy", "mse": "squared error"}[v])
    lr = c3.select_slider("Learning rate η", [0.1, 0.5, 1.0, 2.0, 5.0, 20.0], 0.5, key="loss_bp_lr",
                          bind="query-params")
    d = backprop.NetConfig()
    with st.expander("Set the weights", icon=":material/tune:"):
        names = [("W₁ row 1, w₁₁", "loss_w11", d.w1[0]), ("W₁ row 1, w₁₂", "loss_w12", d.w1[1]),
                 ("W₁ row 2, w₂₁", "loss_w21", d.w1[2]), ("W₁ row 2, w₂₂", "loss_w22", d.w1[3]),
                 ("b₁ (first)", "loss_b11", d.b1[0]), ("b₁ (second)", "loss_b12", d.b1[1]),
                 ("W₂, first", "loss_v1", d.w2[0]), ("W₂, second", "loss_v2", d.w2[1]), ("b₂", "loss_b2", d.b2)]
        cols = st.columns(3)
        w = [cols[i % 3].number_input(label, -5.0, 5.0, value, 0.1, key=key, bind="query-params")
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
    st.plotly_chart(loss_figures.network_diagram(walk, pos.step), key="loss_diagram")
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


def vanishing(data):
    st.markdown("One batch of images through a fresh deep network, and the size of each layer's weight gradient. "
                "Backprop multiplies one factor per layer: a weight matrix and the activation's slope.")
    c1, c2, c3 = st.columns(3)
    depth = c1.slider("Hidden layers", 2, 20, 10, key="loss_depth", bind="query-params")
    width = c2.select_slider("Neurons per layer", [16, 32, 64, 128], 64, key="loss_width", bind="query-params")
    scale = c3.select_slider("Weight scale (× the initialisation)", [0.5, 1.0, 1.5, 2.0], 1.0, key="loss_scale",
                             bind="query-params")
    batch = data.subset(256, seed=0)
    flows = cache.loss_gradient_flow(FlowConfig(depth, width, scale), data.name, batch.train_x.cpu(),
                                     batch.train_y.cpu())
    st.plotly_chart(optim_figures.gradient_flow(flows), key="loss_flow_chart")
    st.dataframe(pd.DataFrame({"activation": [f.activation for f in flows], "initialisation": [f.init for f in flows],
                               "first layer ‖∂L/∂W‖": [f"{f.norms[0]:.2e}" for f in flows],
                               "last layer ‖∂L/∂W‖": [f"{f.norms[-1]:.2e}" for f in flows],
                               "first ÷ last": [f"{f.first_to_last:.1e}" for f in flows]}), hide_index=True)
    st.latex(r"\frac{\partial L}{\partial h_1} = \Big(\prod_{k=2}^{L} W_k^\top\, \operatorname{diag}\sigma'(z_k)\Big)"
             r"\frac{\partial L}{\partial h_L}, \qquad \sigma'_{\text{sigmoid}}(z) \le \tfrac14")
    st.markdown("**Takeaway:** sigmoid layers shrink the gradient by ¼ or more each, so early layers stop learning; "
                "ReLU with He initialisation keeps it steady, and weights a little too large make it explode.")


with ui.shared_settings("loss_"):
    tabs = st.tabs(["Loss functions", "Gradient descent race", "Batch size", "Backprop step by step",
                    "Vanishing gradients"], key="loss_tab", bind="query-params")
    with tabs[0]:
        loss_explorer()
    with tabs[1]:
        optimizer_race()
    with tabs[3]:
        backprop_walk()
    digits = ui.digits(cache.device().kind)
    with tabs[2]:
        batch_sizes(digits)
    with tabs[4]:
        vanishing(digits)
