"""The Loss & optimization lesson's caches (numbers only, never a model), and the default results the
warm-up fills (ui/warmup.py) so that no tab opens blank."""
import streamlit as st

from ui.cache import queued_run


@st.cache_data(show_spinner=False, max_entries=64)
def race(cfg):
    """The optimizer race for one setup (a frozen `race.RaceConfig`)."""
    from core.loss_optimization import race

    return race.race(cfg)


@st.cache_data(show_spinner="Measuring gradients in 9 deep networks, 3 seeds each…", max_entries=16)
def gradient_flow(cfg, dataset_name: str, _x, _y):
    """Per-layer gradient norms for every activation × initialisation on one batch of `dataset_name`, 3 seeds."""
    from core.loss_optimization import gradient_flow

    return gradient_flow.flows_over_seeds(cfg, _x, _y)


@queued_run(show_spinner=False, max_entries=16)
def batching(cfg, dataset_name: str, _x, _y, _on_progress=None):
    """Curves over 3 seeds and the timed update of the three batch sizes."""
    from core.loss_optimization import batching

    return batching.compare_seeds(cfg, _x, _y, on_progress=_on_progress)


def batch_inputs(data, n_train: int):
    """The images the batch-size tab trains on: a seeded subset, on the CPU (so times are the CPU's)."""
    sub = data.subset(n_train, seed=0)
    return sub.train_x.cpu(), sub.train_y.cpu()


def flow_batch(data, size: int = 256):
    """The one batch the vanishing-gradients tab differentiates, on the CPU."""
    batch = data.subset(size, seed=0)
    return batch.train_x.cpu(), batch.train_y.cpu()


def _digits():
    from ui import cache as shared

    return shared.digits(shared.device().kind)


def _default_batching():
    from core.loss_optimization.batching import BatchConfig

    data = _digits()
    return batching(BatchConfig(), data.name, *batch_inputs(data, BatchConfig().n_train))


def _default_flow():
    from core.loss_optimization.gradient_flow import FlowConfig

    data = _digits()
    return gradient_flow(FlowConfig(), data.name, *flow_batch(data))


def _default_race():
    from core.loss_optimization.race import RaceConfig

    return race(RaceConfig())


DEFAULTS = {  # the same calls the tabs make with their default settings, so the cache keys match
    "race": _default_race,
    "batching": _default_batching,
    "gradient_flow": _default_flow,
}
