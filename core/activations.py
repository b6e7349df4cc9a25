"""Activation functions and their derivatives, in NumPy, matching torch.nn.functional.

A neuron's activation f turns its weighted sum z into its output a = f(z). Backpropagation
multiplies by f'(z) at every layer, so where f'(z) is tiny the gradient vanishes, and where
it is exactly zero (ReLU for z < 0) no signal flows at all. At z = 0 the derivatives follow
PyTorch's autograd conventions (ReLU' = 0, Leaky ReLU' = slope, ELU' = alpha).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import erf

VANISH = 0.05  # |f'(z)| below this counts as a vanishing gradient: 20× weaker per layer


@dataclass(frozen=True)
class Activation:
    label: str  # what a learner reads
    formula: str  # f(z), LaTeX
    derivative: str  # f'(z), LaTeX


ACTIVATIONS = {
    "sigmoid": Activation("Sigmoid", r"\sigma(z) = \frac{1}{1 + e^{-z}}", r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))"),
    "tanh": Activation("tanh", r"\tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}", r"\tanh' z = 1 - \tanh^2 z"),
    "relu": Activation("ReLU", r"\operatorname{ReLU}(z) = \max(0, z)",
                       r"\operatorname{ReLU}'(z) = \begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}"),
    "leaky_relu": Activation("Leaky ReLU", r"f(z) = \begin{cases}z & z > 0\\ s\,z & z \le 0\end{cases}",
                             r"f'(z) = \begin{cases}1 & z > 0\\ s & z \le 0\end{cases}"),
    "elu": Activation("ELU", r"f(z) = \begin{cases}z & z > 0\\ \alpha\,(e^{z} - 1) & z \le 0\end{cases}",
                      r"f'(z) = \begin{cases}1 & z > 0\\ \alpha\, e^{z} & z \le 0\end{cases}"),
    "gelu": Activation("GELU", r"\operatorname{GELU}(z) = z\,\Phi(z)",
                       r"\operatorname{GELU}'(z) = \Phi(z) + z\,\varphi(z)"),
}


def _phi(z: np.ndarray) -> np.ndarray:
    """The standard normal density φ(z)."""
    return np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)


def _Phi(z: np.ndarray) -> np.ndarray:
    """The standard normal cumulative distribution Φ(z): GELU weights z by how likely a N(0,1) is below it."""
    return 0.5 * (1 + erf(z / np.sqrt(2)))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # the two branches never exponentiate a large positive number, so no overflow at z = ±1000
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def value(name: str, z, slope: float = 0.01, alpha: float = 1.0) -> np.ndarray:
    """a = f(z), elementwise."""
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        return _sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, slope * z)
    if name == "elu":
        return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))
    if name == "gelu":
        return z * _Phi(z)
    raise ValueError(f"unknown activation {name!r}; choose from {list(ACTIVATIONS)}")


def derivative(name: str, z, slope: float = 0.01, alpha: float = 1.0) -> np.ndarray:
    """f'(z), elementwise: how much of the gradient passes back through the neuron."""
    z = np.asarray(z, dtype=float)
    if name == "sigmoid":
        s = _sigmoid(z)
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, slope)
    if name == "elu":
        return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))
    if name == "gelu":
        return _Phi(z) + z * _phi(z)
    raise ValueError(f"unknown activation {name!r}; choose from {list(ACTIVATIONS)}")


@dataclass(frozen=True)
class Region:
    lo: float
    hi: float
    dead: bool  # True: f'(z) is exactly 0 here (no gradient at all); False: only small


def weak_gradient_regions(name: str, zs: np.ndarray, slope: float = 0.01, alpha: float = 1.0) -> list[Region]:
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
