"""Clicks and taps on a Plotly chart, as data coordinates (`ui.chart(..., on_click=...)`).

Streamlit 1.67's in-page components (`st.components.v2`, no iframe; chart_clicks.js) listen to the
chart's own click event, which a mouse click and a finger's tap both raise with the point under them.
Plotly reports clicks on markers only (the nearest within the layout's `hoverdistance`).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import streamlit as st

_component = st.components.v2.component("chart_clicks", js=Path(__file__).with_name("chart_clicks.js").read_text())


def _on_click(key: str, on_click: Callable[[float, float], None]) -> None:
    """Runs before the script: hands the clicked point's (x, y) on."""
    where = (st.session_state.get(key) or {}).get("click")
    if isinstance(where, dict) and all(isinstance(where.get(c), int | float) for c in "xy"):
        on_click(float(where["x"]), float(where["y"]))


def listen(chart_key: str, on_click: Callable[[float, float], None]) -> None:
    """Call `on_click(x, y)` on each click or tap on the chart drawn under `chart_key` (mount once per run)."""
    key = f"{chart_key}_clicks"
    _component(key=key, data={"chart": chart_key}, height=0, on_click_change=partial(_on_click, key, on_click))
