"""Arrests: the learner meets the data and picks the protected attribute to audit."""
import streamlit as st

import ui
from core.bias_audit.arrests import ATTRIBUTES, TabularConfig


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
