"""Pieces shared by the Bias audit page's sections: the datasheet preview and the Arrests baseline."""
import re

import streamlit as st

import ui
from core import cache, datasheet
from core.bias_tabular import TabularAudit, TabularConfig


def download_datasheet(sheet: datasheet.Datasheet, name: str, key: str) -> None:
    text = sheet.markdown()
    st.download_button("Download the datasheet (Markdown)", text, file_name=f"datasheet_{name}.md",
                       mime="text/markdown", icon=":material/download:", key=key)
    with st.container(border=True, height=600):
        st.markdown(re.sub(r"^(#+) ", r"\1### ", text, flags=re.M))  # headings three levels smaller


def baseline(tcfg: TabularConfig) -> TabularAudit:
    bar, move = ui.progress_bar("training the baseline network…")
    result = cache.bias_tabular_audit(tcfg, move)
    bar.empty()
    return result
