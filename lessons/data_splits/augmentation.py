"""Augmentation: the learner looks at label-keeping transforms and trains a small set with and without them."""
import streamlit as st

import ui
from core.data import Dataset
from core.data_splits import figures_fitting as ffig
from core.data_splits import noise
from core.data_splits.augmentation import FLIPS, SAFE, AugConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, Shown, run_button

DEFAULT = AugConfig()


def show(lab: DataLab, data: Dataset, device_kind: str, hosted: bool) -> None:
    st.markdown("Augmentation shows the network each digit slightly rotated, shifted, rescaled, warped or noisy: "
                "changes that keep it the same digit. Flips do not: a mirrored 2, 3, 4, 5 or 7 is no digit, "
                "and a 6 turned upside down reads as a 9.")
    shown = ui.bound(st.pills, "Transforms to show", SAFE + FLIPS, selection_mode="multi", default=SAFE + FLIPS,
                     key="data_aug_show")
    if shown:
        images, rows = cache.gallery(tuple(shown), device_kind, data.name)
        ui.chart(ffig.augmentation_gallery(images, rows), key="data_aug_gallery")
        st.caption("The same six test digits in every row, pixels kept square. Orange titles: flips, which change "
                   "the digit (or make it no digit at all).")
    st.subheader("Does it help on a small training set?")
    names = ui.bound(st.pills, "Augmentations in training", SAFE, selection_mode="multi",
                     default=list(DEFAULT.names), key="data_aug_train")
    left, mid, right = st.columns(3)
    n = ui.bound(left.select_slider, "Training images", [200, 500, 1000] + ([] if hosted else [2000]),
                 DEFAULT.n_train, key="data_aug_n")
    epochs = ui.bound(mid.slider, "Epochs", 5, 50 if hosted else 80, DEFAULT.epochs, 5, key="data_aug_epochs")
    seeds = ui.bound(right.slider, "Seeds (averaged)", 1, 3 if hosted else 5, DEFAULT.seeds, key="data_aug_seeds")
    flips = ui.bound(st.toggle, "Also train with left-right flips", DEFAULT.with_flips, key="data_aug_flips")
    cfg = AugConfig(n, epochs, seeds, tuple(names or ()), flips)
    if names:
        shown = run_button(lab, "augmentation", cfg, DEFAULT, "Train with and without")
    else:
        st.warning("Choose at least one augmentation to compare against none. Below: the default result.",
                   icon=":material/warning:")
        shown = Shown(DEFAULT, "Train with and without", default=True)
    with ui.progress("Training…") as move:
        result = cache.augmentation(shown.cfg, device_kind, data.name, on_progress=move)
    ui.chart(ffig.augmentation_results(shown.cfg, result), key="data_aug_results")
    st.caption(f"Pale bars: mean test accuracy over {shown.cfg.seeds} seed(s); dots: each seed; whiskers: one "
               "standard deviation. Grey: no augmentation; blue: augmented; orange, hatched: augmented + flips.")
    shown.note()
    st.markdown(takeaway(result, shown.cfg, data))
    st.markdown("**Takeaway:** augment with changes that keep the label; on a small set that is free extra data.")


def takeaway(result, cfg: AugConfig, data: Dataset) -> str:
    """The gain on screen, and whether it is larger than the spread between seeds."""
    gain = result.gain()
    text = (f"Augmentation changed mean test accuracy by **{gain * 100:+.1f} points** over {cfg.seeds} seed(s) "
            f"({cfg.n_train} training images, MLP {data.side ** 2}-128-10)")
    if cfg.seeds < 2:
        text += "; one seed has no spread to judge by."
    elif noise.ahead(result.test_acc("augmented"), result.test_acc("none")):
        text += ", more than the spread between seeds."
    elif noise.ahead(result.test_acc("none"), result.test_acc("augmented")):
        text += (": worse, beyond the spread. Augmented images are harder to fit, so they need more epochs than "
                 "the originals.")
    else:
        text += (": **inside the noise** of the seeds. Augmented images are harder to fit: try more epochs or "
                 "seeds before concluding.")
    if cfg.with_flips:
        text += f" Adding flips: **{result.gain('augmented + flips') * 100:+.1f} points**."
    return text
