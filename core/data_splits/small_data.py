"""Small data: with fewer than 100 training rows, does a neural network beat the classical models?

The tutorial's FAQ says that on small tabular data, classical models are often as
good or better. This runs the comparison on scikit-learn's bundled tables, many
times over, and reports whatever comes out.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from core.device import single_threaded
from core.models import mlp
from core.train import fit_full_batch

DATASETS = ("wine", "breast cancer", "digits 8×8")
MODELS = ("neural network", "logistic regression", "SVM (RBF)", "random forest")


@dataclass(frozen=True)
class SmallDataConfig:
    dataset: str = "wine"  # one of DATASETS
    n_train: int = 40  # training rows (the rest of the table is the test set)
    repeats: int = 5  # random training samples, averaged
    seed: int = 0


@dataclass
class SmallDataResult:
    accuracy: dict[str, np.ndarray]  # model → (repeats,) test accuracy
    n_train: int
    n_test: int
    n_features: int
    classes: int

    def mean(self, model: str) -> float:
        return float(self.accuracy[model].mean())

    @property
    def repeats(self) -> int:
        return len(next(iter(self.accuracy.values())))

    @property
    def spread(self) -> float:
        """Typical repeat-to-repeat standard deviation of a model's accuracy: gaps smaller than this are noise."""
        return float(np.mean([v.std() for v in self.accuracy.values()]))

    @property
    def ranking(self) -> list[str]:
        """Models from best to worst mean test accuracy."""
        return sorted(self.accuracy, key=self.mean, reverse=True)


def load_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    from sklearn import datasets

    loader = {"wine": datasets.load_wine, "breast cancer": datasets.load_breast_cancer,
              "digits 8×8": datasets.load_digits}[name]
    d = loader()
    return d.data.astype(np.float32), d.target


def neural_network(xtr: np.ndarray, ytr: np.ndarray, xte: np.ndarray, classes: int, seed: int) -> np.ndarray:
    """One hidden layer of 64 ReLUs, full-batch Adam with weight decay for 300 steps; returns test predictions."""
    torch.manual_seed(seed)
    model = mlp(xtr.shape[1], (64,), classes)
    fit_full_batch(model, torch.from_numpy(xtr), torch.from_numpy(ytr).long(), 300, lr=0.01, weight_decay=1e-3)
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(xte)).argmax(1).numpy()


def classical(name: str, seed: int):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    return {"logistic regression": LogisticRegression(max_iter=2000),
            "SVM (RBF)": SVC(),
            "random forest": RandomForestClassifier(n_estimators=100, random_state=seed)}[name]


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def run_repeat(cfg: SmallDataConfig, repeat: int) -> dict[str, float]:
    """One repeat: a stratified sample of `n_train` rows to train on, every other row to test on.

    Every model sees the same standardised rows (scaler fitted on the training rows),
    with default settings: no tuning for anyone. Returns model → test accuracy.
    """
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    x, y = load_table(cfg.dataset)
    classes = int(y.max()) + 1
    if not classes <= cfg.n_train <= len(y) - classes:
        raise ValueError(f"choose between {classes} and {len(y) - classes} training rows for this table")
    seed = cfg.seed * 1000 + repeat
    xtr, xte, ytr, yte = train_test_split(x, y, train_size=cfg.n_train, stratify=y, random_state=seed)
    scaler = StandardScaler().fit(xtr)
    xtr, xte = scaler.transform(xtr).astype(np.float32), scaler.transform(xte).astype(np.float32)
    acc = {}
    for m in MODELS:
        pred = (neural_network(xtr, ytr, xte, classes, seed) if m == "neural network"
                else classical(m, seed).fit(xtr, ytr).predict(xte))
        acc[m] = float((pred == yte).mean())
    return acc


def compare(cfg: SmallDataConfig, run: Callable[[int], dict[str, float]] | None = None,
            on_progress: Callable[[float], None] | None = None) -> SmallDataResult:
    """All repeats; `run(repeat)` does one (pass a cached one so a revisit is instant)."""
    run = run or (lambda r: run_repeat(cfg, r))
    repeats = []
    for r in range(cfg.repeats):
        repeats.append(run(r))
        if on_progress:
            on_progress((r + 1) / cfg.repeats)
    x, y = load_table(cfg.dataset)
    return SmallDataResult({m: np.array([rep[m] for rep in repeats]) for m in MODELS}, cfg.n_train,
                           len(y) - cfg.n_train, x.shape[1], int(y.max()) + 1)
