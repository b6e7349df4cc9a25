"""Splits: the learner cuts digits into train/validation/test and sees how stratifying keeps the class balance."""
import numpy as np
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits.splits import PRESETS, SPLITS, SplitConfig, sample_labels, split_indices


def show(device_kind: str) -> None:
    st.markdown("**train** is what the weights learn from; **validation** is what you tune on (size, learning "
                "rate, when to stop); **test** is touched once, at the very end, to report how the model does on "
                "data that never influenced it. *Stratified* splitting cuts each class separately, so every "
                "split keeps the class balance of the whole set.")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption("Presets:", width="content")
        for name, values in PRESETS.items():
            st.button(name, key=f"data_preset_{name}", on_click=lambda v=values: st.session_state.update(
                data_train=v[0], data_val=v[1], data_test=v[2]))
    left, right = st.columns(2)
    train = ui.bound(left.slider, "Train (%)", 5, 90, 70, key="data_train")
    val = ui.bound(left.slider, "Validation (%)", 0, 50, 15, key="data_val")
    test = ui.bound(left.slider, "Test (%)", 0, 50, 15, key="data_test")
    n = ui.bound(right.select_slider, "Examples to split", [100, 300, 1000, 10_000, 70_000], 1000, key="data_n")
    stratify = ui.bound(right.toggle, "Stratified", True, key="data_stratify")
    seed = ui.bound(right.slider, "Seed", 0, 100, 0, key="data_seed")
    cfg = SplitConfig(train, val, test, stratify, int(seed), n)
    shares = cfg.fractions() * 100
    if round(train + val + test) != 100:
        st.caption(f"Your sizes add up to {train + val + test}%, so they are rescaled to "
                   f"{shares[0]:.0f} / {shares[1]:.0f} / {shares[2]:.0f}.")
    data = ui.digits(device_kind)
    labels = sample_labels(np.concatenate([data.train_y.cpu().numpy(), data.val_y.cpu().numpy(),
                                           data.test_y.cpu().numpy()]), n, cfg.seed)
    result = split_indices(labels, cfg)
    other = split_indices(labels, SplitConfig(train, val, test, not stratify, int(seed), n))
    ui.chart(dfig.split_balance(result), key="data_split_chart")
    c = st.columns(4)
    for col, split, size in zip(c, SPLITS, result.sizes, strict=False):
        col.metric(f"{split} examples", f"{size:,}")
    c[3].metric("Largest class-share gap", f"{result.max_gap:.1f} pp",
                delta=f"{result.max_gap - other.max_gap:+.1f} pp vs {'random' if stratify else 'stratified'}",
                delta_color="blue" if result.max_gap <= other.max_gap else "orange",  # the arrow says which way
                help="How far any class's share in any split is from its share overall.")
    st.latex(r"n_{c,\,s} \approx n_c \cdot \frac{p_s}{p_{train}+p_{val}+p_{test}}"
             r"\qquad\text{(stratified: class } c \text{ in split } s\text{)}")
    if min(result.sizes) == 0:
        st.warning("One split is empty. Without a validation set you end up tuning on the test set, which is "
                   "leak (b) in the next tab; without a test set nothing is left for an honest final score.",
                   icon=":material/warning:")
    st.markdown("**Takeaway:** small data sets drift out of balance when split at random; stratify, and keep the "
                "test set locked away until the end.")
