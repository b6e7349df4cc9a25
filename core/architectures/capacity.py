"""Depth, width and capacity: the same data fitted by networks of growing size, on several seeds.

Capacity here is the parameter count. Too few parameters cannot draw the boundary
(high train and test error); enough parameters fit it; on few noisy points, many
parameters fit the noise too (train error falls, test error does not). Each network
is trained on a few seeds (a fresh sample of the data and fresh first weights), so the
page can tell an effect from the noise.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from core.architectures.playground import FitConfig, NetConfig, hidden_label, new_run
from core.architectures.points import DataConfig
from core.architectures.trainer import train_epochs

SWEEP_NETS = ((1,), (2,), (4,), (8,), (32,), (8, 8), (32, 32), (32, 32, 32))
SWEEP_FIT = FitConfig(optimizer="adam", lr=0.03, batch_size=10_000)  # full batch: one step per epoch, fast


@dataclass(frozen=True)
class CapacityPoint:
    hidden: tuple[int, ...]
    parameters: int
    train_error: float  # 1 − accuracy, or MSE for regression
    test_error: float
    seed: int = 0  # the data sample and the first weights

    @property
    def label(self) -> str:
        return hidden_label(self.hidden)


def capacity_point(data_cfg: DataConfig, hidden: tuple[int, ...], features: tuple[str, ...],
                   activation: str = "tanh", epochs: int = 300, seed: int = 0) -> CapacityPoint:
    """Train one network of the sweep with a fixed recipe (full-batch Adam) and measure its errors."""
    net = NetConfig(features=features, hidden=hidden, activations=(activation,) * len(hidden), seed=seed)
    run = train_epochs(new_run(data_cfg, net), SWEEP_FIT, epochs, record_every=epochs)  # only the end counts
    last = run.history[-1]
    if data_cfg.task == "regression":
        return CapacityPoint(hidden, run.parameters, last.train_loss, last.test_loss, seed)
    return CapacityPoint(hidden, run.parameters, 1 - last.train_score, 1 - last.test_score, seed)


@dataclass(frozen=True)
class SweepConfig:
    """One capacity sweep: the data, the inputs and activation every network shares, and how many seeds."""

    data: DataConfig = DataConfig()  # the Playground's opening data set: a circle of 500 clean points
    features: tuple[str, ...] = ("x1", "x2")
    activation: str = "tanh"
    epochs: int = 300
    seeds: int = 3  # seed k uses data seed `data.seed + k` and first-weights seed k

    @classmethod
    def of(cls, data: DataConfig, features: tuple[str, ...], activation: str) -> SweepConfig:
        """The sweep for the Playground's settings, with what the sweep ignores set to one value (one cache key)."""
        classes = data.classes if data.task == "multiclass" else DataConfig().classes
        return cls(replace(data, validation=0.0, classes=classes), tuple(features), activation)

    @property
    def error_name(self) -> str:
        return "MSE" if self.data.task == "regression" else "error (1 − accuracy)"


@dataclass(frozen=True)
class NetSummary:
    """One network of the sweep over its seeds."""

    hidden: tuple[int, ...]
    parameters: int
    train: tuple[float, ...]  # the error on each seed
    test: tuple[float, ...]

    @property
    def label(self) -> str:
        return hidden_label(self.hidden)

    @property
    def test_mean(self) -> float:
        return float(np.mean(self.test))

    @property
    def train_mean(self) -> float:
        return float(np.mean(self.train))


def sweep(cfg: SweepConfig, on_progress: Callable[[float], None] | None = None) -> list[CapacityPoint]:
    """Every network of SWEEP_NETS on every seed, smallest first; `on_progress(fraction done)` after each."""
    jobs = [(k, hidden) for k in range(cfg.seeds) for hidden in SWEEP_NETS]
    points = []
    for i, (k, hidden) in enumerate(jobs):
        data = replace(cfg.data, seed=cfg.data.seed + k)
        points.append(replace(capacity_point(data, hidden, cfg.features, cfg.activation, cfg.epochs, seed=k), seed=k))
        if on_progress:
            on_progress((i + 1) / len(jobs))
    return points


def by_network(points: Sequence[CapacityPoint]) -> list[NetSummary]:
    """The sweep's points grouped per network, fewest parameters first."""
    nets: dict[tuple[int, ...], list[CapacityPoint]] = {}
    for p in points:
        nets.setdefault(p.hidden, []).append(p)
    return sorted((NetSummary(h, ps[0].parameters, tuple(p.train_error for p in ps), tuple(p.test_error for p in ps))
                   for h, ps in nets.items()), key=lambda n: (n.parameters, len(n.hidden)))


def clearly_worse(a: NetSummary, b: NetSummary, floor: float = 0.01) -> bool:
    """Is network `a`'s test error above `b`'s on every seed, by more than `floor` on average?

    Seed k gives both the same data sample, so the comparison is paired: a hard sample
    raises every network's error together and is not mistaken for a difference.
    """
    d = np.subtract(a.test, b.test)
    return bool((d > 0).all() and d.mean() > floor)


@dataclass(frozen=True)
class Verdict:
    """What the sweep shows, read from its numbers seed by seed."""

    enough: NetSummary  # the smallest network that is not clearly worse than the best
    best: NetSummary  # the lowest mean test error
    smallest: NetSummary
    largest: NetSummary
    too_few: bool  # the smallest network is clearly worse than the best
    fits_noise: bool  # the largest network's train error is below its test error on every seed, and more
    # parameters did not buy test error: it is not clearly better than `enough`
    bigger_worse: tuple[NetSummary, ...]  # networks bigger than `enough` that are clearly worse than the best


def verdict(points: Sequence[CapacityPoint], floor: float = 0.01) -> Verdict:
    """Too few, enough, too many: each judged on every seed, never on one run."""
    nets = by_network(points)
    best = min(nets, key=lambda n: n.test_mean)
    enough = next(n for n in nets if not clearly_worse(n, best, floor))
    smallest, largest = nets[0], max(nets, key=lambda n: n.parameters)
    gaps = np.subtract(largest.test, largest.train)  # the same data sample on both sides
    fits_noise = bool((gaps > floor).all() and not clearly_worse(enough, largest, floor))
    bigger_worse = tuple(n for n in nets if n.parameters > enough.parameters and clearly_worse(n, best, floor))
    return Verdict(enough, best, smallest, largest, clearly_worse(smallest, best, floor), fits_noise, bigger_worse)


def takeaway(points: Sequence[CapacityPoint], regression: bool = False) -> str:
    """The tab's takeaway, written from this sweep's numbers."""
    v = verdict(points)
    shown = (lambda e: f"{e:.3f}") if regression else (lambda e: f"{e:.1%}")
    seeds = len(v.best.test)

    def spread(n: NetSummary) -> str:
        return f"{shown(n.test_mean)} ({shown(min(n.test))}–{shown(max(n.test))} over {seeds} seeds)"

    parts = []
    if v.too_few:
        parts.append(f"**too few** parameters cannot draw this boundary: {v.smallest.parameters:,} parameters "
                     f"(hidden {v.smallest.label}) leave a test error of {spread(v.smallest)}")
    parts.append(f"**{v.enough.parameters:,} parameters** (hidden {v.enough.label}) are **enough**: "
                 f"test error {spread(v.enough)}, as low as any network's within the seeds' noise")
    if v.fits_noise:
        parts.append(f"the largest network ({v.largest.parameters:,} parameters) **fits the noise**: on every seed "
                     f"its train error ({shown(v.largest.train_mean)} on average) is below its test error "
                     f"({shown(v.largest.test_mean)}), and its extra parameters bought no test error")
    elif v.bigger_worse:
        parts.append("some bigger networks do worse on every seed: " + ", ".join(
            f"hidden {n.label} {shown(n.test_mean)}" for n in v.bigger_worse[:3]))
    else:
        bigger = [n for n in by_network(points) if n.parameters > v.enough.parameters]
        better = [n for n in bigger if clearly_worse(v.enough, n)]
        if better:
            parts.append("yet " + ", ".join(f"hidden {n.label} ({shown(n.test_mean)})" for n in better[:2])
                         + " did better on every seed")
        elif bigger:
            parts.append("bigger networks do no better: none beats it on every seed")
    text = "; ".join(parts)
    first = next(i for i, c in enumerate(text) if c.isalnum())  # after any "**"
    return text[:first] + text[first].upper() + text[first + 1:] + "."
