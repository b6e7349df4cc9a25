"""Fitting: the learner watches networks too small, right and too large under- and overfit; bias against variance."""
import streamlit as st

import ui
from core.data import Dataset
from core.data_splits import figures as dfig
from core.data_splits.fitting import BiasVarianceConfig, FittingConfig, learning_curves
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button


def show(lab: DataLab, data: Dataset, device_kind: str, hosted: bool) -> None:
    st.markdown("Three MLPs learn from the same small training set: one too small (2 hidden units), one about "
                "right (32), one too large (two layers of 256). Training loss always falls; the validation loss "
                "tells the regimes apart. The star marks where **early stopping** would keep the weights.")
    left, right = st.columns(2)
    n = ui.bound(left.select_slider, "Training images", [500, 1000, 2000] + ([] if hosted else [5000]), 1000,
                 key="data_fit_n")
    epochs = ui.bound(right.slider, "Epochs", 5, 30 if hosted else 50, 20, key="data_fit_epochs")
    cfg = FittingConfig(n, epochs)
    if run_button(lab, "fitting", cfg, "Train the three sizes"):
        with ui.progress("Training…") as move:
            runs = learning_curves(cfg, lambda name: cache.learning_curve(cfg, name, device_kind, data.name), move)
        st.plotly_chart(dfig.learning_curves(runs), key="data_fit_curves")
        for r in runs:
            st.markdown(f"**{r.name}** ({'-'.join(map(str, (data.side ** 2, *r.hidden, 10)))}, "
                        f"{r.parameters:,} parameters): **{r.regime.name}**: {r.regime.reason}. "
                        f"Early stopping: epoch {r.regime.best_epoch}.")
    st.subheader("Bias and variance over capacity")
    st.markdown("Bias and variance need many training sets: 20 small noisy samples of one curve, a tanh network "
                "of each width fitted to each. **Bias²**: how far the average fit is from the truth. "
                "**Variance**: how much the fits disagree with each other.")
    bcol, vcol = st.columns(2)
    noise = ui.bound(bcol.slider, "Label noise", 0.0, 1.0, 0.3, 0.1, key="data_bv_noise")
    points = ui.bound(vcol.slider, "Points per training set", 10, 60, 20, 5, key="data_bv_points")
    bv_cfg = BiasVarianceConfig(noise=noise, n_points=points)
    if run_button(lab, "bias_variance", bv_cfg, "Fit the networks"):
        with ui.progress("Training all the networks at once…") as move:
            bv = cache.bias_variance(bv_cfg, on_progress=move)
        st.plotly_chart(dfig.bias_variance_chart(bv), key="data_bv_chart")
        st.plotly_chart(dfig.fitted_curves(bv, [bv.widths[0], bv.best_width, bv.widths[-1]]), key="data_bv_fits")
    st.latex(r"\mathbb{E}\big[(y - \hat f(x))^2\big] = \text{bias}^2 + \text{variance} + \sigma^2")
    st.markdown("**Takeaway:** too little capacity underfits (high bias), too much overfits (high variance); "
                "validation loss finds the middle, and early stopping rescues a large model.")
