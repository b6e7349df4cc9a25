"""Input scale: the same network trained on raw pixels (0–255), on pixels in [0, 1] and on standardised pixels.

The standardiser is fitted on the training images only and then applied to the
validation images, the same way a deployed model would meet new data.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    optimizer: str = "adam"
    lr: float = 1e-3
    hidden: int = 128  # one hidden layer: the tutorial's 784-128-10
    seed: int = 0  # the same initial weights and batch order for every input scale


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
