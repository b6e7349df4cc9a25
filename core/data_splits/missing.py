"""Missing values: remove cells at random, fill them in (or drop the rows), and score a logistic regression.

Every imputer is fitted on the training rows only and then applied to the test rows,
the same way a deployed model would meet new data.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

IMPUTERS = ("drop rows", "mean", "median", "most frequent", "KNN (k=5)")


@dataclass(frozen=True)
class MissingConfig:
    missing_pct: float = 5.0  # share of all cells removed at random, in train and test alike
    repeats: int = 5  # fresh random splits and removals: the spread over them shows what is luck
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
