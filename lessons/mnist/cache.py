"""The MNIST lesson's shared results: the default network, the pitfall lab's default runs, the NumPy race.

`DEFAULTS` lists what each tab shows before a learner runs their own settings; the background
warm-up (ui/warmup.py) computes them once per server, with the very calls the tabs make.
"""
import streamlit as st

from core.mnist.numpy_mlp import DEFAULT_SCRATCH
from core.mnist.pitfalls import PRESETS
from ui.cache import dataset, device, queued_run


@st.cache_resource(show_spinner="Training the default digit network once (a few seconds)…")
def default_run(device_kind: str, dataset_name: str):
    """The quickly trained tutorial network, shared read-only by every visitor who has not trained one."""
    from core.mnist.lab import default_run

    return default_run(dataset(device_kind, dataset_name), device().name)


@queued_run(show_spinner="Training the NumPy and the PyTorch network side by side…", max_entries=16)
def scratch(cfg, device_kind: str, dataset_name: str):
    """NumPy vs PyTorch from the same weights: deterministic for a config, so shared by everyone."""
    from core.mnist.numpy_mlp import compare

    return compare(cfg, dataset(device_kind, dataset_name), device_kind)


@queued_run(show_spinner="Training the pitfall's default runs once for everyone (a few seconds)…", max_entries=16)
def pitfall(preset_key: str, fix_key: str | None, device_kind: str, dataset_name: str):
    """A pitfall preset as it is (fix_key None) or with one fix: its curves and numbers, not its network."""
    from core.mnist.lab import run_pitfall

    preset = PRESETS[preset_key]
    fix = next((f for f in preset.fixes if f.key == fix_key), None)
    return run_pitfall(preset, fix, dataset(device_kind, dataset_name), device().name)


def default_pitfall(preset_key: str, device_kind: str, dataset_name: str):
    """What the pitfall lab shows for a preset before the learner runs it: (broken, fixed by the first fix)."""
    preset = PRESETS[preset_key]
    return (pitfall(preset_key, None, device_kind, dataset_name),
            pitfall(preset_key, preset.fixes[0].key, device_kind, dataset_name))


def _data() -> tuple[str, str]:
    """The device and data set the page draws with, so that the warm-up fills the very cache entries it reads."""
    from ui import cache as shared

    kind = shared.device().kind
    return kind, shared.digits(kind).name


DEFAULTS = {
    "network": lambda: default_run(*_data()),  # Train (before a run), Inside, Evaluation, Draw
    "scratch": lambda: scratch(DEFAULT_SCRATCH, *_data()),  # From scratch
    **{f"pitfall_{key}": (lambda key=key: default_pitfall(key, *_data())) for key in PRESETS},  # Pitfall lab
}
