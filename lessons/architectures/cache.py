"""The Architectures lesson's caches: small results, never a model."""
import streamlit as st

from ui.cache import dataset, device, queued_run


@st.cache_resource(show_spinner=False)
def warm_up():
    """Once per server, in the background: the first optimizer's slow import, before anyone presses Train."""
    import threading

    from core.architectures import trainer

    thread = threading.Thread(target=trainer.warm_up, daemon=True, name="playground-warm-up")
    thread.start()
    return thread


@st.cache_data(show_spinner=False, max_entries=256)
def capacity_point(data_cfg, hidden: tuple[int, ...], features: tuple[str, ...], activation: str, epochs: int):
    """One network of the capacity sweep (frozen configs in, a small result out)."""
    from core.architectures import capacity

    return capacity.capacity_point(data_cfg, hidden, features, activation, epochs)


@queued_run(show_spinner=False, max_entries=32)
def compare_row(kind: str, cfg, device_kind: str, dataset_name: str):
    """One row of FNN vs CNN vs RNN, trained on `dataset_name` ("MNIST" or the 8×8 fallback)."""
    from core.architectures import compare

    return compare.compare_one(kind, dataset(device_kind, dataset_name), cfg, device().name)
