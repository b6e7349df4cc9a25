"""Augmentation: the learner looks at label-keeping transforms and trains a small set with and without them."""
import streamlit as st

import ui
from core.data import Dataset
from core.data_splits import figures as dfig
from core.data_splits.augmentation import FLIPS, SAFE, AugConfig, compare
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button


def show(lab: DataLab, data: Dataset, device_kind: str, hosted: bool) -> None:
    st.markdown("Augmentation shows the network each digit slightly rotated, shifted, rescaled, warped or noisy: "
                "changes that keep it the same digit. Flips do not: a mirrored 2, 3, 4, 5 or 7 is no digit, "
                "and a 6 turned upside down reads as a 9.")
    shown = ui.bound(st.pills, "Transforms to show", SAFE + FLIPS, selection_mode="multi", default=SAFE + FLIPS,
                     key="data_aug_show")
    if shown:
        images, rows = cache.gallery(tuple(shown), device_kind, data.name)
        st.plotly_chart(dfig.augmentation_gallery(images, rows), key="data_aug_gallery")
    st.subheader("Does it help on a small training set?")
    names = ui.bound(st.pills, "Augmentations in training", SAFE, selection_mode="multi",
                     default=["rotation", "shift", "scale"], key="data_aug_train")
    left, mid, right = st.columns(3)
    n = ui.bound(left.select_slider, "Training images", [200, 500, 1000] + ([] if hosted else [2000]), 500,
                 key="data_aug_n")
    epochs = ui.bound(mid.slider, "Epochs", 5, 50 if hosted else 80, 50, 5, key="data_aug_epochs")
    seeds = ui.bound(right.slider, "Seeds (averaged)", 1, 3 if hosted else 5, 3, key="data_aug_seeds")
    flips = ui.bound(st.toggle, "Also train with left-right flips", False, key="data_aug_flips")
    cfg = AugConfig(n, epochs, seeds, tuple(names or ()), flips)
    if not names:
        st.warning("Choose at least one augmentation to compare against none.", icon=":material/warning:")
    elif run_button(lab, "augmentation", cfg, "Train with and without"):
        with ui.progress("Training…") as move:
            result = compare(cfg, lambda arm, s: cache.augmentation_arm(cfg, arm, s, device_kind, data.name), move)
        st.plotly_chart(dfig.augmentation_results(cfg, result), key="data_aug_results")
        gain = result.gain()
        st.markdown(f"Augmentation changed mean test accuracy by **{gain * 100:+.1f} points** over {seeds} "
                    f"seed(s) ({n} training images, MLP {data.side ** 2}-128-10)."
                    + (f" Adding flips: **{result.gain('augmented + flips') * 100:+.1f} points**." if flips else ""))
        if gain <= 0:
            st.caption("Augmented images are harder to fit, so they need more epochs than the originals: "
                       "try more epochs or seeds before concluding.")
    st.markdown("**Takeaway:** augment with changes that keep the label; on a small set that is free extra data.")
