"""Cause bias on purpose: MNIST where one visual style of handwriting is rare in training.

The tutorial's warning, "a model trained on non-diverse faces misclassifies
under-represented people", in a form a learner can run: a subgroup of digits is
drawn in another style (thick, thin or faint strokes), made rare in the training
set, and audited on a balanced test set that holds every test digit in both styles.
Because the two test groups hold the same digits, any accuracy gap is due to style alone.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from core.bias_audit import fairness
from core.data import Dataset
from core.models import ModelConfig, build_model, predict_proba
from core.train import TrainConfig, train

REGULAR = "regular strokes"


def dilate(pixels: torch.Tensor) -> torch.Tensor:
    """Thicker strokes: each pixel takes the brightest value of its 3x3 neighbourhood (max-pool)."""
    return F.max_pool2d(pixels, 3, stride=1, padding=1)  # (N, 1, side, side)


def erode(pixels: torch.Tensor) -> torch.Tensor:
    """Thinner strokes: each pixel takes the darkest value of its 2x2 neighbourhood (a min-pool)."""
    return -F.max_pool2d(F.pad(-pixels, (0, 1, 0, 1)), 2, stride=1)  # (N, 1, side, side)


def fade(pixels: torch.Tensor) -> torch.Tensor:
    """Low contrast: ink at 30% of its strength, as from a worn pen or a poor scan."""
    return pixels * 0.3


STYLES: dict[str, tuple[str, Callable[[torch.Tensor], torch.Tensor]]] = {
    "thick": ("thick strokes", dilate),
    "thin": ("thin strokes", erode),
    "faint": ("low contrast", fade),
}
SHARES = (0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01)  # the subgroup's share of training, 50% down to 1%


@dataclass(frozen=True)
class ImageBiasConfig:
    style: str = "thick"  # a key of STYLES: how the subgroup's digits look
    share: float = 0.05  # the subgroup's share of the training images (the test set stays 50/50)
    train_images: int = 10_000  # training images in all
    test_digits: int = 2_000  # test digits, each shown in both styles
    epochs: int = 3
    seed: int = 0  # which images are drawn, the initial weights and the shuffling

    @property
    def group_names(self) -> tuple[str, str]:
        return REGULAR, STYLES[self.style][0]


@dataclass
class ImageAudit:
    """Everything the page shows about one run; plain values, so it can be cached and kept."""

    cfg: ImageBiasConfig
    dataset_name: str
    train_counts: dict[str, int]  # training images per group
    test_per_group: int
    accuracy: dict[str, float]  # test accuracy per group
    worst_group: str
    worst_accuracy: float
    gap: float  # accuracy(regular) - accuracy(subgroup); positive when the subgroup is served worse
    recall: pd.DataFrame  # rows: groups, columns: digits
    calibration: fairness.Calibration
    errors: np.ndarray  # (k, side, side) pixels of the subgroup's most confident mistakes
    error_titles: list[str]
    subgroup_errors: int
    style_only_errors: int  # subgroup mistakes on digits read correctly in regular style
    examples: np.ndarray  # (2, 8, side, side): the same eight digits in each style
    digit_counts: pd.DataFrame  # training images per group (rows) and digit (columns)
    test_accuracy: float
    seconds: float
    message: str


def subgroup_size(cfg: ImageBiasConfig, n: int) -> int:
    """How many of `n` training images are drawn in the subgroup's style (at least one)."""
    return max(1, round(cfg.share * n))


def biased_dataset(data: Dataset, cfg: ImageBiasConfig) -> tuple[Dataset, np.ndarray]:
    """Training set with `share` of the images in the subgroup's style; paired test set and its groups."""
    if cfg.style not in STYLES:
        raise ValueError(f"unknown style {cfg.style!r}; choose from {sorted(STYLES)}")
    if not 0 < cfg.share <= 1:
        raise ValueError("the subgroup's share must be in (0, 1]")
    restyle = STYLES[cfg.style][1]
    gen = torch.Generator().manual_seed(cfg.seed)
    n = min(cfg.train_images, len(data.train_y))
    idx = torch.randperm(len(data.train_y), generator=gen)[:n].to(data.train_x.device)
    x = data.to_pixels(data.train_x[idx])  # (n, 1, side, side)
    k = subgroup_size(cfg, n)  # the first k of a random draw become the subgroup
    x = torch.cat([restyle(x[:k]), x[k:]])
    # validation (for the live curve) is balanced like the test set: every other image restyled
    vx = data.to_pixels(data.val_x[:1000])
    vx[1::2] = restyle(vx[1::2])
    m = min(cfg.test_digits, len(data.test_y))
    tx = data.to_pixels(data.test_x[:m])
    test_x = torch.cat([tx, restyle(tx)])  # (2m, 1, side, side): each digit in both styles
    groups = np.array(cfg.group_names)[np.repeat([0, 1], m)]
    biased = replace(data, train_x=data.normalise(x), train_y=data.train_y[idx],
                     val_x=data.normalise(vx), val_y=data.val_y[:1000],
                     test_x=data.normalise(test_x), test_y=torch.cat([data.test_y[:m]] * 2))
    return biased, groups


def run_image_audit(data: Dataset, cfg: ImageBiasConfig,
                    on_progress: Callable[[float, str], None] | None = None) -> ImageAudit:
    """Train the tutorial's MLP with the core trainer on the biased mix, then audit it group by group."""
    biased, groups = biased_dataset(data, cfg)
    regular, sub = cfg.group_names
    torch.manual_seed(cfg.seed)
    model = build_model(ModelConfig(), data.side, data.classes).to(data.train_x.device)

    def progress(p) -> None:
        if on_progress:
            on_progress(min(p.fraction, 1.0), f"training: step {p.step:,} of {p.total_steps:,}")

    start = time.perf_counter()
    result = train(model, biased, TrainConfig(epochs=cfg.epochs, seed=cfg.seed), on_progress=progress)
    proba = predict_proba(model, biased.test_x).cpu()  # (2m, classes)
    confidence, pred = proba.max(1)
    y = biased.test_y.cpu().numpy()
    pred, confidence = pred.numpy(), confidence.numpy()
    by_group = fairness.accuracy_by_group(y, pred, groups)
    acc = {str(g): float(v) for g, v in by_group.by_group.items()}
    worst = min(acc, key=acc.get)

    m = len(y) // 2
    wrong = np.flatnonzero((pred != y) & (groups == sub))
    wrong = wrong[np.argsort(-confidence[wrong])]  # most confident mistakes first
    shown = wrong[:24]
    ink = data.to_pixels(biased.test_x).cpu().numpy()[:, 0]  # (2m, side, side)
    n_sub = subgroup_size(cfg, len(biased.train_y))
    train_groups = np.where(np.arange(len(biased.train_y)) < n_sub, sub, regular)
    digit_counts = pd.crosstab(pd.Series(train_groups, name="group"), pd.Series(biased.train_y.cpu().numpy(),
                                                                              name="digit"))
    return ImageAudit(
        cfg=cfg, dataset_name=data.name,
        train_counts={regular: len(biased.train_y) - n_sub, sub: n_sub}, test_per_group=m,
        accuracy=acc, worst_group=worst, worst_accuracy=float(by_group.group_min()),
        gap=acc[regular] - acc[sub],
        recall=fairness.recall_by_class_and_group(y, pred, groups).reindex([regular, sub]),
        calibration=fairness.calibration_by_group(confidence, pred == y, groups),
        errors=ink[shown].astype(np.float32),
        error_titles=[f"{y[i]}→{pred[i]} ({confidence[i]:.0%})" for i in shown],
        subgroup_errors=len(wrong), style_only_errors=int((pred[wrong - m] == y[wrong - m]).sum()),
        examples=np.stack([ink[:8], ink[m:m + 8]]).astype(np.float32),
        digit_counts=digit_counts.reindex([regular, sub]),
        test_accuracy=float((pred == y).mean()), seconds=time.perf_counter() - start, message=result.message,
    )


@dataclass
class ImageRuns:
    """What `st.session_state["bias_run"]` holds: the latest audit and the gap of every run so far."""

    latest: ImageAudit | None = None
    points: dict[ImageBiasConfig, float] = field(default_factory=dict)  # config -> gap

    def add(self, audit: ImageAudit) -> None:
        self.latest = audit
        self.points[audit.cfg] = audit.gap

    def curve(self, cfg: ImageBiasConfig) -> pd.DataFrame:
        """The runs that differ from `cfg` only in the subgroup's share: the gap-versus-share curve."""
        rows = [(STYLES[c.style][0], c.share, gap) for c, gap in self.points.items()
                if replace(c, share=cfg.share) == cfg]
        return pd.DataFrame(rows, columns=["style", "share", "gap"])
