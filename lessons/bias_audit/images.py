"""Images: the learner makes one handwriting style rare in training and audits the accuracy gap it causes."""
from dataclasses import replace

import streamlit as st

import ui
from core.bias_audit.challenges import image_result
from core.bias_audit.images import SHARES, STYLES, TRAIN_SIZES, ImageAudit, ImageBiasConfig, ImageRuns
from core.device import DeviceInfo
from core.hosting import Limits
from lessons.bias_audit import cache, image_views
from ui import challenges


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
        challenges.record("bias_audit", "image", image_result(runs.latest))  # the run the page shows, when it ends
    if runs.latest is None:
        st.info("Pick a style and how rare it is, then press **Train and audit** (a few seconds), or "
                "**Sweep** to train at every share from 50% down to 1%. Until then, below: the default run.",
                icon=":material/school:")
        audit = default_audit(device)
    else:
        audit = runs.latest
    curve, reference = image_views.curves(runs, cfg, audit, default=runs.latest is None)
    show_audit(audit, cfg, default=runs.latest is None)
    image_views.show(audit, curve, reference, default=runs.latest is None)
    st.markdown("**Takeaway:** " + image_views.takeaway(curve, reference, audit, default=runs.latest is None))


def controls(limits: Limits) -> ImageBiasConfig:
    """The subgroup's style and share, and the training budget."""
    default = cache.default_image_config()
    c1, c2, c3 = st.columns(3)
    style = ui.bound(c1.selectbox, "Subgroup's style", list(STYLES), format_func=lambda k: STYLES[k][0],
                     key="bias_style")
    percent = ui.bound(c2.select_slider, "Subgroup's share of training (%)", [round(s * 100) for s in SHARES],
                       round(default.share * 100), key="bias_share")
    sizes = [n for n in TRAIN_SIZES if n <= limits.max_train_images] or [TRAIN_SIZES[0]]
    images = ui.bound(c3.select_slider, "Training images", sizes, default.train_images, key="bias_images")
    c4, c5, _ = st.columns(3)
    epochs = ui.bound(c4.slider, "Epochs", 1, min(10, limits.max_epochs), default.epochs, key="bias_epochs")
    seed = ui.bound(c5.slider, "Seed", 0, 100, default.seed, key="bias_seed")
    return ImageBiasConfig(style, percent / 100, images, epochs=epochs, seed=int(seed))


def default_audit(device: DeviceInfo) -> ImageAudit:
    """The default run: warm from the server's background start, or computed here the first time."""
    ui.digits(device.kind)  # says so on the page when MNIST is missing
    with ui.progress("training the default network…") as move:
        return cache.default_image_audit(on_progress=move)


def train(runs: ImageRuns, todo: list[ImageBiasConfig], data) -> None:
    """Train and audit each setup in turn (cached: a setup trained before comes back at once)."""
    with ui.progress("training…") as move:
        for i, c in enumerate(todo):
            label = f"run {i + 1} of {len(todo)}: {c.share:.0%} {STYLES[c.style][0]}"
            runs.add(cache.image_audit(c, data.name, data.train_x.device.type, data,
                                       on_progress=lambda f, m, i=i, label=label: move((i + f) / len(todo),
                                                                                       f"{label} · {m}")))


def show_audit(audit: ImageAudit, cfg: ImageBiasConfig, default: bool) -> None:
    """The run's accuracy per style and the formulas behind the numbers."""
    regular, sub = audit.cfg.group_names
    if not default and audit.cfg != cfg:
        st.caption(":material/info: The results below are for your last run; press Train for the "
                   "settings above.")
    st.caption(f"{'Default run: ' if default else ''}{audit.train_counts[sub]:,} of "
               f"{sum(audit.train_counts.values()):,} training images in {sub} · {audit.cfg.epochs} epoch(s) · "
               f"seed {audit.cfg.seed} · tested on {audit.test_per_group:,} digits in each style · "
               f"{audit.dataset_name} · {audit.seconds:.1f} s")
    if default:
        ui.default_note("Train and audit")
    m = st.columns(4)
    m[0].metric(f"Accuracy, {regular}", f"{audit.accuracy[regular]:.1%}")
    m[1].metric(f"Accuracy, {sub}", f"{audit.accuracy[sub]:.1%}",
                f"{-audit.gap * 100:+.1f} pts vs regular", delta_color="orange" if audit.gap > 0 else "blue")
    m[2].metric("Worst-group accuracy", f"{audit.worst_accuracy:.1%}", audit.worst_group,
                delta_color="off", delta_arrow="off")
    m[3].metric("Gap", f"{audit.gap * 100:+.1f} pts", help="Accuracy of regular strokes minus the "
                "subgroup's, in percentage points")
    st.latex(r"\begin{gathered}\mathrm{acc}_g = \frac{1}{n_g}\sum_{i \in g} [\hat y_i = y_i] \\ "
             r"\text{worst-group} = \min_g \mathrm{acc}_g \\ "
             r"\text{gap} = \mathrm{acc}_{\text{regular}} - \mathrm{acc}_{\text{subgroup}}\end{gathered}")

