"""Limits for a shared, hosted demo (NNLAB_HOSTED=1), and the queue notice its visitors see while they wait."""
from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Callable
from dataclasses import dataclass

_notice: contextvars.ContextVar[Callable[[int], None] | None] = contextvars.ContextVar("queue_notice", default=None)
_background: contextvars.ContextVar[bool] = contextvars.ContextVar("background", default=False)


@dataclass(frozen=True)
class Limits:
    hosted: bool
    max_epochs: int  # per training run
    max_hidden_width: int  # neurons in one MLP layer
    max_train_images: int  # MNIST training images per run
    concurrent_jobs: int  # training jobs running at once on the server
    threads_per_job: int | None  # CPU threads per training job; None: share the cores among running jobs
    warm_up: bool = True  # compute every tab's default result in the background from the first visit


def cores() -> int:
    """CPU cores this process may run on (a container's share, where the OS says so)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def limits() -> Limits:
    hosted = os.environ.get("NNLAB_HOSTED", "0") == "1"
    jobs = max(1, int(os.environ.get("NNLAB_MAX_JOBS", "1" if hosted else "2")))
    threads = max(1, int(os.environ["NNLAB_THREADS"])) if os.environ.get("NNLAB_THREADS") else None
    warm_up = os.environ.get("NNLAB_WARM_UP", "1") != "0"
    if hosted:
        return Limits(True, max_epochs=5, max_hidden_width=256, max_train_images=20_000, concurrent_jobs=jobs,
                      threads_per_job=threads, warm_up=warm_up)
    return Limits(False, max_epochs=30, max_hidden_width=1024, max_train_images=55_000, concurrent_jobs=jobs,
                  threads_per_job=threads, warm_up=warm_up)


def drawn_outside(callback: Callable | None) -> Callable | None:
    """`callback`, run in the caller's context whoever calls it later (None stays None).

    A Streamlit cache records what a cached function draws and replays it on every hit; a
    progress bar or a queue notice belongs to the page that made it, so its callback is bound
    to the context it was made in and always runs there.
    """
    if callback is None:
        return None
    outside = contextvars.copy_context()
    return lambda *args: outside.run(callback, *args)


@contextlib.contextmanager
def queue_notice(show: Callable[[int], None]):
    """While open, work waiting in the server-wide training queue calls `show(place)`; 0 means its turn came.

    `show` runs where this was opened, even when the waiting work is a cached function.
    """
    token = _notice.set(drawn_outside(show))
    try:
        yield
    finally:
        _notice.reset(token)


def current_notice() -> Callable[[int], None] | None:
    return _notice.get()


@contextlib.contextmanager
def in_background():
    """While open, queued work on this thread is background work: it goes behind every visitor's."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


def background() -> bool:
    return _background.get()
