"""The Bias audit's caches (numbers and images, never a model) and the defaults its tabs open on."""
from dataclasses import replace

import streamlit as st

from core import hosting
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.classifiers import GOALS
from core.bias_audit.images import SHARES, SWEEP_SEEDS, default_config
from core.bias_audit.mitigation import SEEDS
from ui.cache import queued_run


@queued_run(show_spinner=False, max_entries=64)
def image_audit(cfg, dataset_name: str, device_kind: str, _data, _on_progress=None):
    """One MNIST under-representation run (a frozen `images.ImageBiasConfig`)."""
    from core.bias_audit import images

    return images.run_image_audit(_data, cfg, _on_progress)


@queued_run(show_spinner=False, max_entries=32)
def tabular_audit(cfg, _on_progress=None):
    """The Arrests baseline for a frozen `arrests.TabularConfig`: test scores and metrics."""
    from core.bias_audit import mitigation

    return mitigation.run_tabular_audit(cfg, _on_progress)


@queued_run(show_spinner=False, max_entries=32)
def mitigations(cfg, goal: str, rounds: int, _on_progress=None):
    """Baseline, reweighing, a group-weighted loss (`rounds` rounds) and ThresholdOptimizer on the same test rows."""
    from core.bias_audit import mitigation

    return mitigation.run_mitigations(cfg, goal, rounds, _on_progress)


@st.cache_data(show_spinner=False)
def arrests_table():
    """The Arrests table (scikit-lego ships it; no network needed)."""
    from core.bias_audit import arrests

    return arrests.load_arrests()


# The defaults: what every tab shows before the learner runs their own settings ----------------------

DEFAULT_GOAL, DEFAULT_ROUNDS = next(iter(GOALS)), 5  # the Mitigate tab's first goal and its rounds' default


def default_image_config():
    """The Images tab's default settings on this server (its limits cap the training images and epochs)."""
    limits = hosting.limits()
    return default_config(limits.max_train_images, limits.max_epochs)


def _digits():
    from ui import cache as shared

    return shared.digits(shared.device().kind)


def default_image_audit(share: float | None = None, seed: int | None = None, on_progress=None):
    """The default run, or the default settings at another share or seed (a point of the default curve)."""
    cfg = default_image_config()
    cfg = replace(cfg, share=cfg.share if share is None else share, seed=cfg.seed if seed is None else seed)
    data = _digits()
    return image_audit(cfg, data.name, data.train_x.device.type, data, on_progress=on_progress)


def sweep_name(seed: int, share: float) -> str:
    return f"gap_seed{seed}_{share:g}"


SWEEP = {sweep_name(seed, share): (seed, share) for seed in SWEEP_SEEDS for share in SHARES}

DEFAULTS = {  # computed once per server by ui/warmup.py, cheapest and most needed first
    "images": default_image_audit,
    **{f"arrests_seed{s}": lambda s=s: tabular_audit(replace(TabularConfig(), seed=s)) for s in SEEDS},
    **{f"mitigate_seed{s}": lambda s=s: mitigations(replace(TabularConfig(), seed=s), DEFAULT_GOAL, DEFAULT_ROUNDS)
       for s in SEEDS},
    **{name: lambda seed=seed, share=share: default_image_audit(share, seed) for name, (seed, share) in SWEEP.items()},
}


def warm() -> set[str]:
    """The names of this lesson's DEFAULTS that the background warm-up has finished (none when it is off)."""
    from ui import warmup

    state = warmup.start()
    return set() if state is None else {k.split(".", 1)[1] for k in tuple(state.seconds)
                                        if k.startswith("bias_audit.")}


@st.cache_data(show_spinner=False, max_entries=len(SWEEP) + 2)
def default_curve(done: tuple[str, ...]):
    """The default gap-versus-share curve from the sweep runs in `done` (all cache hits by then)."""
    from core.bias_audit.images import sweep_frame

    return sweep_frame([default_image_audit(share=SWEEP[name][1], seed=SWEEP[name][0]) for name in done])
