"""One artificial neuron: a weighted sum of the inputs plus a bias, passed through an activation.

    z = Σ wᵢ xᵢ + b        a = f(z)

The same numbers are written out three ways: as a result, as LaTeX with the numbers
substituted, and as a short NumPy program that a learner can run to check them by hand.
"""
from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass

import numpy as np

from core import activations

MAX_INPUTS = 5
NEURON_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu")  # names in core.activations


@dataclass(frozen=True)
class NeuronConfig:
    x: tuple[float, ...] = (1.0, 0.5)  # the inputs x₁ … xₙ
    w: tuple[float, ...] = (0.8, -0.4)  # one weight per input: how strongly it pushes z up or down
    b: float = 0.1  # the bias: z when every input is 0
    activation: str = "sigmoid"  # one of NEURON_ACTIVATIONS
    slope: float = activations.SLOPE  # Leaky ReLU's slope for z ≤ 0
    alpha: float = activations.ALPHA  # ELU's level for z → -∞

    def __post_init__(self):
        if len(self.x) != len(self.w) or not 1 <= len(self.x) <= MAX_INPUTS:
            raise ValueError(f"a neuron needs 1 to {MAX_INPUTS} inputs and one weight per input")
        if not all(math.isfinite(v) for v in (*self.x, *self.w, self.b, self.slope, self.alpha)):
            raise ValueError("inputs, weights and bias must be finite numbers")


@dataclass(frozen=True)
class NeuronOutput:
    terms: tuple[float, ...]  # wᵢ·xᵢ, one per input
    z: float  # the pre-activation Σ wᵢxᵢ + b
    a: float  # the output f(z)
    slope_at_z: float  # f'(z): how much of a gradient would flow back


def forward(cfg: NeuronConfig) -> NeuronOutput:
    """The neuron's forward pass."""
    x, w = np.array(cfg.x), np.array(cfg.w)
    terms = w * x
    z = float(terms.sum() + cfg.b)
    a = float(activations.value(cfg.activation, z, cfg.slope, cfg.alpha))
    da = float(activations.derivative(cfg.activation, z, cfg.slope, cfg.alpha))
    return NeuronOutput(tuple(float(t) for t in terms), z, a, da)


def _num(v: float) -> str:
    """A number for a formula: negative values in brackets so `0.8 · (-1)` reads right."""
    text = f"{v:g}"
    return f"({text})" if v < 0 else text


def latex(cfg: NeuronConfig, out: NeuronOutput) -> tuple[str, str]:
    """(z line, a line) with the current numbers substituted."""
    n = len(cfg.x)
    symbolic = " + ".join(f"w_{i + 1} x_{i + 1}" for i in range(n)) + " + b"
    numbers = " + ".join(rf"{_num(w)} \cdot {_num(x)}" for x, w in zip(cfg.x, cfg.w, strict=True)) + f" + {_num(cfg.b)}"
    z_line = rf"z = {symbolic} = {numbers} = {out.z:.4f}"
    z = f"{out.z:.4f}"
    applied = activations.get(cfg.activation).applied.format(z=_num(float(z)), slope=f"{cfg.slope:g}",
                                                             alpha=f"{cfg.alpha:g}")
    a_line = rf"a = f(z) = {applied} = {out.a:.4f}"
    return z_line, a_line


def numpy_snippet(cfg: NeuronConfig) -> str:
    """A stand-alone NumPy program computing this neuron's z and a, as a learner would type it."""
    act = activations.get(cfg.activation)
    f = act.code.format(slope=cfg.slope, alpha=cfg.alpha)
    return "\n".join([
        "import math",
        "import numpy as np",
        "",
        f"x = np.array({list(cfg.x)!r})  # inputs",
        f"w = np.array({list(cfg.w)!r})  # weights",
        f"b = {cfg.b!r}  # bias",
        "",
        "z = float(w @ x + b)  # weighted sum plus bias",
        f"a = float({f})  # {act.label}",
        'print(f"z = {z:.4f}")',
        'print(f"a = {a:.4f}")',
    ])


def run_snippet(source: str) -> str:
    """Run a snippet made by `numpy_snippet` and return what it printed.

    The source is built from floats formatted by repr, never from a visitor's text.
    """
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<neuron snippet>", "exec"), {"__name__": "snippet"})  # noqa: S102
    return out.getvalue()
