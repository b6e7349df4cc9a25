"""Why bias matters: a neuron's decision boundary w₁x₁ + w₂x₂ + b = 0 in the plane.

Without b the equation holds at x = (0, 0) whatever the weights, so the line must pass
through the origin: the weights can only turn it. The bias slides it off the origin.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

LO, HI = -1.0, 6.0  # the plane shown: the origin in a corner, the data away from it


@dataclass(frozen=True)
class Points:
    X: np.ndarray  # (n, 2)
    y: np.ndarray  # (n,) 0 or 1


def shifted_clouds(n: int = 60, seed: int = 0) -> Points:
    """Two classes on the same side of the origin, one behind the other: the line between them misses (0, 0)."""
    rng = np.random.default_rng(seed)
    half = n // 2
    X = np.vstack([rng.normal((1.2, 1.8), 0.5, size=(half, 2)),  # class 0, nearer the origin
                   rng.normal((3.2, 4.4), 0.5, size=(n - half, 2))])  # class 1, farther out
    return Points(X, np.repeat([0, 1], [half, n - half]))


def accuracy(points: Points, w1: float, w2: float, b: float) -> float:
    """Share of points on the right side: class 1 where w·x + b > 0."""
    pred = points.X @ np.array([w1, w2]) + b > 0
    return float(np.mean(pred == points.y.astype(bool)))


@dataclass(frozen=True)
class Fit:
    w1: float
    w2: float
    b: float  # 0.0 when trained without a bias
    accuracy: float
    loss: float  # final binary cross-entropy

    @property
    def distance_to_origin(self) -> float:
        """|b| / ‖w‖: how far the boundary passes from (0, 0)."""
        return abs(self.b) / max(float(np.hypot(self.w1, self.w2)), 1e-12)


def fit(points: Points, bias: bool, l2: float = 1e-2, seed: int = 0) -> Fit:
    """Train one sigmoid neuron with binary cross-entropy, with or without a bias.

    Full batch with L-BFGS: 60 points and 3 numbers need no mini-batches. A small L2 penalty on
    the weights keeps them finite when a line separates the classes perfectly.
    """
    torch.manual_seed(seed)
    X = torch.tensor(points.X, dtype=torch.float32)  # (n, 2)
    y = torch.tensor(points.y, dtype=torch.float32)  # (n,)
    neuron = nn.Linear(2, 1, bias=bias)
    opt = torch.optim.LBFGS(neuron.parameters(), lr=1.0, max_iter=50, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(neuron(X).squeeze(1), y)  # (n,) logits vs labels
        (loss + l2 * neuron.weight.pow(2).sum()).backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        loss = nn.functional.binary_cross_entropy_with_logits(neuron(X).squeeze(1), y)
    w1, w2 = neuron.weight.detach().double().flatten().tolist()
    b = float(neuron.bias.item()) if bias else 0.0
    return Fit(w1, w2, b, accuracy(points, w1, w2, b), float(loss.item()))
