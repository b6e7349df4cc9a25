"""Under- and overfitting: learning curves for three network sizes, and bias–variance over capacity.

A too-small network cannot fit even its training data (underfitting: both losses
high). A too-large one memorises it: its training loss keeps falling while its
validation loss turns upward (overfitting). Early stopping keeps the weights from
the epoch where validation loss was lowest.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import torch

from core.data import Dataset
from core.data_splits.trainer import Curve, FitSettings, fit
from core.device import single_threaded
from core.models import count_parameters, mlp

CAPACITIES = {"too small": (2,), "right": (32,), "too large": (256, 256)}  # hidden widths of each MLP


@dataclass(frozen=True)
class FittingConfig:
    n_train: int = 1000  # a small training set makes overfitting show within a few epochs
    epochs: int = 20
    lr: float = 1e-3
    seed: int = 0  # the first seed: it picks the training images, the initial weights and the batch order
    seeds: int = 3  # seeds seed, seed + 1, …: the regime must show on each, not on one lucky draw


@dataclass(frozen=True)
class Regime:
    name: str  # "underfitting", "overfitting" or "good fit"
    reason: str  # one sentence a learner can check against the curve
    best_epoch: int  # early stopping: the epoch (1-based) with the lowest validation loss
    best_val_loss: float


UNDERFIT_SHARE = 0.25  # train loss above this share of the chance-level loss ln(classes) is "high"
RISE = 0.05  # validation loss this far (5%) above its minimum at the end is "turned upward"


def diagnose(curve: Curve, classes: int = 10) -> Regime:
    """Name the regime of a per-epoch learning curve.

    overfitting: validation loss ended more than 5% above its minimum while the training loss kept falling.
    underfitting: otherwise, if the training loss is still above a quarter of chance level, ln(classes).
    good fit: neither.
    """
    train, val = np.asarray(curve.train_loss), np.asarray(curve.val_loss)
    best = int(np.argmin(val))
    chance = math.log(classes)
    if val[-1] > val[best] * (1 + RISE) and train[-1] < train[best]:
        reason = (f"validation loss bottomed out at {val[best]:.3f} in epoch {best + 1} and has risen to "
                  f"{val[-1]:.3f}, while training loss kept falling to {train[-1]:.3f}")
        return Regime("overfitting", reason, best + 1, float(val[best]))
    if train[-1] > UNDERFIT_SHARE * chance:
        reason = (f"even the training loss is still {train[-1]:.3f} (chance level is {chance:.2f}), "
                  f"and validation ({val[-1]:.3f}) is close to it")
        return Regime("underfitting", reason, best + 1, float(val[best]))
    reason = f"training loss is low ({train[-1]:.3f}) and validation loss ({val[-1]:.3f}) is at or near its minimum"
    return Regime("good fit", reason, best + 1, float(val[best]))


@dataclass(frozen=True)
class CapacityRun:
    name: str
    hidden: tuple[int, ...]
    parameters: int
    curve: Curve
    regime: Regime


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def learning_curve(data: Dataset, cfg: FittingConfig, name: str) -> CapacityRun:
    """Train one of CAPACITIES on `cfg.n_train` images and record train/validation loss every epoch."""
    hidden = CAPACITIES[name]
    sub = data.subset(cfg.n_train, cfg.seed)
    torch.manual_seed(cfg.seed)
    model = mlp(data.side ** 2, hidden, data.classes).to(sub.train_x.device)
    curve = fit(model, sub.train_x, sub.train_y, data.val_x[:2000], data.val_y[:2000],
                FitSettings(epochs=cfg.epochs, lr=cfg.lr, seed=cfg.seed))
    return CapacityRun(name, hidden, count_parameters(model), curve, diagnose(curve, data.classes))


@dataclass
class FittingResult:
    """Every size on every seed."""

    runs: dict[str, list[CapacityRun]]  # size → one run per seed

    def regimes(self, name: str) -> list[str]:
        return [r.regime.name for r in self.runs[name]]

    def regime(self, name: str) -> tuple[str, int]:
        """The regime most seeds show, and on how many of them."""
        return Counter(self.regimes(name)).most_common(1)[0]

    def mean_curve(self, name: str, split: str) -> np.ndarray:
        """(epochs,) the train or validation loss averaged over the seeds."""
        key = "train_loss" if split == "train" else "val_loss"
        return np.mean([getattr(r.curve, key) for r in self.runs[name]], axis=0)

    def best_epochs(self, name: str) -> list[int]:
        """Where early stopping would stop on each seed (1-based epochs)."""
        return [r.regime.best_epoch for r in self.runs[name]]


def learning_curves(cfg: FittingConfig, run: Callable[[str, int], CapacityRun],
                    on_progress: Callable[[float], None] | None = None) -> FittingResult:
    """All three sizes on `cfg.seeds` seeds; `run(name, seed)` trains one (pass a cached one)."""
    jobs = [(name, cfg.seed + i) for i in range(cfg.seeds) for name in CAPACITIES]
    runs: dict[str, list[CapacityRun]] = {name: [] for name in CAPACITIES}
    for done, (name, seed) in enumerate(jobs, 1):
        runs[name].append(run(name, seed))
        if on_progress:
            on_progress(done / len(jobs))
    return FittingResult(runs)


def one_seed(cfg: FittingConfig, seed: int) -> FittingConfig:
    """The settings of one seed's run (the number of seeds does not change it, so runs are shared)."""
    return replace(cfg, seed=seed, seeds=1)


# --- bias and variance over capacity ----------------------------------------------------------------------

@dataclass(frozen=True)
class BiasVarianceConfig:
    widths: tuple[int, ...] = (1, 2, 3, 4, 6, 8, 16, 32, 64)  # hidden tanh units: the capacity axis
    datasets: int = 20  # training sets, each drawn afresh from the same curve
    n_points: int = 20  # noisy points per training set
    noise: float = 0.3  # standard deviation of the label noise
    steps: int = 2000  # full-batch Adam steps
    seed: int = 0


@dataclass
class BiasVariance:
    widths: list[int]
    bias2: np.ndarray  # (widths,) squared gap between the average prediction and the true curve
    variance: np.ndarray  # (widths,) how much predictions move between training sets
    noise: float  # irreducible: noise² that no model can predict
    train_mse: np.ndarray  # (widths,) mean squared error on the training points
    grid: np.ndarray  # x values where predictions were taken
    truth: np.ndarray  # the true curve on the grid
    predictions: np.ndarray  # (widths, datasets, grid): every fitted curve

    @property
    def test_mse(self) -> np.ndarray:
        """Expected squared error on a new noisy point: bias² + variance + noise²."""
        return self.bias2 + self.variance + self.noise ** 2

    @property
    def best_width(self) -> int:
        return self.widths[int(np.argmin(self.test_mse))]


def true_curve(x: torch.Tensor) -> torch.Tensor:
    return torch.sin(2 * math.pi * x) * (1 - 0.5 * x)


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def bias_variance(cfg: BiasVarianceConfig, on_progress: Callable[[float], None] | None = None) -> BiasVariance:
    """Fit one tanh network per (width, training set), all at once as one batched model.

    Each of the len(widths) × datasets networks has max(widths) hidden units, of which
    a mask keeps only its own width: the batch trains them independently in one pass.
    """
    g = torch.Generator().manual_seed(cfg.seed)
    k, r, h = len(cfg.widths), cfg.datasets, max(cfg.widths)
    x = (torch.rand(r, cfg.n_points, 1, generator=g) * 2 - 1)  # (r, n, 1): each training set's inputs
    y = true_curve(x) + cfg.noise * torch.randn(r, cfg.n_points, 1, generator=g)
    x, y = x.repeat(k, 1, 1), y.repeat(k, 1, 1)  # (k·r, n, 1): every width sees the same training sets
    mask = (torch.arange(h) < torch.tensor(cfg.widths).repeat_interleave(r)[:, None]).float()[:, None, :]
    width = mask.sum(-1, keepdim=True)  # (k·r, 1, 1)
    w1 = (torch.randn(k * r, 1, h, generator=g) * 4).requires_grad_()  # spread the tanh steps over [-1, 1]
    b1 = (torch.randn(k * r, 1, h, generator=g) * 2).requires_grad_()
    w2 = (torch.randn(k * r, h, 1, generator=g) / width.sqrt()).requires_grad_()
    b2 = torch.zeros(k * r, 1, 1).requires_grad_()

    def net(inp: torch.Tensor) -> torch.Tensor:
        return (torch.tanh(inp @ w1 + b1) * mask) @ w2 + b2  # (k·r, points, 1)

    opt = torch.optim.Adam([w1, b1, w2, b2], lr=0.01)
    for step in range(cfg.steps):
        loss = ((net(x) - y) ** 2).mean((1, 2)).sum()  # a sum of independent losses: one per network
        opt.zero_grad()
        loss.backward()
        opt.step()
        if on_progress and (step + 1) % max(1, cfg.steps // 20) == 0:
            on_progress((step + 1) / cfg.steps)
    grid = torch.linspace(-1, 1, 200)[None, :, None]
    with torch.no_grad():
        pred = net(grid.expand(k * r, -1, -1))[..., 0].reshape(k, r, -1)  # (k, r, grid)
        train_mse = ((net(x) - y) ** 2).mean((1, 2)).reshape(k, r).mean(1)
    truth = true_curve(grid[0, :, 0])
    bias2 = ((pred.mean(1) - truth) ** 2).mean(1)
    variance = pred.var(1, unbiased=False).mean(1)
    return BiasVariance(list(cfg.widths), bias2.numpy(), variance.numpy(), cfg.noise, train_mse.numpy(),
                        grid[0, :, 0].numpy(), truth.numpy(), pred.numpy())
