"""The Playground's 2-D data sets and input features, after TensorFlow Playground's generators.

Points live in the square [-6, 6]²; the data sit within about ±5 of the origin. Noise
either moves the point a label is read from (circle, XOR, regression), widens
the clouds (Gaussians, blobs) or jitters the points (spirals), as the Playground does.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from core.architectures.own_points import PointSet

DOMAIN = 6.0  # the picture shows [-DOMAIN, DOMAIN]²
RADIUS = 5.0  # the data's reach

# data set → (task, what a learner reads)
DATASETS = {
    "circle": ("binary", "Circle"),
    "xor": ("binary", "Exclusive or (XOR)"),
    "gauss": ("binary", "Two Gaussians"),
    "spiral": ("binary", "Spiral"),
    "blobs": ("multiclass", "Blobs (3+ classes)"),
    "arms": ("multiclass", "Spiral arms (3+ classes)"),
    "plane": ("regression", "Plane (regression)"),
    "multigauss": ("regression", "Multi-Gaussian (regression)"),
}
OWN = "own"  # "Your own points": the visitor's (DataConfig.own), uploaded, placed by clicking or from a formula
OWN_LABEL = "Your own points"

# feature → (formula on the page, function of the coordinates, scale that keeps it within about [-1, 1])
FEATURES = {
    "x1": ("x_1", lambda a, b: a, 1 / RADIUS),
    "x2": ("x_2", lambda a, b: b, 1 / RADIUS),
    "x1^2": ("x_1^2", lambda a, b: a * a, 1 / RADIUS ** 2),
    "x2^2": ("x_2^2", lambda a, b: b * b, 1 / RADIUS ** 2),
    "x1x2": ("x_1 x_2", lambda a, b: a * b, 1 / RADIUS ** 2),
    "sin_x1": (r"\sin x_1", lambda a, b: torch.sin(a), 1.0),
    "sin_x2": (r"\sin x_2", lambda a, b: torch.sin(b), 1.0),
}
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂",
                  "sin_x1": "sin x₁", "sin_x2": "sin x₂"}


@dataclass(frozen=True)
class DataConfig:
    kind: str = "circle"  # a key of DATASETS
    noise: float = 0.0  # 0 to 0.5, as the Playground's 0–50 %
    train_ratio: float = 0.5  # share of the points used for training; the rest test
    points: int = 500  # the Playground's 500 for classification
    classes: int = 3  # multiclass data sets only
    validation: float = 0.0  # share of the training points held out to decide early stopping
    seed: int = 0
    own: PointSet | None = None  # the points of "Your own points" (kind OWN), already in the plane

    @property
    def task(self) -> str:
        if self.kind == OWN:
            return self.own.task if self.own is not None else "binary"
        return DATASETS[self.kind][0]

    @property
    def label(self) -> str:
        """The data set's name as a learner reads it in menus and tables."""
        return OWN_LABEL if self.kind == OWN else DATASETS[self.kind][1]


@dataclass(frozen=True)
class PlaygroundData:
    """Coordinates (N, 2) and targets, split into train, validation (maybe empty) and test."""

    task: str  # "binary", "multiclass" or "regression"
    classes: int  # 2 for binary, 1 (an output value) for regression
    train_x: torch.Tensor
    train_y: torch.Tensor  # float 0/1 (binary), long class (multiclass), float in [-1, 1] (regression)
    val_x: torch.Tensor
    val_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor


def _circle(rng, n, noise):
    inner = n // 2
    r = np.concatenate([rng.uniform(0, RADIUS * 0.5, inner), rng.uniform(RADIUS * 0.7, RADIUS, n - inner)])
    angle = rng.uniform(0, 2 * math.pi, n)
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], 1)
    moved = x + rng.uniform(-RADIUS, RADIUS, (n, 2)) * noise  # the label is read at a moved point
    return x, (np.hypot(moved[:, 0], moved[:, 1]) < RADIUS * 0.5).astype(np.float32)


def _xor(rng, n, noise):
    x = rng.uniform(-RADIUS, RADIUS, (n, 2))
    x += np.where(x > 0, 0.3, -0.3)  # a gap of 0.6 around each axis
    moved = x + rng.uniform(-RADIUS, RADIUS, (n, 2)) * noise
    return x, (moved[:, 0] * moved[:, 1] >= 0).astype(np.float32)


def _gauss(rng, n, noise):
    spread = 0.5 + (4 - 0.5) * noise / 0.5  # variance grows from 0.5 to 4 with the noise
    y = (np.arange(n) < n // 2).astype(np.float32)
    centre = np.where(y[:, None] == 1, 2.0, -2.0)
    return centre + rng.normal(0, math.sqrt(spread), (n, 2)), y


def _arms(rng, n, noise, arms):
    """`arms` spiral arms, each turning 1.75 times round the centre."""
    k = np.arange(n) % arms
    t = (np.arange(n) // arms) / math.ceil(n / arms)  # 0 → 1 along each arm
    r, angle = t * RADIUS, 1.75 * t * 2 * math.pi + 2 * math.pi * k / arms
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], 1) + rng.uniform(-1, 1, (n, 2)) * noise * RADIUS / 2
    return x, k


def _blobs(rng, n, noise, classes):
    k = np.arange(n) % classes
    centre_angle = 2 * math.pi * k / classes
    centres = 3.0 * np.stack([np.cos(centre_angle), np.sin(centre_angle)], 1)
    return centres + rng.normal(0, 0.6 + 3 * noise, (n, 2)), k


def _plane(rng, n, noise):
    x = rng.uniform(-RADIUS, RADIUS, (n, 2))
    moved = x + rng.uniform(-RADIUS, RADIUS, (n, 2)) * noise
    return x, np.clip((moved[:, 0] + moved[:, 1]) / (2 * RADIUS), -1, 1).astype(np.float32)


GAUSS_CENTRES = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))


def _multigauss(rng, n, noise):
    """Six bumps of alternating sign; the target is the sum of their heights."""
    x = rng.uniform(-RADIUS, RADIUS, (n, 2))
    moved = x + rng.uniform(-RADIUS, RADIUS, (n, 2)) * noise
    y = sum(sign * np.exp(-((moved[:, 0] - cx) ** 2 + (moved[:, 1] - cy) ** 2) / 2)
            for cx, cy, sign in GAUSS_CENTRES)
    return x, np.clip(y, -1, 1).astype(np.float32)


def make_data(cfg: DataConfig) -> PlaygroundData:
    """Generate, shuffle and split one data set; the same config always gives the same points."""
    if cfg.kind not in DATASETS and cfg.kind != OWN:
        raise ValueError(f"unknown data set {cfg.kind!r}; choose from {[*DATASETS, OWN]}")
    if cfg.kind == OWN and (cfg.own is None or len(cfg.own) < 4):
        raise ValueError("your own points need a PointSet of at least 4 points")
    if not (0.0 <= cfg.noise <= 0.5 and 0.05 <= cfg.train_ratio <= 0.95 and (cfg.points >= 8 or cfg.kind == OWN)):
        raise ValueError("noise must be within 0–0.5, the train ratio within 5–95 % and at least 8 points")
    rng = np.random.default_rng(cfg.seed)
    n, task = cfg.points, cfg.task
    if cfg.kind == OWN:  # the visitor's points as they are: the seed only shuffles them into train and test
        x, y = cfg.own.arrays()
        n = len(y)
    elif cfg.kind == "spiral":
        x, y = _arms(rng, n, cfg.noise, 2)
        y = y.astype(np.float32)
    elif cfg.kind == "arms":
        x, y = _arms(rng, n, cfg.noise, cfg.classes)
    elif cfg.kind == "blobs":
        x, y = _blobs(rng, n, cfg.noise, cfg.classes)
    else:
        x, y = {"circle": _circle, "xor": _xor, "gauss": _gauss, "plane": _plane,
                "multigauss": _multigauss}[cfg.kind](rng, n, cfg.noise)
    perm = rng.permutation(n)
    x = torch.as_tensor(x[perm], dtype=torch.float32)  # (N, 2)
    y = torch.as_tensor(y[perm], dtype=torch.long if task == "multiclass" else torch.float32)  # (N,)
    n_train = min(max(2, round(n * cfg.train_ratio)), n - 2)
    n_val = round(n_train * cfg.validation)
    classes = cfg.classes if task == "multiclass" else 2 if task == "binary" else 1
    if cfg.kind == OWN:
        classes = cfg.own.classes
    return PlaygroundData(task, classes, x[n_val:n_train], y[n_val:n_train], x[:n_val], y[:n_val],
                          x[n_train:], y[n_train:])


def features(x: torch.Tensor, names: tuple[str, ...]) -> torch.Tensor:
    """The network's inputs (N, len(names)) from coordinates (N, 2), each scaled to about [-1, 1]."""
    a, b = x[:, 0], x[:, 1]
    return torch.stack([FEATURES[name][1](a, b) * FEATURES[name][2] for name in names], 1)


def grid(resolution: int) -> tuple[np.ndarray, torch.Tensor]:
    """A resolution × resolution grid over the picture: the axis values and the points (R², 2)."""
    axis = np.linspace(-DOMAIN, DOMAIN, resolution, dtype=np.float32)
    gx, gy = np.meshgrid(axis, axis)  # row = x2, column = x1
    return axis, torch.as_tensor(np.stack([gx.ravel(), gy.ravel()], 1))
