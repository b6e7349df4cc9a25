"""The threshold unit and Rosenblatt's perceptron rule on the four points of a logic gate.

A threshold unit outputs y = 1 if w·x + b > 0 else 0. The perceptron rule nudges it after every
mistake: w ← w + η (t − y) x and b ← b + η (t − y). If a line separates the two classes the rule
is guaranteed to stop making mistakes (the perceptron convergence theorem); if none does, as
for XOR, it goes on forever. The weights are kept as exact fractions so "forever" can be shown,
not just suspected: once the weights at the start of an epoch repeat, every later epoch repeats too.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))
GATES = {  # the target t for each of INPUTS
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "XOR": (0, 1, 1, 0),
}


@dataclass(frozen=True)
class PerceptronConfig:
    gate: str = "AND"  # a key of GATES
    lr: float = 0.5  # η, the learning rate
    w1: float = 0.0  # starting weights and bias
    w2: float = 0.0
    b: float = 0.0
    max_epochs: int = 40  # a safety net; a cycle or convergence ends the run sooner


@dataclass(frozen=True)
class Step:
    epoch: int  # 1-based
    index: int  # which of the four points was shown
    w: tuple[float, float]  # weights before the step
    b: float
    x: tuple[int, int]
    target: int
    z: float  # w·x + b
    output: int  # the unit's answer
    w_after: tuple[float, float]  # after the update (unchanged when output == target)
    b_after: float

    @property
    def mistake(self) -> bool:
        return self.output != self.target


@dataclass(frozen=True)
class Run:
    steps: tuple[Step, ...]
    mistakes_per_epoch: tuple[int, ...]
    status: str  # "converged", "cycle" or "max_epochs"
    cycle_from: int | None  # for "cycle": the earlier epoch whose starting weights came back
    message: str

    def mistakes_up_to(self, step: int) -> list[int]:
        """Mistakes in each epoch among the first `step` steps (the last epoch may still be under way)."""
        counts: dict[int, int] = {}
        for s in self.steps[:step]:
            counts[s.epoch] = counts.get(s.epoch, 0) + s.mistake
        return list(counts.values())


def _exact(v: float) -> Fraction:
    return Fraction(str(v))  # 0.1 as one tenth, not as its nearest binary float


def train(cfg: PerceptronConfig) -> Run:
    """Present the four points in order, epoch after epoch, applying the perceptron rule."""
    targets = GATES[cfg.gate]
    lr = _exact(cfg.lr)
    w, b = [_exact(cfg.w1), _exact(cfg.w2)], _exact(cfg.b)
    seen: dict[tuple, int] = {}  # weights at the start of an epoch → that epoch
    steps, per_epoch = [], []
    for epoch in range(1, cfg.max_epochs + 1):
        state = (w[0], w[1], b)
        if state in seen:
            first = seen[state]
            span = f"epoch {first}" if first == epoch - 1 else f"epochs {first}–{epoch - 1}"
            return Run(tuple(steps), tuple(per_epoch), "cycle", first,
                       f"Epoch {epoch} starts with exactly the weights epoch {first} started with. The rule is "
                       f"deterministic, so {span} will repeat forever: it never converges.")
        seen[state] = epoch
        mistakes = 0
        for i, (x, t) in enumerate(zip(INPUTS, targets, strict=True)):
            z = w[0] * x[0] + w[1] * x[1] + b
            y = int(z > 0)
            before = (float(w[0]), float(w[1])), float(b)
            if y != t:  # the perceptron rule: move the line towards the misclassified point
                mistakes += 1
                w = [w[0] + lr * (t - y) * x[0], w[1] + lr * (t - y) * x[1]]
                b = b + lr * (t - y)
            steps.append(Step(epoch, i, *before, x, t, float(z), y, (float(w[0]), float(w[1])), float(b)))
        per_epoch.append(mistakes)
        if mistakes == 0:
            return Run(tuple(steps), tuple(per_epoch), "converged", None,
                       f"Converged: epoch {epoch} made no mistake, so the weights never change again.")
    return Run(tuple(steps), tuple(per_epoch), "max_epochs", None,
               f"Stopped after {cfg.max_epochs} epochs without an error-free epoch.")


def outputs(w1: float, w2: float, b: float) -> tuple[int, ...]:
    """The unit's answer on each of INPUTS, in exact arithmetic: in floats -0.7 - 0.1 + 0.8 is not 0."""
    w1, w2, b = _exact(w1), _exact(w2), _exact(b)
    return tuple(int(w1 * x1 + w2 * x2 + b > 0) for x1, x2 in INPUTS)


def accuracy(gate: str, w1: float, w2: float, b: float) -> float:
    """Share of the four points a threshold unit with these weights gets right."""
    return sum(y == t for y, t in zip(outputs(w1, w2, b), GATES[gate], strict=True)) / len(INPUTS)


def separating_line(gate: str) -> tuple[float, float, float] | None:
    """Weights (w₁, w₂, b) with every point on its side by a margin, or None when no line separates them.

    Linear programming asks for w, b with (2t − 1)(w·x + b) ≥ 1 for every point; the problem
    is infeasible exactly when no line separates the two classes.
    """
    X = np.hstack([np.array(INPUTS, dtype=float), np.ones((4, 1))])  # (4, 3): the 1 column carries b
    sign = 2 * np.array(GATES[gate]) - 1  # +1 for target 1, −1 for target 0
    res = linprog(np.zeros(3), A_ub=-(sign[:, None] * X), b_ub=-np.ones(4), bounds=[(None, None)] * 3)
    return tuple(float(v) for v in res.x) if res.status == 0 else None


@dataclass(frozen=True)
class Cursor:
    """Where the learner is in a run: which config, and how many steps have been taken."""
    config: PerceptronConfig
    step: int = 0  # 0: before the first step; len(run.steps): all done

    def moved(self, by: int, total: int) -> Cursor:
        return replace(self, step=min(max(self.step + by, 0), total))
