"""What `st.session_state["data_lab"]` holds for the Data & splits page: which experiments this visitor ran.

The results themselves are plain numbers in the shared cache (no models), so the
page only remembers the settings it has run, and shows their results again
without a button press when those settings come back.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DataLab:
    ran: set = field(default_factory=set)  # (section, frozen config) pairs that have been run

    def has_run(self, section: str, cfg) -> bool:
        return (section, cfg) in self.ran

    def mark(self, section: str, cfg) -> None:
        self.ran.add((section, cfg))
