"""The MNIST lesson's shared results: the default network and the NumPy-vs-PyTorch race."""
import streamlit as st

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
