"""Caches every lesson shares: the datasets, the device, the server-wide training queue.

`cache_resource` objects are shared by every visitor, so only read-only data (datasets)
and the training gate live here, never a visitor's model. Each lesson declares its own
caches beside its page, in `lessons/<lesson>/cache.py`, with `queued_run` for trainings.
"""
from __future__ import annotations

import functools
import os

import streamlit as st

from core import data, hosting
from core.device import DeviceInfo, pick_device
from core.hosting import drawn_outside
from core.jobs import JobGate


@st.cache_resource(show_spinner="Loading MNIST into memory…")
def mnist(device_kind: str = "cpu") -> data.Dataset:
    """MNIST as tensors on one device; raises `data.DatasetMissing` when it cannot be had."""
    return data.load_mnist(download=os.environ.get("NNLAB_OFFLINE") != "1").to(device_kind)


@st.cache_resource(show_spinner=False)
def digits_fallback(device_kind: str = "cpu") -> data.Dataset:
    return data.load_digits_fallback().to(device_kind)


def digits(device_kind: str) -> data.Dataset:
    """MNIST when it can be had, else scikit-learn's 8×8 digits (`ui.digits` also says so on the page)."""
    try:
        return mnist(device_kind)
    except data.DatasetMissing:
        return digits_fallback(device_kind)


def dataset(device_kind: str, dataset_name: str) -> data.Dataset:
    """The data set a page was drawn with: "MNIST" or the 8×8 fallback (a cache key names it, not the tensors)."""
    return mnist(device_kind) if dataset_name == "MNIST" else digits_fallback(device_kind)


@st.cache_resource(show_spinner=False)
def device() -> DeviceInfo:
    return pick_device(os.environ.get("NNLAB_DEVICE"))


@st.cache_resource(show_spinner=False)
def training_gate() -> JobGate:
    """The server-wide queue for training jobs."""
    limits = hosting.limits()
    return JobGate(limits.concurrent_jobs, limits.threads_per_job)


def queued_run(**cache_options):
    """A cached training run: on a cache miss it first waits for a place in the server-wide queue.

    Decorates `fn(..., _on_progress=None)`; callers pass `on_progress=`, which is bound to their
    page so that progress is drawn there and never recorded into the cache's replay.
    `cache_options` go to `st.cache_data` (for example `max_entries`, `show_spinner`).
    """
    def decorate(fn):
        @functools.wraps(fn)
        def in_turn(*args, **kwargs):
            if hosting.background():  # the warm-up already holds its (background) turn
                return fn(*args, **kwargs)
            with training_gate().turn(on_wait=hosting.current_notice()):
                return fn(*args, **kwargs)

        cached = st.cache_data(**cache_options)(in_turn)

        @functools.wraps(fn)
        def run(*args, on_progress=None, **kwargs):
            if on_progress is not None:
                kwargs["_on_progress"] = drawn_outside(on_progress)
            return cached(*args, **kwargs)
        return run
    return decorate
