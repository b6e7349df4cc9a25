"""Gradient descent and its variants racing across 2-D loss surfaces.

Each racer is a real `torch.optim` optimizer moving one 2-parameter tensor
θ = (x, y). The surfaces are small polynomials, so the same formula draws the
contour plot (NumPy) and gives autograd its loss (PyTorch).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from core.train import make_optimizer


@dataclass(frozen=True)
class RacerKind:
    """A racer is a row of the kernel's optimizer table with the race's own momentum setting."""

    optimizer: str  # a key of core.train.OPTIMIZER_TABLE
    momentum: bool = False  # moves with the race's β (RaceConfig.momentum)
    nesterov: bool = False  # looks ahead along its momentum before taking the gradient


RACERS = {
    "SGD": RacerKind("sgd"),
    "Momentum": RacerKind("sgd", momentum=True),
    "Nesterov": RacerKind("sgd", momentum=True, nesterov=True),
    "RMSprop": RacerKind("rmsprop"),
    "Adam": RacerKind("adam"),
}
OPTIMIZERS = tuple(RACERS)  # the racers' names, as links spell them
LR_GRID = (1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 5e-3, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.2,
           1.5, 2.0, 3.0, 5.0)  # the learning rates a learner can pick
BLOW_UP = 1e6  # a parameter this far out (or a non-finite loss) counts as diverged


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y) with its box, minima and learning rates that work on it."""

    name: str
    title: str
    formula: str  # LaTeX
    f: Callable  # polynomial in x, y: works on NumPy arrays and torch tensors alike
    box: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max
    minima: tuple[tuple[float, float], ...]
    start: tuple[float, float]  # default start point
    lrs: tuple[float, ...]  # "about right" learning rate of each optimizer, in OPTIMIZERS order
    tol: float = 0.05  # "reached the minimum" = this close to one
    hessian_eigs: tuple[float, ...] = ()  # for a quadratic: the curvatures, giving plain SGD's limit 2/λmax
    lesson: str = ""  # the one-line takeaway the page shows

    @property
    def f_min(self) -> float:
        return min(float(self.f(np.float64(x), np.float64(y))) for x, y in self.minima)

    @property
    def critical_lr(self) -> float | None:
        """Above 2/λmax plain gradient descent overshoots further at every step: it diverges."""
        return 2 / max(self.hessian_eigs) if self.hessian_eigs else None


SURFACES = {s.name: s for s in (
    Surface("bowl", "Bowl", r"f(x,y) = \tfrac12 x^2 + y^2", lambda x, y: 0.5 * x**2 + y**2,
            (-3, 3, -3, 3), ((0.0, 0.0),), (-2.5, 2.0), (0.5, 0.1, 0.1, 0.1, 0.2), hessian_eigs=(1.0, 2.0),
            lesson="on a bowl plain SGD is hard to beat, and the learning rate alone decides: below 2/λmax it "
                   "converges, above it every step overshoots further and it diverges."),
    Surface("ravine", "Elongated ravine", r"f(x,y) = 0.05\,x^2 + 5\,y^2", lambda x, y: 0.05 * x**2 + 5 * y**2,
            (-5, 5, -1.5, 1.5), ((0.0, 0.0),), (-4.5, 1.0), (0.1, 0.1, 0.1, 0.05, 0.3),
            hessian_eigs=(0.1, 10.0),
            lesson="in a ravine plain SGD must keep its step small for the steep walls and then crawls along the "
                   "floor; momentum builds up speed along it, and Adam rescales each direction."),
    Surface("rosenbrock", "Rosenbrock's banana", r"f(x,y) = (1-x)^2 + 100\,(y-x^2)^2",
            lambda x, y: (1 - x)**2 + 100 * (y - x**2)**2,
            (-2, 2, -1, 3), ((1.0, 1.0),), (-1.5, 2.0), (1e-3, 1e-3, 1e-3, 0.01, 0.1), tol=0.1,
            lesson="finding the banana-shaped valley is quick; following its curved floor to (1, 1) is slow for "
                   "every racer, and a rate that is fast on the walls is unstable on the floor."),
    Surface("saddle", "Saddle point", r"f(x,y) = \tfrac12 x^2 - \tfrac12 y^2 + \tfrac14 y^4",
            lambda x, y: 0.5 * x**2 - 0.5 * y**2 + 0.25 * y**4,
            (-3, 3, -2, 2), ((0.0, 1.0), (0.0, -1.0)), (-2.5, 0.02), (0.2, 0.05, 0.05, 0.02, 0.05),
            lesson="near a saddle the gradient is almost zero, so every racer slows down before rolling off into "
                   "a valley; start exactly on the ridge (y = 0) and gradient descent never leaves it."),
    Surface("himmelblau", "Several minima (Himmelblau)", r"f(x,y) = (x^2+y-11)^2 + (x+y^2-7)^2",
            lambda x, y: (x**2 + y - 11)**2 + (x + y**2 - 7)**2,
            (-5, 5, -5, 5), ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
            (-0.5, -0.5), (0.01, 2e-3, 2e-3, 0.05, 0.1), tol=0.1,
            lesson="with several minima, where a racer ends depends on where it starts and how it moves: "
                   "momentum can carry it past one valley into another."),
)}


@dataclass(frozen=True)
class RaceConfig:
    surface: str = "ravine"  # a key of SURFACES
    start: tuple[float, float] = (-4.5, 1.0)
    lrs: tuple[tuple[str, float], ...] = tuple(zip(OPTIMIZERS, SURFACES["ravine"].lrs, strict=True))  # (optimizer, lr)
    steps: int = 200  # the budget every racer gets
    momentum: float = 0.9  # β of Momentum and Nesterov


@dataclass
class Racer:
    """One optimizer's run: where it went, what the loss was, and how it ended."""

    name: str
    lr: float
    path: np.ndarray  # (visited points, 2): the start, then θ after each step
    losses: np.ndarray  # f at each point of the path
    status: str  # "reached", "diverged", "stuck" (at a saddle), "bouncing" or "crawling"
    step: int | None  # the step it reached the minimum, or diverged at
    message: str


@dataclass
class RaceResult:
    config: RaceConfig
    racers: list[Racer]

    @property
    def surface(self) -> Surface:  # looked up, not stored: a Surface holds a lambda, which st.cache_data cannot pickle
        return SURFACES[self.config.surface]


def make_racer(name: str, params: list[torch.Tensor], lr: float, momentum: float = 0.9) -> torch.optim.Optimizer:
    """Racer `name`'s optimizer from the kernel's table; foreach=False is the fast path for a single tiny tensor."""
    if name not in RACERS:
        raise ValueError(f"unknown optimizer {name!r}; choose from {OPTIMIZERS}")
    kind = RACERS[name]
    beta = momentum if kind.momentum else 0.0
    # with β = 0 Nesterov is plain SGD (and torch refuses nesterov=True without momentum)
    return make_optimizer(kind.optimizer, params, lr, momentum=beta, nesterov=kind.nesterov and beta > 0,
                          foreach=False)


def default_lrs(surface: str, scale: float = 1.0) -> dict[str, float]:
    """Each optimizer's "about right" rate on `surface`, times `scale`, snapped to LR_GRID."""
    wanted = {name: lr * scale for name, lr in zip(OPTIMIZERS, SURFACES[surface].lrs, strict=True)}
    return {name: min(LR_GRID, key=lambda g: abs(math.log(g / lr))) for name, lr in wanted.items()}


def _distance_to_minimum(surface: Surface, xy: np.ndarray) -> float:
    return min(math.hypot(xy[0] - mx, xy[1] - my) for mx, my in surface.minima)


def race(cfg: RaceConfig) -> RaceResult:
    """Run every optimizer in `cfg.lrs` for `cfg.steps` steps from the same start."""
    surface = SURFACES[cfg.surface]
    if not all(math.isfinite(v) for v in cfg.start):
        raise ValueError("the start point must be finite")
    names = [name for name, _ in cfg.lrs]
    params = [torch.tensor(cfg.start, dtype=torch.float64, requires_grad=True) for _ in names]  # θ = (x, y)
    opts = [make_racer(name, [p], lr, cfg.momentum) for p, (name, lr) in zip(params, cfg.lrs, strict=True)]
    paths: list[list[list[float]]] = [[] for _ in names]  # the points where each loss was measured
    losses: list[list[float]] = [[] for _ in names]
    ended_at: list[int | None] = [None] * len(names)  # the step a racer diverged at
    for step in range(cfg.steps + 1):
        active = [i for i in range(len(names)) if ended_at[i] is None]
        if not active:
            break
        theta = torch.stack([params[i] for i in active])  # (racers, 2): one autograd pass serves them all
        loss = surface.f(theta[:, 0], theta[:, 1])  # (racers,)
        for i, v, xy in zip(active, loss.tolist(), theta.tolist(), strict=True):
            paths[i].append(xy)
            losses[i].append(v)
            if not math.isfinite(v) or max(abs(xy[0]), abs(xy[1])) > BLOW_UP:
                ended_at[i] = step
        if step == cfg.steps:
            break
        for p in params:
            p.grad = None
        loss.sum().backward()  # each θ gets the gradient of its own f (a diverged one's NaN stays its own)
        for i in active:
            if ended_at[i] is None:
                opts[i].step()
    racers = [_outcome(surface, cfg, name, lr, np.array(paths[i]), np.array(losses[i]), ended_at[i])
              for i, (name, lr) in enumerate(cfg.lrs)]
    return RaceResult(cfg, racers)


def _outcome(surface: Surface, cfg: RaceConfig, name: str, lr: float, path: np.ndarray, losses: np.ndarray,
             diverged_at: int | None) -> Racer:
    """Turn a path into a status and a sentence a learner can act on."""
    if diverged_at is not None:
        limit = surface.critical_lr
        why = (f" On this surface plain gradient descent is only stable below 2/λmax = {limit:g}."
               if limit and name == "SGD" else "")
        return Racer(name, lr, path, losses, "diverged", diverged_at,
                     f"{name} diverged at step {diverged_at}: each step overshot the minimum by more than the "
                     f"last, until the loss blew up. The learning rate {lr:g} is too large.{why} Lower it.")
    dist = np.array([_distance_to_minimum(surface, xy) for xy in path])
    if dist[-1] < surface.tol:  # reached = from this step on it stays within `tol` of a minimum
        settled = int(np.flatnonzero(dist >= surface.tol)[-1] + 1) if (dist >= surface.tol).any() else 0
        return Racer(name, lr, path, losses, "reached", settled, f"{name} reached a minimum at step {settled}.")
    if _gradient_norm(surface, path[-1]) < 1e-3:
        x, y = path[-1]
        return Racer(name, lr, path, losses, "stuck", None,
                     f"{name} stopped at ({x:.2f}, {y:.2f}), where the gradient is zero but the loss is not at its "
                     "minimum: a saddle point. Gradient descent cannot tell it from a minimum; start a little off it.")
    second_half = np.diff(losses[len(losses) // 2:])
    if len(second_half) and (second_half > 0).mean() > 0.3:
        return Racer(name, lr, path, losses, "bouncing", None,
                     f"{name} is bouncing around without settling after {cfg.steps} steps: "
                     f"the learning rate {lr:g} is too large for it here.")
    progress = 1 - dist[-1] / max(dist[0], 1e-12)
    return Racer(name, lr, path, losses, "crawling", None,
                 f"{name} has not reached a minimum in {cfg.steps} steps (it covered {progress:.0%} of the way): "
                 f"with learning rate {lr:g} it crawls. Raise it or give it more steps.")


def _gradient_norm(surface: Surface, xy: np.ndarray) -> float:
    theta = torch.tensor(xy, dtype=torch.float64, requires_grad=True)
    surface.f(theta[0], theta[1]).backward()
    return theta.grad.norm().item()


def contour_grid(surface: Surface, n: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x (n,), y (n,) and f on the grid (n, n), for the contour plot."""
    x0, x1, y0, y1 = surface.box
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)  # (n, n): rows follow y
    return xs, ys, surface.f(gx, gy)


def verdict(result: RaceResult) -> str:
    """One sentence from this race's outcome: who reached a minimum first, who did not, who diverged."""
    reached = sorted((r for r in result.racers if r.status == "reached"), key=lambda r: r.step)
    parts = []
    if reached:
        first = [r.name for r in reached if r.step == reached[0].step]
        parts.append(f"{' and '.join(first)} reached a minimum first, at step {reached[0].step}")
    else:
        parts.append(f"no racer reached a minimum in {result.config.steps} steps")
    late = [r.name for r in result.racers if r.status in ("crawling", "bouncing", "stuck")]
    if late and reached:
        parts.append(f"{', '.join(late)} did not within {result.config.steps}")
    gone = [r.name for r in result.racers if r.status == "diverged"]
    if gone:
        parts.append(f"{', '.join(gone)} diverged")
    return "In this race " + "; ".join(parts) + "."
