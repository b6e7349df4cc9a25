"""Fitting: the learner watches networks too small, right and too large under- and overfit; bias against variance."""
import numpy as np
import streamlit as st

import ui
from core.data import Dataset
from core.data_splits import figures_fitting as ffig
from core.data_splits.fitting import BiasVarianceConfig, FittingConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button

DEFAULT, BV_DEFAULT = FittingConfig(), BiasVarianceConfig()


def show(lab: DataLab, data: Dataset, device_kind: str, hosted: bool) -> None:
    st.markdown("Three MLPs learn from the same small training set: one too small (2 hidden units), one about "
                "right (32), one too large (two layers of 256). Training loss always falls; the validation loss "
                "tells the regimes apart. The star marks where **early stopping** would keep the weights.")
    left, right = st.columns(2)
    n = ui.bound(left.select_slider, "Training images", [500, 1000, 2000] + ([] if hosted else [5000]),
                 DEFAULT.n_train, key="data_fit_n")
    epochs = ui.bound(right.slider, "Epochs", 5, 30 if hosted else 50, DEFAULT.epochs, key="data_fit_epochs")
    seeds = ui.bound(left.slider, "Seeds", 1, 3 if hosted else 5, DEFAULT.seeds, key="data_fit_seeds")
    cfg = FittingConfig(n, epochs, seeds=seeds)
    shown = run_button(lab, "fitting", cfg, DEFAULT, "Train the three sizes")
    with ui.progress("Training…") as move:
        result = cache.learning_curves(shown.cfg, device_kind, data.name, on_progress=move)
    ui.chart(ffig.learning_curves(result), key="data_fit_curves")
    st.caption(f"Teal, solid: training loss; purple, dashed: validation loss. Faint: each of {shown.cfg.seeds} "
               "seed(s); bold: their mean. Look at where the two bold lines part: the gap is what memorising costs.")
    shown.note()
    for name, runs in result.runs.items():
        regime, count = result.regime(name)
        stops = result.best_epochs(name)
        r = next(r for r in runs if r.regime.name == regime)
        st.markdown(f"**{name}** ({'-'.join(map(str, (data.side ** 2, *r.hidden, 10)))}, "
                    f"{r.parameters:,} parameters): **{regime}** on {count} of {len(runs)} seed(s); on seed "
                    f"{runs.index(r) + shown.cfg.seed}, {r.regime.reason}. Early stopping: epoch "
                    f"{', '.join(map(str, stops))} (best validation loss "
                    f"{np.mean([x.regime.best_val_loss for x in runs]):.3f} on average).")
    st.subheader("Bias and variance over capacity")
    st.markdown("Bias and variance need many training sets: 20 small noisy samples of one curve, a tanh network "
                "of each width fitted to each. **Bias²**: how far the average fit is from the truth. "
                "**Variance**: how much the fits disagree with each other.")
    bcol, vcol = st.columns(2)
    noise = ui.bound(bcol.slider, "Label noise", 0.0, 1.0, BV_DEFAULT.noise, 0.1, key="data_bv_noise")
    points = ui.bound(vcol.slider, "Points per training set", 10, 60, BV_DEFAULT.n_points, 5, key="data_bv_points")
    bv_cfg = BiasVarianceConfig(noise=noise, n_points=points)
    bv_shown = run_button(lab, "bias_variance", bv_cfg, BV_DEFAULT, "Fit the networks")
    with ui.progress("Training all the networks at once…") as move:
        bv = cache.bias_variance(bv_shown.cfg, on_progress=move)
    ui.chart(ffig.bias_variance_chart(bv), key="data_bv_chart")
    ui.chart(ffig.fitted_curves(bv, [bv.widths[0], bv.best_width, bv.widths[-1]]), key="data_bv_fits")
    st.caption("Top: blue, long dashes: bias²; orange, dash-dots: variance; dark, dotted: their sum plus noise², "
               "the expected test error; teal: the error on the training points. Bottom: each training set's fit "
               "(blue, faint) against the true curve (grey, dashed).")
    bv_shown.note()
    st.markdown(bv_takeaway(bv))
    st.latex(r"\mathbb{E}\big[(y - \hat f(x))^2\big] = \text{bias}^2 + \text{variance} + \sigma^2")
    st.markdown("**Takeaway:** too little capacity underfits (high bias), too much overfits (high variance); "
                "validation loss finds the middle, and early stopping rescues a large model.")


def bv_takeaway(bv) -> str:
    """The U on screen in numbers: where bias² falls, where variance climbs, and where their sum is lowest."""
    i = bv.widths.index(bv.best_width)
    return (f"From {bv.widths[0]} to {bv.best_width} hidden units bias² falls from {bv.bias2[0]:.3f} to "
            f"{bv.bias2[i]:.3f}; from {bv.best_width} to {bv.widths[-1]} variance goes from {bv.variance[i]:.3f} "
            f"to {bv.variance[-1]:.3f}. The expected test error is lowest at **{bv.best_width} units** "
            f"({bv.test_mse[i]:.3f}), against {bv.test_mse[0]:.3f} at {bv.widths[0]} and {bv.test_mse[-1]:.3f} "
            f"at {bv.widths[-1]}, measured over {len(bv.predictions[0])} training sets; {bv.noise ** 2:.3f} of every "
            "error is label noise that no model can remove.")
