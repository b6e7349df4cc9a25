"""Vanishing and exploding gradients: how big each layer's gradient is in a deep network.

Backprop multiplies one factor per layer (a weight matrix times the activation's
slope). Sigmoid's slope is at most 1/4, so ten layers shrink the gradient by
orders of magnitude; ReLU with He initialisation keeps it about the same size,
and weights a little too large make it grow (explode) instead.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.device import single_threaded
from core.models import initialise, mlp

FLOW_ACTIVATIONS = ("sigmoid", "tanh", "relu")  # names in core.activations, compared side by side
FLOW_INITS = ("default", "xavier", "he")


@dataclass(frozen=True)
class FlowConfig:
    depth: int = 10  # hidden layers
    width: int = 64  # neurons per hidden layer
    weight_scale: float = 1.0  # multiplies every weight after initialisation; >1 makes gradients explode
    batch: int = 256  # images in the one batch the gradient is taken on
    seed: int = 0  # the first seed; `flows_over_seeds` also draws the next ones


@dataclass(frozen=True)
class Flow:
    activation: str
    init: str
    norms: tuple[float, ...]  # ‖∂L/∂W‖ of each Linear layer, first (input side) to last (output side)

    @property
    def first_to_last(self) -> float:
        """How much smaller the first layer's gradient is than the last's (1 = no vanishing)."""
        return self.norms[0] / self.norms[-1] if self.norms[-1] > 0 else float("nan")


def layer_gradient_norms(cfg: FlowConfig, activation: str, init: str, x: torch.Tensor, y: torch.Tensor) -> Flow:
    """One forward and backward pass of a fresh deep MLP; the gradient norm of each weight matrix."""
    torch.manual_seed(cfg.seed)
    x, y = x[:cfg.batch], y[:cfg.batch]  # (batch, 1, side, side), (batch,)
    model = mlp(x[0].numel(), (cfg.width,) * cfg.depth, int(y.max()) + 1, activation).to(x.device)
    initialise(model, init, activation)
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(cfg.weight_scale)
    F.cross_entropy(model(x), y).backward()
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    return Flow(activation, init, tuple(m.weight.grad.norm().item() for m in linears))


def all_flows(cfg: FlowConfig, x: torch.Tensor, y: torch.Tensor) -> list[Flow]:
    """Every activation with every initialisation, on the same batch."""
    return [layer_gradient_norms(cfg, a, i, x, y) for a in FLOW_ACTIVATIONS for i in FLOW_INITS]


@dataclass(frozen=True)
class SeededFlow:
    """One activation × initialisation, measured on several freshly drawn networks (one per seed)."""

    activation: str
    init: str
    norms: np.ndarray  # (seeds, layers) ‖∂L/∂W‖ of each Linear layer, input side first

    @property
    def median(self) -> np.ndarray:
        """(layers,) the median over seeds of each layer's gradient norm."""
        return np.median(self.norms, axis=0)

    @property
    def first_to_last(self) -> np.ndarray:
        """(seeds,) how much smaller the first layer's gradient is than the last's (1 = no vanishing)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.norms[:, 0] / self.norms[:, -1]


@single_threaded  # small products: a second CPU thread only waits (see core.device)
def flows_over_seeds(cfg: FlowConfig, x: torch.Tensor, y: torch.Tensor, seeds: int = 3) -> list[SeededFlow]:
    """`all_flows` on seeds cfg.seed, cfg.seed + 1, …: every activation with every initialisation."""
    runs = [all_flows(replace(cfg, seed=cfg.seed + s), x, y) for s in range(seeds)]
    return [SeededFlow(first.activation, first.init, np.array([run[k].norms for run in runs]))
            for k, first in enumerate(runs[0])]
