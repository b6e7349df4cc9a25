"""Why non-linearity: two linear layers collapse into one; a ReLU between them stops the collapse.

    W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)

so stacking linear layers adds parameters but no expressive power. With ReLU between the
layers the map is only piecewise linear, and no single matrix reproduces it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HIDDEN, OUTPUTS = 3, 2  # the small network x → 3 hidden → 2 outputs


@dataclass(frozen=True)
class TwoLayers:
    W1: np.ndarray  # (hidden, inputs)
    b1: np.ndarray  # (hidden,)
    W2: np.ndarray  # (outputs, hidden)
    b2: np.ndarray  # (outputs,)

    @property
    def W(self) -> np.ndarray:
        """The single matrix the linear stack collapses to: W₂W₁, (outputs, inputs)."""
        return self.W2 @ self.W1

    @property
    def b(self) -> np.ndarray:
        """The single bias it collapses to: W₂b₁ + b₂, (outputs,)."""
        return self.W2 @ self.b1 + self.b2

    def stacked(self, x: np.ndarray, relu: bool = False) -> np.ndarray:
        """Layer by layer: x (..., inputs) → (..., outputs), with or without ReLU between."""
        h = x @ self.W1.T + self.b1  # (..., hidden)
        if relu:
            h = np.maximum(h, 0.0)
        return h @ self.W2.T + self.b2

    def single(self, x: np.ndarray) -> np.ndarray:
        """One linear layer with the collapsed W and b."""
        return x @ self.W.T + self.b


def random_layers(inputs: int, seed: int = 0) -> TwoLayers:
    """Weights rounded to one decimal so a learner can multiply them out by hand."""
    rng = np.random.default_rng(seed)

    def draw(*shape):
        return np.round(rng.uniform(-1.5, 1.5, size=shape), 1)

    return TwoLayers(draw(HIDDEN, inputs), draw(HIDDEN), draw(OUTPUTS, HIDDEN), draw(OUTPUTS))


@dataclass(frozen=True)
class Collapse:
    stacked: np.ndarray  # W₂(W₁x + b₁) + b₂
    single: np.ndarray  # (W₂W₁)x + (W₂b₁ + b₂)
    relu: np.ndarray  # W₂ ReLU(W₁x + b₁) + b₂
    hidden: np.ndarray  # W₁x + b₁, to see which units ReLU cut
    linear_gap: float  # max |stacked − single|: float rounding only
    relu_gap: float  # max |relu − single| at this x
    best_linear_rms: float  # RMS error of the best single linear layer fitted to the ReLU network


def collapse(layers: TwoLayers, x: np.ndarray, probes: int = 2000, seed: int = 0) -> Collapse:
    """Compare the stack with its collapsed matrix at x, and test whether any matrix fits the ReLU stack."""
    stacked, single, relu = layers.stacked(x), layers.single(x), layers.stacked(x, relu=True)
    # Least squares finds the best (W, b) for the ReLU network over many random inputs;
    # a leftover error means no single linear layer can do what it does.
    X = np.random.default_rng(seed).uniform(-3, 3, size=(probes, x.shape[-1]))  # (probes, inputs)
    Y = layers.stacked(X, relu=True)  # (probes, outputs)
    A = np.hstack([X, np.ones((probes, 1))])  # (probes, inputs + 1): the 1 column learns the bias
    coef, *_ = np.linalg.lstsq(A, Y, rcond=None)
    rms = float(np.sqrt(np.mean((A @ coef - Y) ** 2)))
    return Collapse(stacked, single, relu, x @ layers.W1.T + layers.b1,
                    float(np.max(np.abs(stacked - single))), float(np.max(np.abs(relu - single))), rms)


def along_input(layers: TwoLayers, x: np.ndarray, index: int = 0, span: float = 3.0, points: int = 121):
    """Move input `index` across ±span, the others fixed: (t, stacked, single, relu), each output a column."""
    t = np.linspace(-span, span, points)
    X = np.repeat(x[None, :], points, axis=0)  # (points, inputs)
    X[:, index] = t
    return t, layers.stacked(X), layers.single(X), layers.stacked(X, relu=True)


def bmatrix(a: np.ndarray, digits: int = 2) -> str:
    """A NumPy vector (as a column) or matrix as LaTeX."""
    rows = a.reshape(-1, 1) if a.ndim == 1 else a
    body = r" \\ ".join(" & ".join(f"{v + 0.0:.{digits}f}".replace("-0." + "0" * digits, "0." + "0" * digits)
                                    for v in row) for row in rows)
    return rf"\begin{{bmatrix}}{body}\end{{bmatrix}}"
