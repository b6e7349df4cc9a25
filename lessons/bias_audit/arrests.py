"""Arrests: the learner meets the data and picks the protected attribute to audit."""
import streamlit as st

import ui
from core.bias_audit import datasheet
from core.bias_audit.arrests import ATTRIBUTES, TabularConfig
from lessons.bias_audit import cache, measure, mitigate, thresholds
from lessons.bias_audit.common import download_datasheet


def controls() -> TabularConfig:
    st.markdown(
        "The **Arrests** data (scikit-lego, from the *Toronto Star*): 5,226 arrests for marijuana "
        "possession, 1997-2002. Was the person **released** with a summons (83%) or held for a bail "
        "hearing? A small PyTorch network learns to predict that decision from year, age, sex, colour, "
        "employment, citizenship and the number of police database checks.")
    c1, c2 = st.columns(2)
    attribute = ui.bound(c1.selectbox, "Protected attribute to audit", ATTRIBUTES, key="bias_attr")
    blind = ui.bound(c2.toggle, "Hide it from the network", key="bias_blind",
                     help="'Fairness through unawareness': other columns can still stand in for it.")
    return TabularConfig(attribute=attribute, blind=blind)


def show() -> None:
    """The Arrests data: its controls, then the four steps of the audit in tabs of their own."""
    tcfg = controls()
    tabs = ui.tabs("bias_section", ["Measure", "Threshold explorer", "Mitigate", "Datasheet"])
    ui.show_open_tabs(tabs, (
        lambda: measure.show(tcfg),
        lambda: thresholds.show(tcfg),
        lambda: mitigate.show(tcfg),
        lambda: download_datasheet(datasheet.tabular_datasheet(cache.arrests_table(), tcfg.attribute), "arrests",
                                   "bias_dl_arrests"),
    ))
