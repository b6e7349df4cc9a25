"""The Architectures lesson's caches: small results, never a model.

`DEFAULTS` are the tabs' default results (the same calls the tabs make with their default
settings), computed once per server by ui/warmup.py so that no tab opens blank.
"""
from dataclasses import replace

import streamlit as st

from core.architectures.capacity import SweepConfig
from core.architectures.compare import KINDS, SEEDS, CompareConfig
from ui import cache as shared
from ui.cache import dataset, device, queued_run


@st.cache_resource(show_spinner=False)
def warm_up():
    """Once per server, in the background: the first optimizer's slow import, before anyone presses Train."""
    import threading

    from core.architectures import trainer

    thread = threading.Thread(target=trainer.warm_up, daemon=True, name="playground-warm-up")
    thread.start()
    return thread


@queued_run(show_spinner=False, max_entries=32)
def capacity_sweep(cfg: SweepConfig, _on_progress=None) -> list:
    """Every network of the capacity sweep on every seed (a frozen config in, small results out)."""
    from core.architectures import capacity

    return capacity.sweep(cfg, _on_progress)


@queued_run(show_spinner=False, max_entries=64)
def compare_row(kind: str, cfg, device_kind: str, dataset_name: str):
    """One row of FNN vs CNN vs RNN, trained on `dataset_name` ("MNIST" or the 8×8 fallback)."""
    from core.architectures import compare

    return compare.compare_one(kind, dataset(device_kind, dataset_name), cfg, device().name)


def comparison(cfg: CompareConfig, device_kind: str, dataset_name: str, on_progress=None) -> list:
    """Every kind on every seed, one cached row each; `on_progress(fraction, message)` before each row."""
    jobs = [(seed, kind) for seed in SEEDS for kind in KINDS]
    rows = []
    for i, (seed, kind) in enumerate(jobs):
        if on_progress:
            on_progress(i / len(jobs), f"Training the {kind.upper().replace('MLP', 'FNN')} for one epoch "
                                       f"(seed {seed + 1} of {len(SEEDS)})…")
        rows.append(compare_row(kind, replace(cfg, seed=seed), device_kind, dataset_name))
    return rows


def _default_comparison() -> list:
    kind = shared.device().kind
    return comparison(CompareConfig(), kind, shared.digits(kind).name)


DEFAULTS = {  # the tabs' default results, as the tabs compute them with their default settings
    "capacity_sweep": lambda: capacity_sweep(SweepConfig()),
    "fnn_cnn_rnn": _default_comparison,
}
