"""The Bias audit's caches: numbers and images, never a model."""
import streamlit as st

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
