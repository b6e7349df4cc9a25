"""Data augmentation on MNIST with torchvision.transforms.v2, and whether it helps a small training set.

Augmentation shows the network the same digit slightly rotated, shifted or
squeezed, changes that do not change which digit it is. A change that *does*
change the answer is harmful: a mirrored 2 or 7 is no digit at all, and a 6
turned upside down is a 9.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torchvision.transforms import v2

from core.data import Dataset
from core.data_splits.trainer import FitSettings, fit
from core.device import single_threaded
from core.models import mlp
from core.train import evaluate

GROUP = 8  # images that share one random draw: v2 draws once per call, and a call per image is slow


def transforms(side: int = 28) -> dict[str, v2.Transform]:
    """Every augmentation the lesson shows, on pixel images in [0, 1] of size side × side.

    Gentle on purpose: a digit shifted by a quarter of its width is a different picture to an MLP.
    """
    return {
        "rotation": v2.RandomRotation(degrees=10),
        "shift": v2.RandomAffine(degrees=0, translate=(0.08, 0.08)),  # up to about 2 pixels
        "crop": v2.RandomResizedCrop(side, scale=(0.8, 1.0), ratio=(0.9, 1.1)),
        "scale": v2.RandomAffine(degrees=0, scale=(0.9, 1.1)),
        "elastic": v2.ElasticTransform(alpha=20.0 * side / 28, sigma=4.0 * side / 28),
        "noise": v2.GaussianNoise(sigma=0.15),
        "horizontal flip": v2.RandomHorizontalFlip(p=1.0),
        "vertical flip": v2.RandomVerticalFlip(p=1.0),
    }


def affine_params(names: tuple[str, ...]) -> dict:
    """Rotation, shift and scale folded into one RandomAffine: one resampling instead of three blurs."""
    return dict(degrees=10 if "rotation" in names else 0,
                translate=(0.08, 0.08) if "shift" in names else None,
                scale=(0.9, 1.1) if "scale" in names else None)


SAFE = ("rotation", "shift", "crop", "scale", "elastic", "noise")  # keep the digit's identity
FLIPS = ("horizontal flip", "vertical flip")  # change it


def augmenter(data: Dataset, names: tuple[str, ...], flip_p: float = 0.0) -> Callable[[torch.Tensor], torch.Tensor]:
    """A batch transform for training: normalised images in, augmented normalised images out.

    `flip_p` > 0 also mirrors left-right with that probability (the wrong augmentation for digits).
    """
    table = transforms(data.side)
    steps = [v2.RandomAffine(**affine_params(names))] if {"rotation", "shift", "scale"} & set(names) else []
    steps += [table[n] for n in ("crop", "elastic", "noise") if n in names]
    if flip_p > 0:
        steps.append(v2.RandomHorizontalFlip(p=flip_p))
    pipeline = v2.Compose(steps)

    def augment(x: torch.Tensor) -> torch.Tensor:
        pixels = data.to_pixels(x)  # (batch, 1, side, side); blank background is 0, so transforms fill with blank
        out = torch.cat([pipeline(pixels[i:i + GROUP]) for i in range(0, len(pixels), GROUP)])
        return data.normalise(out)

    return augment


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def gallery(data: Dataset, names: tuple[str, ...], n: int = 6, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    """The same `n` test digits, first as they are, then under each named transform (one draw per image).

    Returns images (rows, n, side, side) in [0, 1] and the row names.
    """
    table = transforms(data.side)
    torch.manual_seed(seed)
    pixels = data.to_pixels(data.test_x[:n].cpu())  # (n, 1, side, side)
    rows = [pixels[:, 0]]
    for name in names:
        rows.append(torch.stack([table[name](img) for img in pixels])[:, 0])
    return torch.stack(rows).numpy(), ["original", *names]


@dataclass(frozen=True)
class AugConfig:
    n_train: int = 500  # the small training subset
    epochs: int = 50  # augmented data needs more epochs to fit; without it, 50 only memorise longer
    seeds: int = 3  # each arm is trained on this many different subsets and initialisations; results averaged
    names: tuple[str, ...] = ("rotation", "shift", "scale")  # the augmentations used in training
    with_flips: bool = False  # also train an arm that adds left-right flips
    hidden: int = 128  # the tutorial's MLP 784-128-10

    @property
    def arms(self) -> tuple[str, ...]:
        return ("none", "augmented", "augmented + flips") if self.with_flips else ("none", "augmented")


@dataclass(frozen=True)
class ArmResult:
    arm: str
    seed: int
    test_acc: float
    train_acc: float  # on the un-augmented training images
    val_acc: list[float]  # per epoch


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def run_arm(data: Dataset, cfg: AugConfig, arm: str, seed: int) -> ArmResult:
    """Train the MLP on `cfg.n_train` images (subset chosen by `seed`) with or without augmentation."""
    sub = data.subset(cfg.n_train, seed)
    augment = None
    if arm != "none":
        augment = augmenter(data, cfg.names, flip_p=0.5 if arm == "augmented + flips" else 0.0)
    torch.manual_seed(seed)  # same initial weights in every arm
    model = mlp(data.side ** 2, (cfg.hidden,), data.classes).to(sub.train_x.device)
    curve = fit(model, sub.train_x, sub.train_y, data.val_x[:2000], data.val_y[:2000],
                FitSettings(epochs=cfg.epochs, seed=seed), augment=augment)
    return ArmResult(arm, seed, evaluate(model, data.test_x, data.test_y)[1],
                     evaluate(model, sub.train_x, sub.train_y)[1], curve.val_acc)


@dataclass
class AugResult:
    runs: list[ArmResult]

    def test_acc(self, arm: str) -> np.ndarray:
        return np.array([r.test_acc for r in self.runs if r.arm == arm])

    def gain(self, arm: str = "augmented") -> float:
        """Mean test accuracy of `arm` minus that of no augmentation, over the same seeds (positive: it helped)."""
        return float(self.test_acc(arm).mean() - self.test_acc("none").mean())


def compare(cfg: AugConfig, run: Callable[[str, int], ArmResult],
            on_progress: Callable[[float], None] | None = None) -> AugResult:
    """Every arm on every seed; `run(arm, seed)` trains one (pass a cached one to reuse earlier runs)."""
    jobs = [(arm, seed) for seed in range(cfg.seeds) for arm in cfg.arms]
    runs = []
    for i, (arm, seed) in enumerate(jobs):
        runs.append(run(arm, seed))
        if on_progress:
            on_progress((i + 1) / len(jobs))
    return AugResult(runs)
