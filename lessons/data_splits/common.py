"""Furniture shared by the Data & splits tabs: the button that runs an experiment and remembers it."""
import streamlit as st

from core.data_lab import DataLab


def run_button(lab: DataLab, section: str, cfg, label: str) -> bool:
    """True when the experiment should be shown: just pressed, or run before with these settings."""
    pressed = st.button(label, type="primary", icon=":material/play_arrow:", key=f"data_run_{section}")
    if pressed:
        lab.mark(section, cfg)
    elif not lab.has_run(section, cfg):
        st.info("Press the button to run this experiment with these settings.", icon=":material/science:")
    return pressed or lab.has_run(section, cfg)
