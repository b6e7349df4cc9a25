"""Callbacks that draw on the page, never into a cached function's replay.

A Streamlit cache records what a cached function draws and replays it on every hit.
Progress bars and queue notices belong to the page that made them, so their callbacks
are bound to the context they were made in and always run there.
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable


def drawn_outside(callback: Callable | None) -> Callable | None:
    """`callback`, run in the caller's context whoever calls it later (None stays None)."""
    if callback is None:
        return None
    outside = contextvars.copy_context()
    return lambda *args: outside.run(callback, *args)
