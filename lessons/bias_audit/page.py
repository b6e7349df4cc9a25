"""Bias audit: cause bias, measure it with fairlearn, mitigate it and document it."""
import streamlit as st

import ui
from core import hosting
from core.bias_audit.images import ImageRuns
from lessons.bias_audit import arrests, images

st.title("Bias audit")
st.markdown(
    "A network learns whatever its data shows it, including who is missing and how past decisions were made. "
    "Here you **cause** bias yourself, **measure** it with fairlearn, **mitigate** it and **document** the data: "
    "the flow of IBM's AI Fairness 360 demo (data → check → mitigate → compare), with fairlearn's metrics, a "
    "What-If-style threshold explorer and Aequitas-style group tables."
)
ui.device_badge()
limits = hosting.limits()
device = ui.device()
runs: ImageRuns = st.session_state.setdefault("bias_run", ImageRuns())

with ui.shared_settings("bias_"):
    tabs = ui.tabs("bias_tab", [":material/draw: Images: cause bias", ":material/gavel: Arrests: measure & fix"])
    ui.show_open_tabs(tabs, (lambda: images.show(runs, limits, device), arrests.show))
