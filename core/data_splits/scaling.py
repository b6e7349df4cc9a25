"""Preprocessing experiments: input scale (raw pixels, [0, 1], standardised) and missing values.

Both are fitted on the training rows only and then applied to the test rows,
the same way a deployed model would meet new data.
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


# --- missing values ---------------------------------------------------------------------------------------

IMPUTERS = ("drop rows", "mean", "median", "most frequent", "KNN (k=5)")


@dataclass(frozen=True)
class MissingConfig:
    missing_pct: float = 10.0  # share of all cells removed at random, in train and test alike
    repeats: int = 5  # fresh random splits and removals, averaged
    seed: int = 0


@dataclass
class MissingResult:
    accuracy: dict[str, np.ndarray]  # imputer → (repeats,) test accuracy on the rows it can score (nan: none)
    coverage: dict[str, np.ndarray]  # imputer → (repeats,) share of test rows it can score
    train_rows: dict[str, np.ndarray]  # imputer → (repeats,) training rows it learnt from
    example: np.ndarray  # the first rows of one damaged training table, nan where a value was removed
    columns: list[str]


def breast_cancer() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """scikit-learn's bundled Wisconsin breast-cancer table: 569 tumours, 30 measurements, benign or malignant."""
    from sklearn.datasets import load_breast_cancer

    d = load_breast_cancer()
    return d.data, d.target, list(d.feature_names)


def remove_at_random(rng: np.random.Generator, x: np.ndarray, share: float) -> np.ndarray:
    """A copy of `x` with a `share` of its cells set to nan, each cell independently (missing completely at random)."""
    x = x.astype(float)
    x[rng.random(x.shape) < share] = np.nan
    return x


def make_imputer(name: str):
    from sklearn.impute import KNNImputer, SimpleImputer

    if name == "KNN (k=5)":
        return KNNImputer(n_neighbors=5)
    strategy = {"mean": "mean", "median": "median", "most frequent": "most_frequent"}[name]
    return SimpleImputer(strategy=strategy, keep_empty_features=True)


def _score(name: str, xtr, ytr, xte, yte) -> tuple[float, float, int]:
    """Fit imputer → scaler → logistic regression on the training rows; (accuracy, coverage, rows used)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if name == "drop rows":  # the model can only learn from, and only answer for, complete rows
        keep_tr, keep_te = ~np.isnan(xtr).any(1), ~np.isnan(xte).any(1)
        xtr, ytr, xte, yte = xtr[keep_tr], ytr[keep_tr], xte[keep_te], yte[keep_te]
        coverage = float(keep_te.mean())
        if len(np.unique(ytr)) < 2 or len(yte) == 0:
            return float("nan"), coverage, len(ytr)
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    else:
        coverage = 1.0
        model = make_pipeline(make_imputer(name), StandardScaler(), LogisticRegression(max_iter=2000))
    model.fit(xtr, ytr)
    return float(model.score(xte, yte)), coverage, len(ytr)


def missing_values_experiment(cfg: MissingConfig) -> MissingResult:
    """Remove values at random, fill them in each way (fitted on train only), and score a logistic regression."""
    from sklearn.model_selection import train_test_split

    if not 0 <= cfg.missing_pct < 100:
        raise ValueError("the share of missing values must be at least 0% and below 100%")
    x, y, columns = breast_cancer()
    rng = np.random.default_rng(cfg.seed)
    acc, cov, rows = ({n: [] for n in IMPUTERS} for _ in range(3))
    example = None
    for r in range(max(1, cfg.repeats)):
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, stratify=y, random_state=cfg.seed * 1000 + r)
        xtr, xte = remove_at_random(rng, xtr, cfg.missing_pct / 100), remove_at_random(rng, xte, cfg.missing_pct / 100)
        example = xtr[:8] if example is None else example
        for name in IMPUTERS:
            a, c, n = _score(name, xtr, ytr, xte, yte)
            acc[name].append(a)
            cov[name].append(c)
            rows[name].append(n)
    return MissingResult(_arrays(acc), _arrays(cov), _arrays(rows), example, columns)


def _arrays(lists: dict[str, list]) -> dict[str, np.ndarray]:
    return {k: np.asarray(v, dtype=float) for k, v in lists.items()}
