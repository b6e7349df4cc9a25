"""Furniture shared by the Data & splits tabs: which experiments this visitor ran, and the button that runs one."""
from dataclasses import dataclass, field

import streamlit as st

import ui


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


@dataclass(frozen=True)
class Shown:
    """The settings whose result a tab draws: the visitor's own, or the tab's default until they run theirs."""
    cfg: object
    label: str  # the run button's label
    default: bool  # True: the default result, computed once for everyone

    def note(self) -> None:
        """Under the result: say that it is the default, and how to see one's own (nothing for one's own)."""
        if self.default:
            ui.default_note(self.label)


def run_button(lab: DataLab, section: str, cfg, default, label: str) -> Shown:
    """Draw the tab's run button and pick the result to show: the visitor's settings once run, else the default."""
    pressed = st.button(label, type="primary", icon=":material/play_arrow:", key=f"data_run_{section}")
    if pressed:
        lab.mark(section, cfg)
    if pressed or lab.has_run(section, cfg):
        return Shown(cfg, label, default=False)
    st.info("Press the button to run this experiment with these settings. Until then the tab shows the result "
            "of its default settings, computed once for everyone.", icon=":material/science:")
    return Shown(default, label, default=True)
