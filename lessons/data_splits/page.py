"""Data & splits: train/validation/test, leakage, preprocessing, augmentation and generalisation."""
import streamlit as st

import ui
from core import hosting
from lessons.data_splits import augmentation, categories, fitting, leakage, missing, scaling, small_data, splits
from lessons.data_splits.common import DataLab

st.title("Data & splits")
st.markdown(
    "A model is only as good as the data it learns from and the honesty of the score you give it. "
    "This lesson splits data three ways, leaks test information on purpose to show how a score gets "
    "flattered, prepares inputs (scale, gaps, categories, augmentation), and watches networks under- and "
    "overfit. Each tab is one experiment: it opens on the result of its default settings, and its button "
    "re-runs it with yours."
)
ui.device_badge()
device = ui.device()
lab: DataLab = st.session_state.setdefault("data_lab", DataLab())
HOSTED = hosting.limits().hosted  # a shared server: every experiment stays within about a minute of CPU
TABS = ("Splits", "Leakage", "Scaling", "Missing values", "Categories", "Augmentation", "Fitting", "Small data")

with ui.shared_settings("data_"):
    tabs = ui.tabs("data_tab", TABS)
    ui.show_open_tabs(tabs, (
        lambda: splits.show(device.kind),
        lambda: leakage.show(lab, HOSTED),
        lambda: scaling.show(lab, device.kind, HOSTED),
        lambda: missing.show(lab),
        lambda: categories.show(lab, HOSTED),
        lambda: augmentation.show(lab, ui.digits(device.kind), device.kind, HOSTED),
        lambda: fitting.show(lab, ui.digits(device.kind), device.kind, HOSTED),
        lambda: small_data.show(lab, HOSTED),
    ))
