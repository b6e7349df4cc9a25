"""Depth, width and capacity: the same data fitted by networks of growing size.

Capacity here is the parameter count. Too few parameters cannot draw the boundary
(high train and test error); enough parameters fit it; on few noisy points, many
parameters fit the noise too (train error falls, test error does not).
"""
from __future__ import annotations

from dataclasses import dataclass

from core.architectures.playground import FitConfig, NetConfig, new_run
from core.architectures.points import DataConfig
from core.architectures.trainer import train_epochs

SWEEP_NETS = ((1,), (2,), (4,), (8,), (32,), (8, 8), (32, 32), (32, 32, 32))
SWEEP_FIT = FitConfig(optimizer="adam", lr=0.03, batch_size=10_000)  # full batch: one step per epoch, fast


@dataclass(frozen=True)
class CapacityPoint:
    hidden: tuple[int, ...]
    parameters: int
    train_error: float  # 1 − accuracy, or MSE for regression
    test_error: float

    @property
    def label(self) -> str:
        return "-".join(map(str, self.hidden)) or "none"


def capacity_point(data_cfg: DataConfig, hidden: tuple[int, ...], features: tuple[str, ...],
                   activation: str = "tanh", epochs: int = 300, seed: int = 0) -> CapacityPoint:
    """Train one network of the sweep with a fixed recipe (full-batch Adam) and measure its errors."""
    net = NetConfig(features=features, hidden=hidden, activations=(activation,) * len(hidden), seed=seed)
    run = train_epochs(new_run(data_cfg, net), SWEEP_FIT, epochs)
    last = run.history[-1]
    if data_cfg.task == "regression":
        return CapacityPoint(hidden, run.parameters, last.train_loss, last.test_loss)
    return CapacityPoint(hidden, run.parameters, 1 - last.train_score, 1 - last.test_score)
