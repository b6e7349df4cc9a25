"""Page furniture every lesson shares: the lesson map, device badge, data, progress, tabs and links.

PyTorch is imported inside the functions that need it, so the home page draws
before the slow `import torch` of a cold start.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from ui import chart_clicks
from ui.links import bound as bound
from ui.links import shared_settings as shared_settings

if TYPE_CHECKING:
    from core.data import Dataset
    from core.device import DeviceInfo
    from core.jobs import JobGate


ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Lesson:
    slug: str  # the page's URL path, its folder in lessons/ and in core/
    prefix: str  # the start of every URL key its controls use
    title: str
    icon: str
    concepts: str  # the tutorial's sections this page teaches

    @property
    def path(self) -> str:
        """The lesson frame, relative to the app's root."""
        return f"lessons/{self.slug}/page.py"


LESSONS = (
    Lesson("neuron", "neuron_", "Neuron", ":material/radio_button_checked:",
           "1 · What a neural network is — 2 · Anatomy of a neuron: weights, bias, activation"),
    Lesson("architectures", "arch_", "Architectures", ":material/hub:",
           "3 · From one neuron to multi-layer networks: a playground for depth, width and features"),
    Lesson("loss_optimization", "loss_", "Loss & optimization", ":material/landscape:",
           "4 · Loss functions, gradient descent, momentum, Adam and backpropagation step by step"),
    Lesson("data_splits", "data_", "Data & splits", ":material/science:",
           "5 · Train/validation/test splits, leakage, preprocessing and generalisation"),
    Lesson("mnist", "mnist_", "MNIST training", ":material/draw:",
           "6 · Train a real digit classifier live, look inside it, and draw a digit for it"),
    Lesson("bias_audit", "bias_", "Bias audit", ":material/balance:",
           "7 · Cause bias, measure it with fairlearn, mitigate it and document it"),
)


@contextlib.contextmanager
def queue_notice():
    """Around a page: while its training waits for a place on a shared server, say where the visitor stands."""
    from core import hosting

    slot = st.empty()

    def show(place: int) -> None:
        if place:
            slot.info(f"Other visitors' networks are training right now. You are **number {place} in the queue**; "
                      "your run starts by itself when a place frees up.", icon=":material/hourglass_top:")
        else:
            slot.empty()

    with hosting.queue_notice(show):
        yield


def tabs(key: str, labels: Sequence[str]) -> list:
    """A row of tabs whose choice lives in the URL (`key`), so a link can open any of them."""
    return bound(st.tabs, list(labels), key=key)


def show_open_tabs(tabs, sections: Sequence[Callable[[], None]]) -> None:
    """Draw each tab's section; a bound `st.tabs` knows which tab is open, so hidden ones skip their work."""
    for tab, show in zip(tabs, sections, strict=True):
        if tab.open is not False:  # None: this Streamlit renders every tab
            with tab:
                show()


@contextlib.contextmanager
def progress(text: str):
    """A progress bar for work that takes a while: yields `move(fraction)` or `move(fraction, message)`.

    The bar goes away when the work ends, however it ends.
    """
    bar = st.progress(0.0, text=text)

    def move(fraction: float, message: str | None = None) -> None:
        done = min(max(float(fraction), 0.0), 1.0)
        bar.progress(done, text=message or f"{text} {done:.0%}")

    try:
        yield move
    finally:
        bar.empty()


def chart(fig, key: str, *, caption: str | None = None, table=None,
          on_click: Callable[[float, float], None] | None = None, **options):
    """Every figure reaches the page through here, so that all of them follow one set of rules.

    The figure takes the visitor's theme (`core.palette.themed`: the same meanings in colours that
    read on a dark page). `caption` says in words what the chart shows, for anyone who cannot see
    it; `table` (a DataFrame of the numbers behind a small chart) opens under "Show as table".
    `on_click(x, y)` runs on each click or tap on one of the chart's markers (`ui.chart_clicks`).
    Returns what `st.plotly_chart` returns (the selection, with `on_select`).
    """
    from core import palette

    if st.context.theme.type == "dark":
        import plotly.graph_objects as go

        fig = go.Figure(palette.themed(fig.to_dict(), dark=True))
    if on_click is None:
        event = st.plotly_chart(fig, key=key, **options)
    else:
        with st.container(gap=None):  # the listener has no height: no gap for it either
            event = st.plotly_chart(fig, key=key, **options)
            chart_clicks.listen(key, on_click)
    if caption:
        st.caption(caption)
    if table is not None:
        with st.expander("Show as table", icon=":material/table:"):
            st.dataframe(table, key=f"{key}_table")
    return event


def settings_side_by_side(table, differ: Sequence[str], key: str, title: str = "Settings side by side") -> None:
    """Kept runs' settings as rows, one column per run (`core.runs.side_by_side`): the rows that differ
    are shaded and marked "yes" in a first column, so that the difference is not told by colour alone."""
    from core import palette

    shade = f"background-color: {palette.tint(palette.SLATE, 0.18)}; font-weight: bold"
    table = table.copy()
    table.insert(0, "differs", ["yes" if row in differ else "" for row in table.index])
    st.markdown(f"**{title}** (rows that differ are shaded and marked)")
    st.dataframe(table.style.apply(lambda r: [shade if r.name in differ else ""] * len(r), axis=1), key=key)


def export(script, key: str) -> None:
    """Take the experiment home: its script and notebook (`core.export.Script`), always for the current settings."""
    row = st.container(horizontal=True)
    row.download_button("Download as Python script", script.to_py, f"{script.name}.py", "text/x-python",
                        icon=":material/download:", key=f"{key}_py", on_click="ignore")
    row.download_button("Download as notebook", script.to_ipynb, f"{script.name}.ipynb", "application/x-ipynb+json",
                        icon=":material/download:", key=f"{key}_ipynb", on_click="ignore")
    with st.expander("Show the code", icon=":material/code:"):
        st.code(script.to_py(), language="python", line_numbers=True)


# Streamlit's light code highlighting draws keywords and numbers at 2.6-3.8:1 on its code background;
# these darker shades of the same hues keep every token at 4.5:1 or more (WCAG AA).
LIGHT_CODE_COLOURS = {
    "keyword, .token.tag, .token.function, .token.class-name, .token.selector": "#0B4F8A",
    "attr-name, .token.property, .token.variable": "#0B5C8A",
    "number, .token.regex": "#00695C",
    "string, .token.char, .token.attr-value, .token.boolean, .token.constant, .token.symbol": "#2E6B1F",
    "operator, .token.entity, .token.decorator, .token.atrule": "#8A4B00",
    "comment, .token.prolog, .token.punctuation": "#555555",
    "url": "#6B3FA0",
    "important, .token.deleted": "#B3261E",
}
# The dark theme's accent is light, so that slider values drawn in it read on the dark page;
# Streamlit writes white on primary buttons, which on a light accent would be 2.6:1.
DARK_PRIMARY_BUTTON_TEXT = "#141414"
# Streamlit's dark code highlighting draws keywords in #1C83E1, 4.1:1 on its code background; this
# lighter blue (the dark charts' blue) is 6:1.
DARK_CODE_COLOURS = {"keyword, .token.tag, .token.function, .token.class-name, .token.selector": "#4EA8E6"}


def readable_theme() -> None:
    """Contrast fixes Streamlit's theme options cannot express: code tokens, and primary buttons in dark."""
    if st.context.theme.type == "dark":
        rules = f"[data-testid='stBaseButton-primary'] {{color: {DARK_PRIMARY_BUTTON_TEXT} !important}}"
        rules += "".join(f"[data-testid='stCode'] .token.{tokens} {{color: {colour} !important}}"
                         for tokens, colour in DARK_CODE_COLOURS.items())
    else:
        rules = "".join(f"[data-testid='stCode'] .token.{tokens} {{color: {colour} !important}}"
                        for tokens, colour in LIGHT_CODE_COLOURS.items())
    st.html(f"<style>{rules}</style>")


def default_note(action: str) -> None:
    """Under a tab's default result: say that it is the default, and how to see one's own."""
    st.caption(f":material/auto_awesome: Default settings · press **{action}** to re-run with yours.")


def device() -> DeviceInfo:
    """Where this server trains: found once and shared by every visitor."""
    from ui import cache

    return cache.device()


def training_gate() -> JobGate:
    """The server-wide queue every training waits in."""
    from ui import cache

    return cache.training_gate()


def device_badge() -> None:
    """Which device trains the models, as a small badge."""
    dev = device()
    st.badge(f"Device: {dev.name}", icon=":material/memory:", color="green" if dev.kind != "cpu" else "gray")


def digits(device_kind: str = "cpu") -> Dataset:
    """MNIST when it can be had; otherwise scikit-learn's 8×8 digits, with a message saying so."""
    from core.data import DatasetMissing
    from ui import cache

    try:
        return cache.mnist(device_kind)
    except DatasetMissing as err:
        st.warning(f"{err}\n\nUntil then this page uses **scikit-learn's bundled 8×8 digits** "
                   "(1,797 small images), so results differ from real MNIST.", icon=":material/cloud_off:")
        return cache.digits_fallback(device_kind)


def lesson(prefix: str) -> Lesson:
    """The lesson whose controls' keys start with `prefix`."""
    return next(each for each in LESSONS if each.prefix == prefix)
