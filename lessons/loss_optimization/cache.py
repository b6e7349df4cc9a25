"""The Loss & optimization lesson's caches: numbers only, never a model."""
import streamlit as st


@st.cache_data(show_spinner=False, max_entries=64)
def race(cfg):
    """The optimizer race for one setup (a frozen `race.RaceConfig`)."""
    from core.loss_optimization import race

    return race.race(cfg)


@st.cache_data(show_spinner="Measuring gradients in 9 deep networks…", max_entries=16)
def gradient_flow(cfg, dataset_name: str, _x, _y):
    """Per-layer gradient norms for every activation × initialisation on one batch of `dataset_name`."""
    from core.loss_optimization import gradient_flow

    return gradient_flow.all_flows(cfg, _x, _y)


@st.cache_data(show_spinner="Training with batch size N, a mini-batch and 1…", max_entries=16)
def batching(cfg, dataset_name: str, _x, _y):
    """Curves, wall times and noise of the three batch sizes."""
    from core.loss_optimization import batching

    return batching.compare(cfg, _x, _y)
