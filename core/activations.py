"""The one activation table: every activation the lab offers, one row each, written every way a lesson needs it.

A neuron's activation f turns its weighted sum z into its output a = f(z). Backpropagation
multiplies by f'(z) at every layer, so where f'(z) is tiny the gradient vanishes, and where
it is exactly zero (ReLU for z < 0) no signal flows at all.

Why one table: the same f is a label in a menu, LaTeX beside a figure, a line of a by-hand
program, NumPy maths and a torch module inside a network. Kept in several places these drift
apart (one label spelt two ways, a NumPy f that is not the network's f). Here each activation
is one row; tests/core/test_activations.py checks every row's NumPy maths against its torch
module and autograd, and each lesson offers a selection of the row names (a tuple of keys, in
its menu's order) instead of a table of its own.

The NumPy functions match torch.nn.functional; at z = 0 the derivatives follow PyTorch's
autograd conventions (ReLU' = 0, Leaky ReLU' = slope, ELU' = alpha). float32 input stays
float32, so the NumPy MLP computes at the precision of its PyTorch twin.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import erf
from torch import nn

VANISH = 0.05  # |f'(z)| below this counts as a vanishing gradient: 20× weaker per layer
SLOPE, ALPHA = 0.01, 1.0  # Leaky ReLU's slope and ELU's alpha unless chosen: PyTorch's defaults

Fn = Callable[[np.ndarray, float, float], np.ndarray]  # (z, slope, alpha) → an array shaped like z


@dataclass(frozen=True)
class Activation:
    label: str  # what a learner reads in menus, tables and figure titles
    formula: str  # f(z), LaTeX
    derivative: str  # f'(z), LaTeX
    applied: str  # f at a number, LaTeX: `{z}` is the number, `{slope}` and `{alpha}` the parameters
    code: str  # f of a float z as one line of Python (np, math), for the by-hand program
    f: Fn  # f(z) in NumPy
    df: Fn  # f'(z) in NumPy
    module: type[nn.Module]  # the torch layer computing f; built with SLOPE and ALPHA


def _phi(z: np.ndarray) -> np.ndarray:
    """The standard normal density φ(z)."""
    return np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)


def _Phi(z: np.ndarray) -> np.ndarray:
    """The standard normal cumulative distribution Φ(z): GELU weights z by how likely a N(0,1) is below it."""
    return 0.5 * (1 + erf(z / math.sqrt(2)))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # the two branches never exponentiate a large positive number, so no overflow at z = ±1000
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _sigmoid_slope(z: np.ndarray) -> np.ndarray:
    s = _sigmoid(z)
    return s * (1 - s)


ACTIVATIONS = {
    "sigmoid": Activation(
        "Sigmoid", r"\sigma(z) = \frac{1}{1 + e^{-z}}", r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
        r"\sigma({z}) = \frac{{1}}{{1 + e^{{-{z}}}}}", "1 / (1 + np.exp(-z))",
        lambda z, s, al: _sigmoid(z), lambda z, s, al: _sigmoid_slope(z), nn.Sigmoid),
    "tanh": Activation(
        "tanh", r"\tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", r"\tanh' z = 1 - \tanh^2 z",
        r"\tanh({z})", "np.tanh(z)",
        lambda z, s, al: np.tanh(z), lambda z, s, al: 1 - np.tanh(z) ** 2, nn.Tanh),
    "relu": Activation(
        "ReLU", r"\operatorname{ReLU}(z) = \max(0, z)",
        r"\operatorname{ReLU}'(z) = \begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}",
        r"\max(0, {z})", "np.maximum(0.0, z)",
        lambda z, s, al: np.maximum(z, 0.0), lambda z, s, al: (z > 0).astype(z.dtype), nn.ReLU),
    "leaky_relu": Activation(
        "Leaky ReLU", r"f(z) = \begin{cases}z & z > 0\\ s\,z & z \le 0\end{cases}",
        r"f'(z) = \begin{cases}1 & z > 0\\ s & z \le 0\end{cases}",
        r"\operatorname{{LeakyReLU}}_{{{slope}}}({z})", "z if z > 0 else {slope!r} * z",
        lambda z, s, al: np.where(z > 0, z, s * z),
        lambda z, s, al: np.where(z > 0, 1.0, s).astype(z.dtype), nn.LeakyReLU),
    "elu": Activation(
        "ELU", r"f(z) = \begin{cases}z & z > 0\\ \alpha\,(e^{z} - 1) & z \le 0\end{cases}",
        r"f'(z) = \begin{cases}1 & z > 0\\ \alpha\, e^{z} & z \le 0\end{cases}",
        r"\operatorname{{ELU}}_{{\alpha={alpha}}}({z})", "z if z > 0 else {alpha!r} * (np.exp(z) - 1)",
        lambda z, s, al: np.where(z > 0, z, al * np.expm1(np.minimum(z, 0.0))),
        lambda z, s, al: np.where(z > 0, 1.0, al * np.exp(np.minimum(z, 0.0))), nn.ELU),
    "gelu": Activation(
        "GELU", r"\operatorname{GELU}(z) = z\,\Phi(z)", r"\operatorname{GELU}'(z) = \Phi(z) + z\,\varphi(z)",
        r"{z}\,\Phi({z})", "0.5 * z * (1 + math.erf(z / math.sqrt(2)))",
        lambda z, s, al: z * _Phi(z), lambda z, s, al: _Phi(z) + z * _phi(z), nn.GELU),
    "linear": Activation(  # no activation at all: a layer stays linear (the Playground offers it)
        "linear", r"f(z) = z", r"f'(z) = 1", r"{z}", "z",
        lambda z, s, al: z.copy(), lambda z, s, al: np.ones_like(z), nn.Identity),
}


def get(name: str) -> Activation:
    """The table's row for `name`, or a ValueError that lists the names there are."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose from {list(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _floats(z) -> np.ndarray:
    """z as a float array: float32 stays float32, anything else becomes float64."""
    z = np.asarray(z)
    return z if np.issubdtype(z.dtype, np.floating) else z.astype(float)


def value(name: str, z, slope: float = SLOPE, alpha: float = ALPHA) -> np.ndarray:
    """a = f(z), elementwise."""
    return get(name).f(_floats(z), slope, alpha)


def derivative(name: str, z, slope: float = SLOPE, alpha: float = ALPHA) -> np.ndarray:
    """f'(z), elementwise: how much of the gradient passes back through the neuron."""
    return get(name).df(_floats(z), slope, alpha)


def module(name: str) -> nn.Module:
    """A new torch layer computing f (with SLOPE and ALPHA), for one place in a network."""
    return get(name).module()


@dataclass(frozen=True)
class Region:
    lo: float
    hi: float
    dead: bool  # True: f'(z) is exactly 0 here (no gradient at all); False: only small


def weak_gradient_regions(name: str, zs: np.ndarray, slope: float = SLOPE, alpha: float = ALPHA) -> list[Region]:
    """Stretches of the grid `zs` (sorted) where |f'(z)| < VANISH: there backpropagation barely moves the weights."""
    d = np.abs(derivative(name, zs, slope, alpha))
    weak, dead = d < VANISH, d == 0
    regions, start = [], None
    for i in range(len(zs) + 1):
        inside = i < len(zs) and weak[i] and (start is None or dead[i] == dead[start])
        if start is not None and not inside:
            regions.append(Region(float(zs[start]), float(zs[i - 1]), bool(dead[start])))
            start = None
        if start is None and i < len(zs) and weak[i]:
            start = i
    return regions
