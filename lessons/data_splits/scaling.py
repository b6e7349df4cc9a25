"""Scaling: the learner trains one network on raw, [0, 1] and standardised pixels and compares convergence."""
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits.scaling import SCALES, NormConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button


def show(lab: DataLab, device_kind: str, hosted: bool) -> None:
    st.markdown("The same network, from the same initial weights and with the same batches, is trained on raw "
                "pixels (0–255), on pixels in [0, 1], and on standardised pixels (mean 0, standard deviation 1, "
                "with statistics of the training images).")
    left, right = st.columns(2)
    n = ui.bound(left.select_slider, "Training images", [500, 1000, 2000] + ([] if hosted else [5000]), 2000,
                 key="data_norm_n")
    epochs = ui.bound(left.slider, "Epochs", 1, 5, 2, key="data_norm_epochs")
    opt = ui.bound(right.selectbox, "Optimizer", ["adam", "sgd"], key="data_norm_opt")
    lr = ui.bound(right.select_slider, "Learning rate", [1e-4, 1e-3, 1e-2, 0.1], 1e-3, key="data_norm_lr")
    cfg = NormConfig(n, epochs, opt, lr)
    st.latex(r"x' = \frac{x - \mu_{train}}{\sigma_{train}}")
    if run_button(lab, "norm", cfg, "Train on the three scales"):
        data = ui.digits(device_kind)
        result = cache.normalization(cfg, device_kind, data.name)
        st.plotly_chart(dfig.scale_curves(result.curves), key="data_norm_curves")
        st.plotly_chart(dfig.value_histograms(result.values), key="data_norm_hist")
        cols = st.columns(len(SCALES))
        for col, scale in zip(cols, SCALES, strict=True):
            c = result.curves[scale]
            settle = result.steps_to_target(scale)
            col.metric(f"{scale}: validation accuracy", f"{c.val_acc[-1]:.1%}" if c.val_acc and not c.diverged
                       else "diverged")
            col.caption(f"mean training loss {result.mean_loss(scale):.3f} · "
                        + (f"below {result.target} from step {settle}" if settle is not None
                           else f"never settles below {result.target}"))
        fastest = min(SCALES, key=result.mean_loss)
        st.markdown(f"Fastest to converge here (lowest mean training loss): **{fastest}**.")
    st.markdown("**Takeaway:** inputs of size 255 make the first layer's outputs huge, so each step overshoots; "
                "standardised inputs let the same learning rate work.")
