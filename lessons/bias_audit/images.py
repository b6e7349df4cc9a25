"""Images: the learner makes one handwriting style rare in training and audits the accuracy gap it causes."""
from dataclasses import replace

import pandas as pd
import streamlit as st

import ui
from core import figures
from core.bias_audit import datasheet
from core.bias_audit import figures as ff
from core.bias_audit.images import SHARES, STYLES, ImageBiasConfig, ImageRuns
from core.device import DeviceInfo
from core.hosting import Limits
from lessons.bias_audit import cache
from lessons.bias_audit.common import download_datasheet


def show(runs: ImageRuns, limits: Limits, device: DeviceInfo) -> None:
    st.markdown(
        "The tutorial warns that *a model trained on non-diverse faces misclassifies under-represented "
        "people*. Try it on handwriting: some training digits are drawn in another **style**, and you "
        "decide how rare that style is. The test set holds every test digit **twice, once in each style**, "
        "so any accuracy gap comes from the style alone.")
    cfg = controls(limits)
    b1, b2, _ = st.columns(3)
    train_one = b1.button("Train and audit", type="primary", icon=":material/play_arrow:", key="bias_train")
    sweep = b2.button("Sweep 50% → 1%", icon=":material/stacked_line_chart:", key="bias_sweep",
                      help=f"Train once at each share ({len(SHARES)} runs) with these settings")
    if train_one or sweep:
        data = ui.digits(device.kind)
        train(runs, [cfg] if train_one else [replace(cfg, share=s) for s in SHARES], data)
        if sweep:  # show the run matching the slider (cached by now), not the last of the sweep
            runs.latest = cache.image_audit(cfg, data.name, data.train_x.device.type, data)
    if runs.latest is None:
        st.info("Pick a style and how rare it is, then press **Train and audit** (a few seconds), or "
                "**Sweep** to train at every share from 50% down to 1%.", icon=":material/school:")
    else:
        show_audit(runs, cfg)
    st.markdown("**Takeaway:** the network is not told who is who, yet the rarer the style in training, "
                "the worse it serves it: under-representation alone creates the gap.")


def controls(limits: Limits) -> ImageBiasConfig:
    """The subgroup's style and share, and the training budget."""
    c1, c2, c3 = st.columns(3)
    style = ui.bound(c1.selectbox, "Subgroup's style", list(STYLES), format_func=lambda k: STYLES[k][0],
                     key="bias_style")
    percent = ui.bound(c2.select_slider, "Subgroup's share of training (%)", [round(s * 100) for s in SHARES], 5,
                       key="bias_share")
    sizes = [n for n in (2000, 5000, 10_000, 20_000) if n <= limits.max_train_images] or [2000]
    images = ui.bound(c3.select_slider, "Training images", sizes, min(10_000, sizes[-1]), key="bias_images")
    c4, c5, _ = st.columns(3)
    epochs = ui.bound(c4.slider, "Epochs", 1, min(10, limits.max_epochs), min(3, limits.max_epochs), key="bias_epochs")
    seed = ui.bound(c5.slider, "Seed", 0, 100, 0, key="bias_seed")
    return ImageBiasConfig(style, percent / 100, images, epochs=epochs, seed=int(seed))


def train(runs: ImageRuns, todo: list[ImageBiasConfig], data) -> None:
    """Train and audit each setup in turn (cached: a setup trained before comes back at once)."""
    with ui.progress("training…") as move:
        for i, c in enumerate(todo):
            label = f"run {i + 1} of {len(todo)}: {c.share:.0%} {STYLES[c.style][0]}"
            runs.add(cache.image_audit(c, data.name, data.train_x.device.type, data,
                                       on_progress=lambda f, m, i=i, label=label: move((i + f) / len(todo),
                                                                                       f"{label} · {m}")))


def show_audit(runs: ImageRuns, cfg: ImageBiasConfig) -> None:
    """The latest run's accuracy per style, then its gap curve, recall, calibration, errors and datasheet."""
    audit = runs.latest
    regular, sub = audit.cfg.group_names
    if audit.cfg != cfg:
        st.caption(":material/info: The results below are for your last run; press Train for the "
                   "settings above.")
    st.caption(f"{audit.train_counts[sub]:,} of {sum(audit.train_counts.values()):,} training images "
               f"in {sub} · {audit.cfg.epochs} epoch(s) · tested on {audit.test_per_group:,} digits "
               f"in each style · {audit.dataset_name} · {audit.seconds:.1f} s")
    m = st.columns(4)
    m[0].metric(f"Accuracy, {regular}", f"{audit.accuracy[regular]:.1%}")
    m[1].metric(f"Accuracy, {sub}", f"{audit.accuracy[sub]:.1%}",
                f"{-audit.gap:+.1%} vs regular", delta_color="normal")
    m[2].metric("Worst-group accuracy", f"{audit.worst_accuracy:.1%}", audit.worst_group,
                delta_color="off", delta_arrow="off")
    m[3].metric("Gap", f"{audit.gap * 100:+.1f} pts", help="Accuracy of regular strokes minus the "
                "subgroup's, in percentage points")
    st.latex(r"\mathrm{acc}_g = \frac{1}{n_g}\sum_{i \in g} [\hat y_i = y_i] \qquad "
             r"\text{worst-group} = \min_g \mathrm{acc}_g \qquad "
             r"\text{gap} = \mathrm{acc}_{\text{regular}} - \mathrm{acc}_{\text{subgroup}}")
    curve = runs.curve(cfg if audit.cfg != cfg else audit.cfg)
    tabs = ui.tabs("bias_view", ["Gap vs representation", "Recall by digit", "Confidence & calibration",
                                 "Subgroup's errors", "Datasheet"])
    ui.show_open_tabs(tabs, (
        lambda: gap_curve(curve, audit),
        lambda: recall(audit),
        lambda: calibration(audit),
        lambda: errors(audit),
        lambda: download_datasheet(datasheet.image_datasheet(audit), "mnist_style", "bias_dl_images"),
    ))


def gap_curve(curve: pd.DataFrame, audit) -> None:
    regular, sub = audit.cfg.group_names
    st.plotly_chart(ff.gap_vs_share(curve), key="bias_gap_curve")
    st.caption(f"Each point is one of your runs with these settings ({len(curve)} so far); press "
               f"**Sweep** to fill in every share. Below: the same eight test digits in {regular} "
               f"(top) and {sub} (bottom).")
    st.plotly_chart(figures.image_grid(audit.examples.reshape(-1, *audit.examples.shape[2:]),
                                       [""] * 16, height_per_row=85), key="bias_examples")


def recall(audit) -> None:
    st.plotly_chart(ff.recall_heatmap(audit.recall), key="bias_recall")
    st.caption("Recall of digit d in group g: the share of g's d's that the network reads as d "
               "(fairlearn MetricFrame with the true digit as a control feature).")


def calibration(audit) -> None:
    cal = audit.calibration
    st.plotly_chart(ff.reliability(cal), key="bias_reliability")
    st.dataframe(pd.DataFrame({"mean confidence": cal.confidence, "accuracy": cal.accuracy,
                               "ECE": cal.ece}).style.format("{:.3f}"), key="bias_cal_table")
    st.latex(r"\mathrm{ECE} = \sum_{b} \frac{n_b}{n}\,\big|\mathrm{acc}(b) - \mathrm{conf}(b)\big|")
    st.caption("A calibrated network that says 90% is right 90% of the time. Under-represented "
               "groups usually get overconfident mistakes: points below the diagonal.")


def errors(audit) -> None:
    if len(audit.errors):
        st.plotly_chart(figures.image_grid(audit.errors, audit.error_titles), key="bias_errors")
    st.caption(f"The subgroup's most confident mistakes (true→predicted, confidence). "
               f"**{audit.style_only_errors} of its {audit.subgroup_errors} mistakes** are digits "
               f"the network reads correctly in regular strokes.")
