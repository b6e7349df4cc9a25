"""The Data & splits lesson's caches: every experiment's numbers, shared by everyone, never a model.

An experiment on several seeds caches each seed's run on its own (so a change in the number of
seeds reuses the others); the functions without a decorator gather those runs, and are what a
tab calls. `DEFAULTS` makes each tab's default result, with the very call the tab makes, so the
background warm-up (ui/warmup.py) fills the same cache entries the tabs read.
"""
import streamlit as st

from core.data_splits.augmentation import AugConfig
from core.data_splits.encoding import EncodingConfig
from core.data_splits.fitting import BiasVarianceConfig, FittingConfig
from core.data_splits.leakage import LeakageConfig
from core.data_splits.missing import MissingConfig
from core.data_splits.scaling import NormConfig
from core.data_splits.small_data import SmallDataConfig
from ui.cache import dataset, queued_run


@queued_run(show_spinner=False, max_entries=32)
def leakage(cfg, _on_progress=None):
    """The leakage simulator for a frozen `leakage.LeakageConfig`: scores only."""
    from core.data_splits import leakage

    return leakage.simulate(cfg, on_progress=_on_progress)


@queued_run(show_spinner=False, max_entries=48)
def normalization(cfg, device_kind: str, dataset_name: str):
    """Loss curves and value samples for raw, [0, 1] and standardised pixels, on one seed (`cfg.seed`)."""
    from core.data_splits import scaling

    return scaling.normalization_experiment(dataset(device_kind, dataset_name), cfg)


def scaling(cfg, device_kind: str, dataset_name: str, on_progress=None):
    """The input-scale experiment on `cfg.seeds` seeds."""
    from core.data_splits import scaling

    return scaling.compare_scales(
        cfg, lambda seed: normalization(scaling.one_seed(cfg, seed), device_kind, dataset_name), on_progress)


@st.cache_data(show_spinner="Removing values and filling them in five ways…", max_entries=32)
def missing(cfg):
    from core.data_splits import missing

    return missing.missing_values_experiment(cfg)


@queued_run(show_spinner=False, max_entries=64)
def encoding(cfg):
    """The encodings on one seed (`cfg.seed`)."""
    from core.data_splits import encoding

    return encoding.encoding_experiment(cfg)


def encodings(cfg, on_progress=None):
    """The encodings on `cfg.seeds` seeds."""
    from core.data_splits import encoding as enc

    return enc.compare_encodings(cfg, lambda seed: encoding(enc.one_seed(cfg, seed)), on_progress)


@st.cache_data(show_spinner=False, max_entries=16)
def gallery(names: tuple[str, ...], device_kind: str, dataset_name: str, seed: int = 0):
    from core.data_splits import augmentation

    return augmentation.gallery(dataset(device_kind, dataset_name), names, seed=seed)


@queued_run(show_spinner=False, max_entries=128)
def augmentation_arm(cfg, arm: str, seed: int, device_kind: str, dataset_name: str):
    """One arm of the augmentation experiment on one seed: accuracies only."""
    from core.data_splits import augmentation

    return augmentation.run_arm(dataset(device_kind, dataset_name), cfg, arm, seed)


def augmentation(cfg, device_kind: str, dataset_name: str, on_progress=None):
    """Every arm of the augmentation experiment on every seed."""
    from core.data_splits import augmentation as aug

    return aug.compare(cfg, lambda arm, s: augmentation_arm(cfg, arm, s, device_kind, dataset_name), on_progress)


@queued_run(show_spinner=False, max_entries=64)
def learning_curve(cfg, name: str, device_kind: str, dataset_name: str):
    """Per-epoch losses and the regime of one network size, on one seed (`cfg.seed`)."""
    from core.data_splits import fitting

    return fitting.learning_curve(dataset(device_kind, dataset_name), cfg, name)


def learning_curves(cfg, device_kind: str, dataset_name: str, on_progress=None):
    """The three network sizes on `cfg.seeds` seeds."""
    from core.data_splits import fitting

    return fitting.learning_curves(
        cfg, lambda name, seed: learning_curve(fitting.one_seed(cfg, seed), name, device_kind, dataset_name),
        on_progress)


@queued_run(show_spinner=False, max_entries=16)
def bias_variance(cfg, _on_progress=None):
    from core.data_splits import fitting

    return fitting.bias_variance(cfg, _on_progress)


@queued_run(show_spinner=False, max_entries=256)
def small_repeat(cfg, repeat: int):
    """One repeat of the small-data comparison: model → test accuracy."""
    from core.data_splits import small_data

    return small_data.run_repeat(cfg, repeat)


def small_data(cfg, on_progress=None):
    """The small-data comparison over `cfg.repeats` repeats."""
    from core.data_splits import small_data as small

    return small.compare(cfg, lambda r: small_repeat(cfg, r), on_progress)


def _digits() -> tuple[str, str]:
    """(device kind, data set name) as the tabs get them: MNIST where it can be had, else the 8×8 digits."""
    from ui import cache as shared

    kind = shared.device().kind
    return kind, shared.digits(kind).name


DEFAULTS = {  # each tab's default result → the call that makes it, the same the tab makes; cheapest first
    "missing values": lambda: missing(MissingConfig()),
    "small data": lambda: small_data(SmallDataConfig()),
    "leakage": lambda: leakage(LeakageConfig()),
    "scaling": lambda: scaling(NormConfig(), *_digits()),
    "categories": lambda: encodings(EncodingConfig()),
    "fitting": lambda: learning_curves(FittingConfig(), *_digits()),
    "bias and variance": lambda: bias_variance(BiasVarianceConfig()),
    "augmentation": lambda: augmentation(AugConfig(), *_digits()),
}
