"""Bias audit: cause bias, measure it with fairlearn, mitigate it and document it."""
import streamlit as st

import ui
from core import hosting
from core.bias_audit import datasheet
from core.bias_audit.images import ImageRuns
from lessons.bias_audit import arrests, cache, images, measure, mitigate, thresholds
from lessons.bias_audit.common import download_datasheet

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
    images_tab, arrests_tab = ui.bound(
        st.tabs, [":material/draw: Images: cause bias", ":material/gavel: Arrests: measure & fix"], key="bias_tab")

    with images_tab:
        if images_tab.open is not False:
            images.show(runs, limits, device)

    with arrests_tab:
        if arrests_tab.open is not False:
            tcfg = arrests.controls()
            measure_tab, explore_tab, fix_tab, sheet_tab = ui.bound(
                st.tabs, ["Measure", "Threshold explorer", "Mitigate", "Datasheet"], key="bias_section")
            df = cache.arrests_table()

            with measure_tab:
                if measure_tab.open is not False:
                    measure.show(tcfg)

            with explore_tab:
                if explore_tab.open:
                    thresholds.show(tcfg)

            with fix_tab:
                if fix_tab.open:
                    mitigate.show(tcfg)

            with sheet_tab:
                if sheet_tab.open:
                    download_datasheet(datasheet.tabular_datasheet(df, tcfg.attribute), "arrests", "bias_dl_arrests")
