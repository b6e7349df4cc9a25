"""Page furniture shared by every lesson: the lesson map, device badge, data, shareable settings.

PyTorch is imported inside the functions that need it, so the home page draws
before the slow `import torch` of a cold start.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import streamlit as st

if TYPE_CHECKING:
    from core.data import Dataset

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Lesson:
    path: str  # page file, relative to the app's root
    title: str
    icon: str
    concepts: str  # the tutorial's sections this page teaches

    @property
    def slug(self) -> str:
        """The page's URL path and the name tests use: `lessons/mnist.py` → `mnist`."""
        return Path(self.path).stem

    @property
    def available(self) -> bool:
        return (ROOT / self.path).exists()


LESSONS = (
    Lesson("lessons/neuron.py", "Neuron", ":material/radio_button_checked:",
           "1 · What a neural network is — 2 · Anatomy of a neuron: weights, bias, activation"),
    Lesson("lessons/architectures.py", "Architectures", ":material/hub:",
           "3 · From one neuron to multi-layer networks: a playground for depth, width and features"),
    Lesson("lessons/loss_optimization.py", "Loss & optimization", ":material/landscape:",
           "4 · Loss functions, gradient descent, momentum, Adam and backpropagation step by step"),
    Lesson("lessons/data_splits.py", "Data & splits", ":material/science:",
           "5 · Train/validation/test splits, leakage, preprocessing and generalisation"),
    Lesson("lessons/mnist.py", "MNIST training", ":material/draw:",
           "6 · Train a real digit classifier live, look inside it, and draw a digit for it"),
    Lesson("lessons/bias_audit.py", "Bias audit", ":material/balance:",
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


def show_open_tabs(tabs, sections) -> None:
    """Draw each tab's section; a bound `st.tabs` knows which tab is open, so hidden ones skip their work."""
    for tab, show in zip(tabs, sections, strict=True):
        if tab.open is not False:  # None: this Streamlit renders every tab
            with tab:
                show()


def progress_bar(text: str):
    """A progress bar and the callback that moves it: `move(fraction)` or `move(fraction, message)`."""
    bar = st.progress(0.0, text=text)

    def move(fraction: float, message: str | None = None) -> None:
        done = min(max(float(fraction), 0.0), 1.0)
        bar.progress(done, text=message or f"{text} {done:.0%}")

    return bar, move


def device_badge() -> None:
    """Which device trains the models, as a small badge."""
    from core import cache

    dev = cache.device()
    st.badge(f"Device: {dev.name}", icon=":material/memory:", color="green" if dev.kind != "cpu" else "gray")


def digits(device_kind: str = "cpu") -> Dataset:
    """MNIST when it can be had; otherwise scikit-learn's 8×8 digits, with a message saying so."""
    from core import cache
    from core.data import DatasetMissing

    try:
        return cache.mnist(device_kind)
    except DatasetMissing as err:
        st.warning(f"{err}\n\nUntil then this page uses **scikit-learn's bundled 8×8 digits** "
                   "(1,797 small images), so results differ from real MNIST.", icon=":material/cloud_off:")
        return cache.digits_fallback(device_kind)


def _same(raw: list[str], value) -> bool:
    """Does a URL's raw value mean the widget's value (it was the default, so Streamlit dropped it)?"""
    values = value if isinstance(value, (list, tuple)) else [value]
    if len(raw) != len(values):
        return False
    for r, v in zip(raw, values, strict=True):
        if str(v).lower() == r.lower():
            continue
        try:
            if float(r) != float(v):
                return False
        except (TypeError, ValueError):
            return False
    return True


@contextlib.contextmanager
def shared_settings(prefix: str):
    """Wrap a page's URL-bound widgets (keys starting with `prefix`, `bind="query-params"`).

    Streamlit drops URL values a widget cannot take; this says so instead of
    staying silent, and offers the page's address as a link to share.
    """
    before = {k: st.query_params.get_all(k) for k in st.query_params if k.startswith(prefix)}
    yield
    ignored = [f"`{k}={','.join(v)[:40]}`" for k, v in before.items()
               if k not in st.query_params and not (k in st.session_state and _same(v, st.session_state[k]))]
    if ignored:
        # a hand-written link may also name a default by its label; Streamlit drops that too
        st.info("Some settings in the link were not valid here (or named the default), so the page uses its "
                "defaults for them: "
                + ", ".join(ignored), icon=":material/link_off:")
    with st.expander("Share this setup", icon=":material/share:"):
        st.caption("The address bar holds every setting on this page: send it, and the other person "
                   "opens the same setup.")
        pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
        st.code(f"{st.context.url or ''}?{urlencode(pairs)}" if pairs else st.context.url or "", language=None)

