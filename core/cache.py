"""The one place core meets Streamlit: shared, read-only caches.

`cache_resource` objects are shared by every visitor, so only read-only data
(datasets) and the server-wide training gate live here, never a visitor's model.
"""
from __future__ import annotations

import functools
import os

import streamlit as st

from core import data, hosting
from core.device import DeviceInfo, pick_device
from core.jobs import JobGate
from core.outside import drawn_outside


@st.cache_resource(show_spinner="Loading MNIST into memory…")
def mnist(device_kind: str = "cpu") -> data.Dataset:
    """MNIST as tensors on one device; raises `data.DatasetMissing` when it cannot be had."""
    return data.load_mnist(download=os.environ.get("NNLAB_OFFLINE") != "1").to(device_kind)


@st.cache_resource(show_spinner=False)
def digits_fallback(device_kind: str = "cpu") -> data.Dataset:
    return data.load_digits_fallback().to(device_kind)


@st.cache_resource(show_spinner=False)
def device() -> DeviceInfo:
    return pick_device(os.environ.get("NNLAB_DEVICE"))


@st.cache_resource(show_spinner=False)
def training_gate() -> JobGate:
    """The server-wide queue for training jobs."""
    limits = hosting.limits()
    return JobGate(limits.concurrent_jobs, limits.threads_per_job)


def _digits(device_kind: str, dataset_name: str) -> data.Dataset:
    """The data set a page was drawn with: "MNIST" or the 8×8 fallback."""
    return mnist(device_kind) if dataset_name == "MNIST" else digits_fallback(device_kind)


def _queued(fn):
    """A cached training run: on a cache miss it first waits for a place in the server-wide queue."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with training_gate().turn(on_wait=hosting.current_notice()):
            return fn(*args, **kwargs)
    return wrapper


# --- Neuron page ---
@st.cache_data(show_spinner="Training one neuron with and without a bias…")
def neuron_bias_fits(seed: int = 0):
    """The bias lesson's points and its best neurons, trained with and without a bias (the same for everyone)."""
    from core import neuron_bias

    points = neuron_bias.shifted_clouds(seed=seed)
    return points, neuron_bias.fit(points, bias=True), neuron_bias.fit(points, bias=False)


# --- Loss & optimization page ---
@st.cache_data(show_spinner=False, max_entries=64)
def loss_race(cfg):
    """The optimizer race for one setup (a frozen `optimizers.RaceConfig`): numbers only, no model."""
    from core import optimizers

    return optimizers.race(cfg)


@st.cache_data(show_spinner="Measuring gradients in 9 deep networks…", max_entries=16)
def loss_gradient_flow(cfg, dataset_name: str, _x, _y):
    """Per-layer gradient norms for every activation × initialisation on one batch of `dataset_name`."""
    from core import gradient_flow

    return gradient_flow.all_flows(cfg, _x, _y)


@st.cache_data(show_spinner="Training with batch size N, a mini-batch and 1…", max_entries=16)
def loss_batching(cfg, dataset_name: str, _x, _y):
    """Curves, wall times and noise of the three batch sizes (no model is kept)."""
    from core import batching

    return batching.compare(cfg, _x, _y)


# --- Architectures ---
@st.cache_resource(show_spinner=False)
def arch_warm_up():
    """Once per server, in the background: the first optimizer's slow import, before anyone presses Train."""
    import threading

    from core import playground_train

    thread = threading.Thread(target=playground_train.warm_up, daemon=True, name="playground-warm-up")
    thread.start()
    return thread


@st.cache_data(show_spinner=False, max_entries=256)
def arch_capacity_point(data_cfg, hidden: tuple[int, ...], features: tuple[str, ...], activation: str,
                        epochs: int):
    """One network of the capacity sweep (frozen configs in, a small result out; no model is kept)."""
    from core import playground_capacity

    return playground_capacity.capacity_point(data_cfg, hidden, features, activation, epochs)


@st.cache_data(show_spinner=False, max_entries=32)
@_queued
def arch_compare_row(kind: str, cfg, device_kind: str, dataset_name: str):
    """One row of FNN vs CNN vs RNN, trained on `dataset_name` ("MNIST" or the 8×8 fallback)."""
    from core import architecture_compare

    return architecture_compare.compare_one(kind, _digits(device_kind, dataset_name), cfg, device().name)


# --- mnist ---
@st.cache_resource(show_spinner="Training the default digit network once (a few seconds)…")
def mnist_default_run(device_kind: str, dataset_name: str):
    """The quickly trained tutorial network, shared read-only by every visitor who has not trained one."""
    from core.mnist_lab import default_run

    return default_run(_digits(device_kind, dataset_name), device().name)


@st.cache_data(show_spinner="Training the NumPy and the PyTorch network side by side…", max_entries=16)
@_queued
def mnist_scratch(cfg, device_kind: str, dataset_name: str):
    """NumPy vs PyTorch from the same weights: deterministic for a config, so shared by everyone."""
    from core.numpy_mlp import compare

    return compare(cfg, _digits(device_kind, dataset_name), device_kind)


# --- Bias audit ---
@st.cache_data(show_spinner=False, max_entries=64)
@_queued
def _bias_image_audit(cfg, dataset_name: str, device_kind: str, _data, _on_progress):
    from core import bias_images

    return bias_images.run_image_audit(_data, cfg, _on_progress)


def bias_image_audit(cfg, data, on_progress=None):
    """One MNIST under-representation run (a frozen `bias_images.ImageBiasConfig`): numbers and images, no model."""
    return _bias_image_audit(cfg, data.name, data.train_x.device.type, data, drawn_outside(on_progress))


@st.cache_data(show_spinner=False, max_entries=32)
@_queued
def _bias_tabular_audit(cfg, _on_progress):
    from core import bias_tabular

    return bias_tabular.run_tabular_audit(cfg, _on_progress)


def bias_tabular_audit(cfg, on_progress=None):
    """The Arrests baseline for a frozen `bias_tabular.TabularConfig`: test scores and metrics."""
    return _bias_tabular_audit(cfg, drawn_outside(on_progress))


@st.cache_data(show_spinner=False, max_entries=32)
@_queued
def _bias_mitigations(cfg, goal: str, rounds: int, _on_progress):
    from core import bias_tabular

    return bias_tabular.run_mitigations(cfg, goal, rounds, _on_progress)


def bias_mitigations(cfg, goal: str, rounds: int, on_progress=None):
    """Baseline, reweighing, a group-weighted loss (`rounds` rounds) and ThresholdOptimizer on the same test rows."""
    return _bias_mitigations(cfg, goal, rounds, drawn_outside(on_progress))


@st.cache_data(show_spinner=False)
def bias_arrests():
    """The Arrests table (scikit-lego ships it; no network needed)."""
    from core import bias_tabular

    return bias_tabular.load_arrests()


# --- Data & splits ---
@st.cache_data(show_spinner=False, max_entries=32)
@_queued
def _data_leakage(cfg, _on_progress):
    from core import leakage

    return leakage.simulate(cfg, on_progress=_on_progress)


def data_leakage(cfg, on_progress=None):
    """The leakage simulator for a frozen `leakage.LeakageConfig`: scores only."""
    return _data_leakage(cfg, drawn_outside(on_progress))


@st.cache_data(show_spinner="Training the same network on three input scales…", max_entries=16)
@_queued
def data_normalization(cfg, device_kind: str, dataset_name: str):
    """Loss curves and value samples for raw, [0, 1] and standardised pixels (no model is kept)."""
    from core import preprocessing

    return preprocessing.normalization_experiment(_digits(device_kind, dataset_name), cfg)


@st.cache_data(show_spinner="Removing values and filling them in five ways…", max_entries=32)
def data_missing(cfg):
    from core import preprocessing

    return preprocessing.missing_values_experiment(cfg)


@st.cache_data(show_spinner="Encoding the city five ways and training a small network on each…", max_entries=16)
@_queued
def data_encoding(cfg):
    from core import data_encoding

    return data_encoding.encoding_experiment(cfg)


@st.cache_data(show_spinner=False, max_entries=16)
def data_gallery(names: tuple[str, ...], device_kind: str, dataset_name: str, seed: int = 0):
    from core import augmentation

    return augmentation.gallery(_digits(device_kind, dataset_name), names, seed=seed)


@st.cache_data(show_spinner=False, max_entries=128)
@_queued
def data_augmentation_arm(cfg, arm: str, seed: int, device_kind: str, dataset_name: str):
    """One arm of the augmentation experiment on one seed: accuracies only."""
    from core import augmentation

    return augmentation.run_arm(_digits(device_kind, dataset_name), cfg, arm, seed)


@st.cache_data(show_spinner=False, max_entries=64)
@_queued
def data_learning_curve(cfg, name: str, device_kind: str, dataset_name: str):
    """Per-epoch losses and the regime of one network size (no model is kept)."""
    from core import fitting

    return fitting.learning_curve(_digits(device_kind, dataset_name), cfg, name)


@st.cache_data(show_spinner=False, max_entries=16)
@_queued
def _data_bias_variance(cfg, _on_progress):
    from core import fitting

    return fitting.bias_variance(cfg, _on_progress)


def data_bias_variance(cfg, on_progress=None):
    return _data_bias_variance(cfg, drawn_outside(on_progress))


@st.cache_data(show_spinner=False, max_entries=256)
@_queued
def data_small_repeat(cfg, repeat: int):
    """One repeat of the small-data comparison: model → test accuracy."""
    from core import small_data

    return small_data.run_repeat(cfg, repeat)
