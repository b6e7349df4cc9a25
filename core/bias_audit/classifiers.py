"""The estimators of the Arrests audit: a small PyTorch network with scikit-learn's interface
(so fairlearn can wrap it), the row weights of the pre- and in-processing fixes, and the
group-weighted network that retrains itself until the groups' rates match.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from torch import nn

from core.train import fit_full_batch

GOALS = {"demographic_parity": "Demographic parity (equal selection rates)",
         "equalized_odds": "Equalized odds (equal TPR and FPR)"}


def class_weights(y: np.ndarray) -> np.ndarray:
    """w_c = n / (2 n_c): each class carries half the loss, so the 83% majority cannot drown the rest."""
    counts = np.bincount(y, minlength=2)
    return len(y) / (2 * np.maximum(counts, 1))


def reweighing(y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Kamiran & Calders: w(a, y) = P(A=a) P(Y=y) / P(A=a, Y=y), so group and label look independent."""
    w = np.ones(len(y))
    for g in np.unique(groups):
        for c in (0, 1):
            cell = (groups == g) & (y == c)
            if cell.any():
                w[cell] = (groups == g).mean() * (y == c).mean() / cell.mean()
    return w


class TorchTabularClassifier(ClassifierMixin, BaseEstimator):
    """A one-hidden-layer PyTorch network with scikit-learn's fit/predict_proba, so fairlearn can wrap it.

    The loss is the weighted mean of the rows' cross-entropies, sum_i w_i CE_i / sum_i w_i, with
    w_i = sample_weight_i x the class weight of y_i: every mitigation that trains a network
    (reweighing, the group-weighted loss) only changes `sample_weight`.
    """

    def __init__(self, hidden: int = 16, epochs: int = 200, lr: float = 0.01, seed: int = 0,
                 balance_classes: bool = True):
        self.hidden, self.epochs, self.lr, self.seed = hidden, epochs, lr, seed
        self.balance_classes = balance_classes

    def fit(self, X, y, sample_weight=None, on_progress=None):
        X, y = np.asarray(X, dtype=np.float32), np.asarray(y).astype(int)
        torch.manual_seed(self.seed)
        self.classes_ = np.array([0, 1])
        self.model_ = nn.Sequential(nn.Linear(X.shape[1], self.hidden), nn.ReLU(), nn.Linear(self.hidden, 2))
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if self.balance_classes:
            w = w * class_weights(y)[y]
        xt, yt = torch.from_numpy(X), torch.from_numpy(y)  # (rows, features), (rows,)
        wt = torch.as_tensor(w / w.mean(), dtype=torch.float32)  # mean 1: the loss is sum w CE / sum w
        # full batch: 3,658 rows fit in one step
        fit_full_batch(self.model_, xt, yt, self.epochs, lr=self.lr, row_weights=wt, on_progress=on_progress)
        return self

    @torch.no_grad()
    def predict_proba(self, X) -> np.ndarray:
        self.model_.eval()
        proba = torch.softmax(self.model_(torch.as_tensor(np.asarray(X, dtype=np.float32))), 1)  # (rows, 2)
        return proba.double().numpy()  # float64: fairlearn's post-processing writes float64 into it

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def label_weights(y: np.ndarray, gid: np.ndarray, lam_pos: np.ndarray, lam_neg: np.ndarray) -> np.ndarray:
    """Jiang & Nachum (2020): w = 2 sigma(lambda+_g) for a released row of group g, 2 sigma(-lambda-_g) for a held one.

    All 1 when every lambda is 0. A positive lambda+ makes the group's releases count more in
    the loss, a positive lambda- makes its holds count less: both push the group's scores up.
    """
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    return np.where(np.asarray(y) == 1, 2 * sigmoid(lam_pos[gid]), 2 * sigmoid(-lam_neg[gid]))


def constraint_violations(y_pred, y, gid, n_groups: int, goal: str) -> tuple[np.ndarray, np.ndarray]:
    """Per group, how far its rate sits above everyone's: (for released rows' weights, for held rows' weights).

    Demographic parity: selection rate of g minus the overall one, for both. Equalized odds:
    TPR_g - TPR (among the truly released) and FPR_g - FPR (among the truly held).
    """
    y_pred, y, gid = np.asarray(y_pred, dtype=float), np.asarray(y), np.asarray(gid)

    def gaps(rows: np.ndarray) -> np.ndarray:
        overall = y_pred[rows].mean()
        return np.array([y_pred[rows & (gid == g)].mean() - overall if (rows & (gid == g)).any() else 0.0
                         for g in range(n_groups)])

    if goal == "demographic_parity":
        everyone = gaps(np.ones(len(y), dtype=bool))
        return everyone, everyone
    return gaps(y == 1), gaps(y == 0)


class GroupWeightedClassifier(TorchTabularClassifier):
    """In-processing: the same network trained on an adaptively group-weighted loss (Jiang & Nachum 2020).

    Round 0 is the baseline (all multipliers 0). After each round the multipliers move against the
    measured violation on the training rows, lambda <- lambda - eta x violation, and the network is
    trained again from the same initial weights with the new row weights (`label_weights`): a group
    released too rarely gets its releases weighted up and its holds weighted down until its rate
    matches. `fit` needs the groups; prediction does not.
    """

    def __init__(self, hidden: int = 16, epochs: int = 200, lr: float = 0.01, seed: int = 0,
                 balance_classes: bool = True, goal: str = "demographic_parity", rounds: int = 5, eta: float = 2.0):
        super().__init__(hidden, epochs, lr, seed, balance_classes)
        self.goal, self.rounds, self.eta = goal, rounds, eta

    def fit(self, X, y, groups=None, sample_weight=None, on_progress=None):
        if groups is None:
            raise ValueError("a group-weighted loss needs the groups")
        if self.goal not in GOALS:
            raise ValueError(f"unknown goal {self.goal!r}; choose from {list(GOALS)}")
        y = np.asarray(y).astype(int)
        self.groups_, gid = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
        n = len(self.groups_)
        lam_pos, lam_neg = np.zeros(n), np.zeros(n)
        base = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.violations_ = []  # the worst |violation| on the training rows after each round
        for r in range(self.rounds + 1):
            weights = label_weights(y, gid, lam_pos, lam_neg)
            step = (lambda f, r=r: on_progress((r + f) / (self.rounds + 1))) if on_progress else None
            super().fit(X, y, sample_weight=base * weights, on_progress=step)
            pos, neg = constraint_violations(self.predict(X), y, gid, n, self.goal)
            self.violations_.append(float(np.abs(np.r_[pos, neg]).max()))
            if r < self.rounds:  # the last round's network is the one kept
                lam_pos, lam_neg = lam_pos - self.eta * pos, lam_neg - self.eta * neg
        self.multipliers_ = pd.DataFrame({"lambda+": lam_pos, "lambda-": lam_neg}, index=self.groups_)
        self.weights_ = pd.DataFrame({"held (y=0)": 2 / (1 + np.exp(lam_neg)),
                                      "released (y=1)": 2 / (1 + np.exp(-lam_pos))}, index=self.groups_)
        return self
