"""Furniture shared by the Data & splits tabs: which experiments this visitor ran, and the button that runs one."""
from dataclasses import dataclass, field

import streamlit as st


@dataclass
class DataLab:
    """What `st.session_state["data_lab"]` holds: the (section, frozen config) pairs this visitor has run.

    The results themselves are plain numbers in the shared cache (no models), so the page
    only remembers the settings it has run, and shows their results again without a button
    press when those settings come back.
    """
    ran: set = field(default_factory=set)

    def has_run(self, section: str, cfg) -> bool:
        return (section, cfg) in self.ran

    def mark(self, section: str, cfg) -> None:
        self.ran.add((section, cfg))


def run_button(lab: DataLab, section: str, cfg, label: str) -> bool:
    """True when the experiment should be shown: just pressed, or run before with these settings."""
    pressed = st.button(label, type="primary", icon=":material/play_arrow:", key=f"data_run_{section}")
    if pressed:
        lab.mark(section, cfg)
    elif not lab.has_run(section, cfg):
        st.info("Press the button to run this experiment with these settings.", icon=":material/science:")
    return pressed or lab.has_run(section, cfg)
