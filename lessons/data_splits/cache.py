"""The Data & splits lesson's caches: every experiment's numbers, shared by everyone, never a model."""
import streamlit as st

from ui.cache import dataset, queued_run


@queued_run(show_spinner=False, max_entries=32)
def leakage(cfg, _on_progress=None):
    """The leakage simulator for a frozen `leakage.LeakageConfig`: scores only."""
    from core.data_splits import leakage

    return leakage.simulate(cfg, on_progress=_on_progress)


@queued_run(show_spinner="Training the same network on three input scales…", max_entries=16)
def normalization(cfg, device_kind: str, dataset_name: str):
    """Loss curves and value samples for raw, [0, 1] and standardised pixels."""
    from core.data_splits import scaling

    return scaling.normalization_experiment(dataset(device_kind, dataset_name), cfg)


@st.cache_data(show_spinner="Removing values and filling them in five ways…", max_entries=32)
def missing(cfg):
    from core.data_splits import missing

    return missing.missing_values_experiment(cfg)


@queued_run(show_spinner="Encoding the city five ways and training a small network on each…", max_entries=16)
def encoding(cfg):
    from core.data_splits import encoding

    return encoding.encoding_experiment(cfg)


@st.cache_data(show_spinner=False, max_entries=16)
def gallery(names: tuple[str, ...], device_kind: str, dataset_name: str, seed: int = 0):
    from core.data_splits import augmentation

    return augmentation.gallery(dataset(device_kind, dataset_name), names, seed=seed)


@queued_run(show_spinner=False, max_entries=128)
def augmentation_arm(cfg, arm: str, seed: int, device_kind: str, dataset_name: str):
    """One arm of the augmentation experiment on one seed: accuracies only."""
    from core.data_splits import augmentation

    return augmentation.run_arm(dataset(device_kind, dataset_name), cfg, arm, seed)


@queued_run(show_spinner=False, max_entries=64)
def learning_curve(cfg, name: str, device_kind: str, dataset_name: str):
    """Per-epoch losses and the regime of one network size."""
    from core.data_splits import fitting

    return fitting.learning_curve(dataset(device_kind, dataset_name), cfg, name)


@queued_run(show_spinner=False, max_entries=16)
def bias_variance(cfg, _on_progress=None):
    from core.data_splits import fitting

    return fitting.bias_variance(cfg, _on_progress)


@queued_run(show_spinner=False, max_entries=256)
def small_repeat(cfg, repeat: int):
    """One repeat of the small-data comparison: model → test accuracy."""
    from core.data_splits import small_data

    return small_data.run_repeat(cfg, repeat)
