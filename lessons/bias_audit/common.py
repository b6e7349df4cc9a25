"""Pieces shared by the Bias audit page's sections: the datasheet preview and the Arrests baseline."""
import re

import streamlit as st

import ui
from core.bias_audit import datasheet
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.mitigation import TabularAudit
from lessons.bias_audit import cache


def download_datasheet(sheet: datasheet.Datasheet, name: str, key: str) -> None:
    text = sheet.markdown()
    st.download_button("Download the datasheet (Markdown)", text, file_name=f"datasheet_{name}.md",
                       mime="text/markdown", icon=":material/download:", key=key)
    with st.container(border=True, height=600):
        st.markdown(re.sub(r"^(#+) ", r"\1### ", text, flags=re.M))  # headings three levels smaller


def baseline(tcfg: TabularConfig) -> TabularAudit:
    with ui.progress("training the baseline network…") as move:
        result = cache.tabular_audit(tcfg, on_progress=move)
    return result
