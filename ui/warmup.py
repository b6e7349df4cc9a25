"""Every tab's default result, computed once per server in the background, so that no tab opens blank.

At the first visit one thread works through each lesson's `DEFAULTS` (the cached experiments its
tabs show until a learner runs their own settings), one at a time and behind every visitor's
training in the queue. A tab whose default is not warm yet just computes it there and then.
"""
from __future__ import annotations

import importlib
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

import streamlit as st

from core import hosting


@dataclass
class WarmUp:
    """How far the warm-up is: each default's seconds, and when the last one was done."""

    started: float = field(default_factory=time.perf_counter)
    seconds: dict[str, float] = field(default_factory=dict)  # "lesson.default" -> seconds it took
    failed: dict[str, str] = field(default_factory=dict)
    finished: float | None = None

    @property
    def total_s(self) -> float | None:
        return None if self.finished is None else self.finished - self.started


def _warm(state: WarmUp, lessons: tuple[str, ...]) -> None:
    from ui import cache as shared

    gate = shared.training_gate()
    with hosting.in_background():
        for lesson in lessons:
            cache = importlib.import_module(f"lessons.{lesson}.cache")
            for name, compute in getattr(cache, "DEFAULTS", {}).items():
                begun = time.perf_counter()
                try:
                    with gate.turn(background=True):  # only while nobody waits: every visitor goes first
                        compute()
                    state.seconds[f"{lesson}.{name}"] = time.perf_counter() - begun
                except Exception:  # a broken default must not stop the others; its tab computes it itself
                    state.failed[f"{lesson}.{name}"] = traceback.format_exc(limit=3)
    state.finished = time.perf_counter()
    print(f"nnlab: {len(state.seconds)} default results warm {state.total_s:.1f} s after the first visit"
          f" ({len(state.failed)} failed)", file=sys.stderr, flush=True)


@st.cache_resource(show_spinner=False)
def start() -> WarmUp | None:
    """Start the warm-up once per server (None where NNLAB_WARM_UP=0)."""
    if not hosting.limits().warm_up:
        return None
    import ui

    state = WarmUp()
    lessons = tuple(lesson.slug for lesson in ui.LESSONS)
    threading.Thread(target=_warm, args=(state, lessons), daemon=True, name="defaults-warm-up").start()
    return state
