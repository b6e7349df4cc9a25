"""Loss functions written out by hand, with their gradients, so the page can show the numbers.

Each loss is the formula a textbook gives; the tests check every value against
`torch.nn.functional` and every gradient against autograd.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import torch
import torch.nn.functional as F

LOSSES = {"mse": "Mean squared error", "mae": "Mean absolute error", "huber": "Huber",
          "bce": "Binary cross-entropy", "cce": "Categorical cross-entropy"}
PROBABILISTIC = ("bce", "cce")  # their prediction is a probability in (0, 1)
EPS = 1e-7  # keeps log() finite at a prediction of exactly 0 or 1
CLASSES = 3  # the categorical example: three classes, the rest of the probability split evenly


def loss(name: str, pred, target, delta: float = 1.0):
    """The loss of one prediction (NumPy arrays broadcast).

    For "cce" `pred` is the probability given to the true class, so L = -log p.
    """
    pred, target = np.asarray(pred, dtype=float), np.asarray(target, dtype=float)
    err = pred - target
    if name == "mse":
        return err**2
    if name == "mae":
        return np.abs(err)
    if name == "huber":  # quadratic near the target, linear (like MAE) beyond δ
        return np.where(np.abs(err) <= delta, 0.5 * err**2, delta * (np.abs(err) - 0.5 * delta))
    p = np.clip(pred, EPS, 1 - EPS)
    if name == "bce":
        return -(target * np.log(p) + (1 - target) * np.log(1 - p))
    if name == "cce":
        return -np.log(p)
    raise ValueError(f"unknown loss {name!r}; choose from {list(LOSSES)}")


def gradient(name: str, pred, target, delta: float = 1.0):
    """dL/d(prediction): the slope that gradient descent follows."""
    pred, target = np.asarray(pred, dtype=float), np.asarray(target, dtype=float)
    err = pred - target
    if name == "mse":
        return 2 * err
    if name == "mae":
        return np.sign(err)
    if name == "huber":
        return np.clip(err, -delta, delta)
    p = np.clip(pred, EPS, 1 - EPS)
    if name == "bce":
        return -target / p + (1 - target) / (1 - p)
    if name == "cce":
        return -1 / p
    raise ValueError(f"unknown loss {name!r}; choose from {list(LOSSES)}")


def torch_loss(name: str, pred: float, target: float, delta: float = 1.0) -> float:
    """The same loss from torch.nn.functional: the reference the page and the tests compare with."""
    p, t = torch.tensor([pred], dtype=torch.float64), torch.tensor([target], dtype=torch.float64)
    if name == "mse":
        return F.mse_loss(p, t).item()
    if name == "mae":
        return F.l1_loss(p, t).item()
    if name == "huber":
        return F.huber_loss(p, t, delta=delta).item()
    p = p.clamp(EPS, 1 - EPS)
    if name == "bce":
        return F.binary_cross_entropy(p, t).item()
    if name == "cce":  # probabilities (p, rest, rest) for the true class 0, given to cross_entropy as log-probs
        probs = torch.cat([p, ((1 - p) / (CLASSES - 1)).repeat(CLASSES - 1)])  # (classes,)
        return F.cross_entropy(probs.log()[None], torch.tensor([0])).item()
    raise ValueError(f"unknown loss {name!r}; choose from {list(LOSSES)}")


@dataclass(frozen=True)
class LossPoint:
    """One prediction's loss and slope, written out with numbers for st.latex."""

    loss: float
    grad: float
    torch_loss: float
    formula: str  # the loss with the numbers put in
    grad_formula: str


def explain(name: str, pred: float, target: float, delta: float = 1.0) -> LossPoint:
    """The loss formula with this prediction's numbers substituted."""
    value, slope = float(loss(name, pred, target, delta)), float(gradient(name, pred, target, delta))
    p, t = f"{pred:.3f}", f"{target:.3f}"
    forms = {
        "mse": (rf"L = (\hat y - y)^2 = ({p} - {t})^2", r"\frac{\partial L}{\partial \hat y} = 2(\hat y - y)"),
        "mae": (rf"L = |\hat y - y| = |{p} - {t}|",
                r"\frac{\partial L}{\partial \hat y} = \operatorname{sign}(\hat y - y)"),
        "huber": (rf"L = \begin{{cases}}\tfrac12(\hat y-y)^2 & |\hat y-y|\le\delta\\ "
                  rf"\delta(|\hat y-y|-\tfrac12\delta) & \text{{otherwise}}\end{{cases}},\ \delta={delta:g}",
                  r"\frac{\partial L}{\partial \hat y} = \operatorname{clip}(\hat y - y, -\delta, \delta)"),
        "bce": (rf"L = -[y\log\hat y + (1-y)\log(1-\hat y)] = -[{t}\log {p} + (1-{t})\log(1-{p})]",
                r"\frac{\partial L}{\partial \hat y} = -\frac{y}{\hat y} + \frac{1-y}{1-\hat y}"),
        "cce": (rf"L = -\sum_k y_k \log \hat y_k = -\log \hat y_{{\text{{true}}}} = -\log {p}",
                r"\frac{\partial L}{\partial \hat y_{\text{true}}} = -\frac{1}{\hat y_{\text{true}}}"),
    }
    form, grad_form = forms[name]
    return LossPoint(value, slope, torch_loss(name, pred, target, delta),
                     f"{form} = {value:.4f}", f"{grad_form} = {slope:.4f}")


def prediction_range(name: str, target: float) -> tuple[float, float]:
    """Where the curve is drawn: probabilities for BCE/CCE, -4 to 4 otherwise."""
    return (0.001, 0.999) if name in PROBABILISTIC else (-4.0, 4.0)


# --- an outlier: MSE chases it, MAE ignores it ---

@dataclass(frozen=True)
class OutlierFit:
    x: np.ndarray
    y: np.ndarray  # the last point is the outlier
    mse_line: tuple[float, float]  # slope, intercept
    mae_line: tuple[float, float]


def outlier_points(outlier: float, n: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points near y = 0.5x + 1; the last one is pushed up by `outlier`."""
    x = np.arange(n, dtype=float)
    y = 0.5 * x + 1 + np.random.default_rng(seed).normal(0, 0.3, n)
    y[-1] += outlier
    return x, y


def mae_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The least-absolute-error line: one through two of the points is always among the best, so try them all."""
    best, best_cost = (0.0, float(np.median(y))), float(np.abs(y - np.median(y)).sum())
    for i, j in combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        slope = (y[j] - y[i]) / (x[j] - x[i])
        line = (float(slope), float(y[i] - slope * x[i]))
        cost = float(np.abs(y - (line[0] * x + line[1])).sum())
        if cost < best_cost - 1e-12:
            best, best_cost = line, cost
    return best


def fit_with_outlier(outlier: float, seed: int = 0) -> OutlierFit:
    """The MSE and MAE lines through `outlier_points` (the page shows seed 0)."""
    x, y = outlier_points(outlier, seed=seed)
    slope, intercept = np.polyfit(x, y, 1)  # least squares = the MSE line
    return OutlierFit(x, y, (float(slope), float(intercept)), mae_line(x, y))


# --- after a sigmoid: BCE keeps its gradient, MSE saturates ---

def logit_gradients(z, target: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """dL/dz for ŷ = σ(z): MSE gives 2(ŷ-y)·ŷ(1-ŷ), which vanishes as σ saturates; BCE gives ŷ - y."""
    y_hat = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return 2 * (y_hat - target) * y_hat * (1 - y_hat), y_hat - target
