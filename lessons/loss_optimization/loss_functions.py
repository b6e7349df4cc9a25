"""Loss functions: the learner picks a loss, moves a prediction, and sees its value, slope and pitfalls."""
import streamlit as st

import ui
from core.loss_optimization import figures as loss_figures
from core.loss_optimization import losses


def show() -> None:
    st.markdown("A loss turns one prediction ŷ and its target y into a number to minimise; its **gradient** "
                "∂L/∂ŷ is the push gradient descent gives the prediction.")
    name = ui.bound(st.segmented_control, "Loss", list(losses.LOSSES), default="mse", required=True, key="loss_fn",
                    format_func=losses.LOSSES.get)
    c1, c2, c3 = st.columns(3)
    if name in losses.PROBABILISTIC:
        target = 1.0 if name == "cce" else float(ui.bound(c1.radio, "True label y", [1, 0], key="loss_label",
                                                          horizontal=True))
        pred = ui.bound(c2.slider, "Predicted probability ŷ" + (" of the true class" if name == "cce" else ""),
                        0.01, 0.99, 0.2, 0.01, key="loss_prob")
    else:
        target = ui.bound(c1.slider, "Target y", -2.0, 2.0, 1.0, 0.1, key="loss_target")
        pred = ui.bound(c2.slider, "Prediction ŷ", -4.0, 4.0, 2.5, 0.1, key="loss_pred")
    delta = 1.0
    if name == "huber":
        delta = ui.bound(c3.select_slider, "Huber δ", [0.25, 0.5, 1.0, 2.0], 1.0, key="loss_delta")
    point = losses.explain(name, pred, target, delta)
    ui.chart(loss_figures.loss_curve(name, target, pred, delta), key="loss_curve_chart")
    st.caption("Look at the right panel: the gradient is the push the prediction gets. Its sign says which way, "
               "its size how hard; the dot is your ŷ.")
    st.latex(point.formula)
    st.latex(point.grad_formula)
    if abs(point.loss - point.torch_loss) <= 1e-6 * max(1.0, abs(point.loss)):
        st.success(f"`torch.nn.functional` gives {point.torch_loss:.6f} too: matches.", icon=":material/check:")
    else:
        st.error(f"`torch.nn.functional` gives {point.torch_loss:.6f}: it does not match.", icon=":material/error:")

    st.subheader("An outlier: MSE chases it, MAE shrugs")
    outlier = ui.bound(st.slider, "Push the last point up by", 0.0, 30.0, 15.0, 1.0, key="loss_outlier")
    fit, clean = losses.fit_with_outlier(outlier), losses.fit_with_outlier(0.0)
    ui.chart(loss_figures.outlier_fit(fit), key="loss_outlier_chart")
    st.caption(f"Slope of the fitted line without the outlier → with it: MSE {clean.mse_line[0]:.2f} → "
               f"{fit.mse_line[0]:.2f}, MAE {clean.mae_line[0]:.2f} → {fit.mae_line[0]:.2f}. Squaring makes one big "
               "error outweigh many small ones; the absolute value counts every error at its size.")

    st.subheader("After a sigmoid: why classifiers use cross-entropy")
    z = ui.bound(st.slider, "Logit z (the true label is 1, so negative z is confidently wrong)", -10.0, 10.0, -6.0, 0.5,
                 key="loss_logit")
    mse_grad, bce_grad = (float(g) for g in losses.logit_gradients(z, 1.0))
    m1, m2 = st.columns(2)
    m1.metric("|∂L/∂z| with BCE", f"{abs(bce_grad):.4f}")
    m2.metric("|∂L/∂z| with MSE", f"{abs(mse_grad):.4f}")
    ui.chart(loss_figures.saturation(1.0, z), key="loss_saturation_chart")
    st.latex(r"\text{BCE: } \frac{\partial L}{\partial z} = \hat y - y \qquad "
             r"\text{MSE: } \frac{\partial L}{\partial z} = 2(\hat y - y)\,\hat y(1-\hat y)")
    st.markdown("**Takeaway:** MSE's extra factor ŷ(1 − ŷ) is almost 0 when the sigmoid saturates, so a confidently "
                "wrong prediction barely learns; cross-entropy cancels it and pushes hardest exactly then.")
