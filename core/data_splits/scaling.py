"""Input scale: the same network trained on raw pixels (0–255), on pixels in [0, 1] and on standardised pixels.

The standardiser is fitted on the training images only and then applied to the
validation images, the same way a deployed model would meet new data.

The default is SGD with momentum at one fixed learning rate, where the effect is plain: a step
that suits inputs of size 1 is 255 times too large for the first layer on raw pixels, so raw
pixels blow up, [0, 1] crawls, and standardised inputs learn. Adam rescales every weight's step
by its own gradient size, which hides most of the difference (choose it on the page to see).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import torch

from core.data import Dataset
from core.data_splits.trainer import Curve, FitSettings, fit
from core.device import single_threaded
from core.models import mlp

SCALES = ("raw 0–255", "[0, 1]", "standardised")


@dataclass(frozen=True)
class NormConfig:
    n_train: int = 2000  # MNIST training images
    epochs: int = 2
    optimizer: str = "sgd"  # SGD with momentum 0.9: one fixed step size for every weight
    lr: float = 0.01  # suits inputs of size about 1; 255 times too large a step on raw pixels
    hidden: int = 128  # one hidden layer: the tutorial's 784-128-10
    seed: int = 0  # the same initial weights and batch order for every input scale
    seeds: int = 3  # repeat with seeds seed, seed + 1, …: the spread shows what is luck


@dataclass
class NormResult:
    curves: dict[str, Curve]  # input scale → training curve
    values: dict[str, np.ndarray]  # input scale → a sample of input values, for histograms
    target: float  # the loss that counts as "converged enough" for steps_to_target

    def steps_to_target(self, scale: str) -> int | None:
        """The step from which the running training loss stays below `target`; None if it never settles there."""
        c = self.curves[scale]
        if c.diverged or not c.train_loss or c.train_loss[-1] >= self.target:
            return None
        above = [i for i, loss in enumerate(c.train_loss) if loss >= self.target]
        return c.step[above[-1] + 1] if above else c.step[0]

    def mean_loss(self, scale: str) -> float:
        """Mean running training loss over the whole run: the area under the curve (lower converged faster)."""
        c = self.curves[scale]
        return float(np.mean(c.train_loss)) if c.train_loss and not c.diverged else float("inf")

    def final_acc(self, scale: str) -> float:
        """Validation accuracy at the end of training (nan when the loss became NaN or infinite)."""
        c = self.curves[scale]
        return float(c.val_acc[-1]) if c.val_acc and not c.diverged else float("nan")


def input_scales(data: Dataset, x: torch.Tensor, fit_on: torch.Tensor) -> dict[str, torch.Tensor]:
    """The same images three ways: pixels 0–255, pixels in [0, 1], and (p − mean) / std with training stats."""
    pixels = data.to_pixels(x)  # undo the loader's normalisation: (N, 1, side, side) in [0, 1]
    train_pixels = data.to_pixels(fit_on)
    mean, std = train_pixels.mean(), train_pixels.std()  # this experiment's own scaler, fitted on its training images
    return {SCALES[0]: pixels * 255, SCALES[1]: pixels, SCALES[2]: (pixels - mean) / std}


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def normalization_experiment(data: Dataset, cfg: NormConfig,
                             on_progress: Callable[[float], None] | None = None) -> NormResult:
    """Train the same network from the same initial weights on each input scale."""
    sub = data.subset(cfg.n_train, cfg.seed)
    train_sets = input_scales(data, sub.train_x, sub.train_x)
    val_sets = input_scales(data, data.val_x[:2000], sub.train_x)
    settings = FitSettings(epochs=cfg.epochs, lr=cfg.lr, optimizer=cfg.optimizer, seed=cfg.seed,
                           record_every=max(1, len(sub.train_y) // 64 // 8))  # about 8 points per epoch
    curves, values = {}, {}
    for i, scale in enumerate(SCALES):
        torch.manual_seed(cfg.seed)  # identical initial weights for every scale
        model = mlp(data.side ** 2, (cfg.hidden,), data.classes).to(sub.train_x.device)
        curves[scale] = fit(model, train_sets[scale], sub.train_y, val_sets[scale], data.val_y[:2000], settings)
        flat = train_sets[scale].flatten()
        values[scale] = flat[torch.randperm(len(flat), generator=torch.Generator().manual_seed(0))[:20_000]
                             .to(flat.device)].cpu().numpy()
        if on_progress:
            on_progress((i + 1) / len(SCALES))
    return NormResult(curves, values, target=0.5)


@dataclass
class ScaleComparison:
    """The experiment on several seeds: one NormResult per seed (seed, seed + 1, …)."""

    runs: list[NormResult]

    def final_acc(self, scale: str) -> np.ndarray:
        """(seeds,) final validation accuracy; nan where that seed's run diverged."""
        return np.array([r.final_acc(scale) for r in self.runs])

    def mean_loss(self, scale: str) -> np.ndarray:
        """(seeds,) mean running training loss (inf where that seed's run diverged)."""
        return np.array([r.mean_loss(scale) for r in self.runs])

    def diverged(self, scale: str) -> int:
        """Seeds on which the loss became NaN or infinite."""
        return sum(r.curves[scale].diverged for r in self.runs)


def compare_scales(cfg: NormConfig, run: Callable[[int], NormResult],
                   on_progress: Callable[[float], None] | None = None) -> ScaleComparison:
    """The experiment on `cfg.seeds` seeds; `run(seed)` does one (pass a cached one so a revisit is instant)."""
    runs = []
    for i in range(cfg.seeds):
        runs.append(run(cfg.seed + i))
        if on_progress:
            on_progress((i + 1) / cfg.seeds)
    return ScaleComparison(runs)


def one_seed(cfg: NormConfig, seed: int) -> NormConfig:
    """The settings of one seed's run (the number of seeds does not change it, so runs are shared)."""
    return replace(cfg, seed=seed, seeds=1)
