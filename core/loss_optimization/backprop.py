"""Backpropagation by hand on a 2-2-1 network and one XOR sample, checked against autograd.

The network: z₁ = W₁x + b₁, h = σ(z₁), z₂ = W₂h + b₂, ŷ = σ(z₂), then a loss L(ŷ, y).
Backprop goes one variable at a time from L back to W₁ and applies the chain rule;
`walk()` records each step with its formula, its numbers and autograd's numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch


@dataclass(frozen=True)
class NetConfig:
    x: tuple[float, float] = (1.0, 0.0)  # one XOR sample ...
    y: float = 1.0  # ... and its label, x₁ XOR x₂
    w1: tuple[float, float, float, float] = (0.5, -0.4, 0.3, 0.8)  # W₁ row by row: (w₁₁, w₁₂, w₂₁, w₂₂)
    b1: tuple[float, float] = (0.1, -0.1)
    w2: tuple[float, float] = (0.7, -0.6)
    b2: float = 0.05
    loss: str = "bce"  # "bce" or "mse"
    lr: float = 0.5  # for the one gradient-descent update at the end


NODES = ("x1", "x2", "h1", "h2", "y", "L")
EDGES = ("x1-h1", "x2-h1", "x1-h2", "x2-h2", "h1-y", "h2-y", "y-L")
ALL = NODES + EDGES


@dataclass(frozen=True)
class Step:
    """One stop of the walk-through."""

    key: str  # "forward", "dL/dy_hat", ..., "update"
    title: str
    formula: str  # the chain rule, symbolically (LaTeX)
    numbers: str  # the same with this network's numbers (LaTeX)
    value: np.ndarray  # what this step computed by hand
    autograd: np.ndarray | None  # the same from torch.autograd
    highlight: tuple[str, ...] = ()  # diagram nodes ("h1") and edges ("h1-y") this step is about

    @property
    def error(self) -> float:
        """Largest difference between the hand-made value and autograd's."""
        return float(np.abs(self.value - self.autograd).max()) if self.autograd is not None else 0.0


@dataclass
class Walk:
    """The forward values, the backward steps, and one update."""

    cfg: NetConfig
    forward: dict[str, np.ndarray]  # z1, h, z2, y_hat, loss
    grads: dict[str, np.ndarray]  # by hand: dL/dy_hat, dL/dz2, dW2, db2, dh, dz1, dW1, db1
    steps: list[Step]
    loss_after: float  # the loss once every weight took one step against its gradient
    new_params: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class WalkPosition:
    """What `st.session_state["backprop_walk"]` holds: where the learner is in the walk."""

    step: int = 0


def _tensors(cfg: NetConfig) -> dict[str, torch.Tensor]:
    t = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731
    return {"x": t(cfg.x), "y": t(cfg.y), "W1": t(cfg.w1).reshape(2, 2), "b1": t(cfg.b1),
            "W2": t(cfg.w2).reshape(1, 2), "b2": t([cfg.b2])}


def _forward(p: dict[str, torch.Tensor], loss: str) -> dict[str, torch.Tensor]:
    z1 = p["W1"] @ p["x"] + p["b1"]  # (2,)
    h = torch.sigmoid(z1)  # (2,)
    z2 = p["W2"] @ h + p["b2"]  # (1,)
    y_hat = torch.sigmoid(z2)  # (1,)
    if loss == "bce":
        L = -(p["y"] * torch.log(y_hat) + (1 - p["y"]) * torch.log(1 - y_hat)).sum()
    elif loss == "mse":
        L = ((y_hat - p["y"]) ** 2).sum()
    else:
        raise ValueError(f"unknown loss {loss!r}; choose 'bce' or 'mse'")
    return {"z1": z1, "h": h, "z2": z2, "y_hat": y_hat, "loss": L}


def manual_gradients(cfg: NetConfig) -> tuple[dict[str, torch.Tensor], dict[str, torch.Tensor]]:
    """Backprop written out: each gradient is the one after it times a local derivative."""
    p = _tensors(cfg)
    f = _forward(p, cfg.loss)
    y, y_hat, h = p["y"], f["y_hat"], f["h"]
    if cfg.loss == "bce":
        dy_hat = -y / y_hat + (1 - y) / (1 - y_hat)  # (1,)
    else:
        dy_hat = 2 * (y_hat - y)
    dz2 = dy_hat * y_hat * (1 - y_hat)  # σ'(z₂) = ŷ(1 - ŷ)
    dW2 = dz2[:, None] * h[None, :]  # (1, 2) = ∂L/∂z₂ · hᵀ
    db2 = dz2
    dh = p["W2"].T @ dz2  # (2,) = W₂ᵀ ∂L/∂z₂
    dz1 = dh * h * (1 - h)  # σ'(z₁) = h(1 - h)
    dW1 = dz1[:, None] * p["x"][None, :]  # (2, 2) = ∂L/∂z₁ · xᵀ
    db1 = dz1
    grads = {"y_hat": dy_hat, "z2": dz2, "W2": dW2, "b2": db2, "h": dh, "z1": dz1, "W1": dW1, "b1": db1}
    return f, grads


def autograd_gradients(cfg: NetConfig) -> dict[str, torch.Tensor]:
    """The reference: the same network, differentiated by torch.autograd."""
    p = {k: v.requires_grad_(k not in ("x", "y")) for k, v in _tensors(cfg).items()}
    f = _forward(p, cfg.loss)
    for k in ("y_hat", "z2", "h", "z1"):
        f[k].retain_grad()  # keep the gradients of intermediate values too
    f["loss"].backward()
    return {k: (f[k] if k in f else p[k]).grad.detach() for k in ("y_hat", "z2", "W2", "b2", "h", "z1", "W1", "b1")}


def four_places(v: float) -> str:
    """A number to 4 decimals, never "-0.0000"."""
    return f"{v:.4f}".replace("-0.0000", "0.0000")


def _v(a: torch.Tensor) -> str:
    """LaTeX numbers: a 1-D tensor as a column, a 2-D one as its rows."""
    a = a.detach().numpy()
    if a.size == 1:
        return four_places(a.item())
    rows = a.reshape(-1, 1) if a.ndim == 1 else a
    return r"\begin{bmatrix}" + r"\\".join(" & ".join(four_places(v) for v in row) for row in rows) + r"\end{bmatrix}"


def walk(cfg: NetConfig) -> Walk:
    """Every stop of the walk-through, each hand-made value next to autograd's."""
    f, g = manual_gradients(cfg)
    ref = autograd_gradients(cfg)
    p = _tensors(cfg)
    n = lambda a: a.detach().numpy().copy()  # noqa: E731
    dloss = (r"-\frac{y}{\hat y} + \frac{1-y}{1-\hat y}" if cfg.loss == "bce" else r"2(\hat y - y)")
    loss_form = (r"-[y\log\hat y + (1-y)\log(1-\hat y)]" if cfg.loss == "bce" else r"(\hat y - y)^2")
    steps = [
        Step("forward", "Forward pass", r"z_1 = W_1x + b_1,\ h = \sigma(z_1),\ z_2 = W_2h + b_2,\ "
             rf"\hat y = \sigma(z_2),\ L = {loss_form}",
             rf"h = {_v(f['h'])},\ \hat y = {_v(f['y_hat'])},\ L = {f['loss'].item():.4f}",
             n(f["loss"]), None, ALL),
        Step("y_hat", r"∂L/∂ŷ", rf"\frac{{\partial L}}{{\partial \hat y}} = {dloss}",
             rf"\frac{{\partial L}}{{\partial \hat y}} = {_v(g['y_hat'])}", n(g["y_hat"]), n(ref["y_hat"]),
             ("y", "L", "y-L")),
        Step("z2", r"∂L/∂z₂", r"\frac{\partial L}{\partial z_2} = \frac{\partial L}{\partial \hat y}"
             r"\cdot \sigma'(z_2) = \frac{\partial L}{\partial \hat y}\cdot \hat y(1-\hat y)",
             rf"= {_v(g['y_hat'])} \cdot {_v(f['y_hat'])}(1 - {_v(f['y_hat'])}) = {_v(g['z2'])}",
             n(g["z2"]), n(ref["z2"]), ("y",)),
        Step("W2", r"∂L/∂W₂", r"\frac{\partial L}{\partial W_2} = \frac{\partial L}{\partial z_2}\cdot h^T",
             rf"= {_v(g['z2'])} \cdot {_v(f['h'][None])} = {_v(g['W2'])}", n(g["W2"]), n(ref["W2"]),
             ("h1-y", "h2-y")),
        Step("b2", r"∂L/∂b₂", r"\frac{\partial L}{\partial b_2} = \frac{\partial L}{\partial z_2}\cdot 1",
             rf"= {_v(g['b2'])}", n(g["b2"]), n(ref["b2"]), ("y",)),
        Step("h", r"∂L/∂h", r"\frac{\partial L}{\partial h} = W_2^T \frac{\partial L}{\partial z_2}",
             rf"= {_v(p['W2'].T)} \cdot ({_v(g['z2'])}) = {_v(g['h'])}", n(g["h"]), n(ref["h"]),
             ("h1", "h2", "h1-y", "h2-y")),
        Step("z1", r"∂L/∂z₁", r"\frac{\partial L}{\partial z_1} = \frac{\partial L}{\partial h}\odot h(1-h)",
             rf"= {_v(g['h'])} \odot {_v(f['h'] * (1 - f['h']))} = {_v(g['z1'])}", n(g["z1"]), n(ref["z1"]),
             ("h1", "h2")),
        Step("W1", r"∂L/∂W₁", r"\frac{\partial L}{\partial W_1} = \frac{\partial L}{\partial z_1}\cdot x^T",
             rf"= {_v(g['z1'])} \cdot {_v(p['x'][None])} = {_v(g['W1'])}", n(g["W1"]), n(ref["W1"]),
             ("x1-h1", "x1-h2", "x2-h1", "x2-h2")),
        Step("b1", r"∂L/∂b₁", r"\frac{\partial L}{\partial b_1} = \frac{\partial L}{\partial z_1}\cdot 1",
             rf"= {_v(g['b1'])}", n(g["b1"]), n(ref["b1"]), ("h1", "h2")),
    ]
    new = {k: p[k] - cfg.lr * g[k] for k in ("W1", "b1", "W2", "b2")}  # θ ← θ - η ∂L/∂θ
    after = _forward({**p, **new}, cfg.loss)["loss"].item()
    steps.append(Step("update", "One gradient-descent step", r"\theta \leftarrow \theta - \eta\,"
                      r"\frac{\partial L}{\partial \theta}\quad\text{for every } \theta \in \{W_1, b_1, W_2, b_2\}",
                      rf"\eta = {cfg.lr:g}:\quad L = {f['loss'].item():.4f} \;\to\; {after:.4f}",
                      np.array([f["loss"].item(), after]), None, ALL))
    return Walk(cfg, {k: n(v) for k, v in f.items()}, {k: n(v) for k, v in g.items()}, steps, after,
                {k: n(v) for k, v in new.items()})
