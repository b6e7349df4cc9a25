"""Batch, stochastic and mini-batch gradient descent on the same real data, per epoch and per second.

Full-batch descent takes one exact step per epoch; stochastic descent (one image per step)
takes N noisy ones; a mini-batch sits between. Per epoch the many small steps win. Per second
the mini-batch wins: vectorised hardware computes an update on a few dozen images in about the
time of an update on one, and that update is far less noisy.

Wall-clock time is measured apart from the training runs, on one CPU thread, after a warm-up, as the
median of several timings of each batch size's update; a run's time axis is its updates × that median.
So the loss curves are exactly reproducible from the seed, and only the seconds depend on the
machine and how busy it is.
"""
from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F

from core.device import single_threaded
from core.models import mlp
from core.train import make_optimizer


@dataclass(frozen=True)
class BatchConfig:
    n_train: int = 1000  # images trained on (a seeded subset)
    epochs: int = 2
    lr: float = 0.01  # the same for every batch size, so only the batch size differs
    mini_batch: int = 64  # the mini-batch contender: 32, 64 or 128
    hidden: tuple[int, ...] = ()  # () = softmax regression, a linear classifier
    seed: int = 0  # the first seed; `compare_seeds` also runs the next ones
    checkpoints: int = 40  # full-data loss evaluations per run


@dataclass
class BatchRun:
    """One batch size's run."""

    batch_size: int
    label: str  # "batch (N)", "mini-batch (64)" or "stochastic (1)"
    updates_per_epoch: int
    batch_epochs: np.ndarray  # (updates,) epoch at each update
    batch_losses: np.ndarray  # (updates,) the loss of the batch each update saw
    full_epochs: np.ndarray  # (checkpoints,)
    full_losses: np.ndarray  # (checkpoints,) the loss on all N training images

    @property
    def noise(self) -> float:
        """How far the loss each update sees strays from the true (full-data) loss: RMS of the gap."""
        true = np.interp(self.batch_epochs, self.full_epochs, self.full_losses)
        return float(np.sqrt(np.mean((self.batch_losses - true) ** 2)))

    @property
    def final_loss(self) -> float:
        return float(self.full_losses[-1])

    @property
    def full_updates(self) -> np.ndarray:
        """(checkpoints,) the number of updates done at each full-data loss evaluation."""
        return np.round(self.full_epochs * self.updates_per_epoch)

    def smoothed(self, window: int) -> np.ndarray:
        """(updates,) the batch losses averaged over the last `window` updates: the trend under the noise."""
        sums = np.cumsum(np.concatenate([[0.0], self.batch_losses]))
        ends = np.arange(1, len(self.batch_losses) + 1)
        starts = np.maximum(ends - window, 0)
        return (sums[ends] - sums[starts]) / (ends - starts)


def _step(model: torch.nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor) -> float:
    """One update of plain SGD on the batch (x, y); returns the batch's loss."""
    loss = F.cross_entropy(model(x), y)  # x: (batch, 1, side, side) → logits (batch, classes)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()


def _model(cfg: BatchConfig, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.nn.Module, torch.optim.Optimizer]:
    model = mlp(x[0].numel(), cfg.hidden, int(y.max()) + 1).to(x.device)
    return model, make_optimizer("sgd", model.parameters(), cfg.lr)  # plain: no momentum


def train_with_batch_size(cfg: BatchConfig, batch_size: int, label: str, x: torch.Tensor, y: torch.Tensor) -> BatchRun:
    """Plain SGD (no momentum) with one batch size; the same seed gives every run the same start."""
    torch.manual_seed(cfg.seed)
    n = len(y)
    model, opt = _model(cfg, x, y)
    shuffle = torch.Generator(device=x.device).manual_seed(cfg.seed)
    per_epoch = math.ceil(n / batch_size)
    total = per_epoch * cfg.epochs
    check_at = set(np.linspace(0, total, min(cfg.checkpoints, total + 1)).round().astype(int).tolist())
    batch_losses, full_epochs, full_losses = [], [], []
    update = 0
    for _ in range(cfg.epochs):
        perm = torch.randperm(n, generator=shuffle, device=x.device)
        for i in range(0, n, batch_size):
            if update in check_at:
                full_epochs.append(update / per_epoch)
                full_losses.append(_full_loss(model, x, y))
            idx = perm[i:i + batch_size]
            batch_losses.append(_step(model, opt, x[idx], y[idx]))
            update += 1
    full_epochs.append(update / per_epoch)
    full_losses.append(_full_loss(model, x, y))
    return BatchRun(batch_size, label, per_epoch, np.arange(total) / per_epoch, np.array(batch_losses),
                    np.array(full_epochs), np.array(full_losses))


@torch.no_grad()
def _full_loss(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return F.cross_entropy(model(x), y).item()


@dataclass(frozen=True)
class Timing:
    """How long one update takes with one batch size, timed after a warm-up."""

    batch_size: int
    seconds: tuple[float, ...]  # seconds per update, one value per timed repeat

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)


def time_update(cfg: BatchConfig, batch_size: int, x: torch.Tensor, y: torch.Tensor, repeats: int = 7,
                warm_up: int = 5) -> Timing:
    """Seconds per update of `batch_size` images: `warm_up` untimed updates (first calls are slow), then
    `repeats` timings of a few updates each. The same step as training, on a scratch copy of the model."""
    torch.manual_seed(cfg.seed)
    model, opt = _model(cfg, x, y)
    n = len(y)
    perm = torch.randperm(n, generator=torch.Generator(device=x.device).manual_seed(cfg.seed), device=x.device)
    batches = [perm[(i * batch_size) % n:][:batch_size] for i in range(8)]  # a few index sets to cycle through
    per_repeat = 20 if batch_size <= 256 else 5  # updates per timing: enough to rise above the clock's jitter
    for i in range(warm_up):
        _step(model, opt, x[batches[i % 8]], y[batches[i % 8]])
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for i in range(per_repeat):
            idx = batches[i % 8]
            _step(model, opt, x[idx], y[idx])
        seconds.append((time.perf_counter() - start) / per_repeat)
    return Timing(batch_size, tuple(seconds))


def compare(cfg: BatchConfig, x: torch.Tensor, y: torch.Tensor, on_run=None) -> list[BatchRun]:
    """Batch size N, the mini-batch and 1, on the first `cfg.n_train` of (x, y); `on_run(i, label)` before each."""
    _check(cfg)
    x, y = x[:cfg.n_train], y[:cfg.n_train]
    runs = []
    for i, (size, label) in enumerate(contenders(cfg, len(y))):
        if on_run:
            on_run(i, label)
        runs.append(train_with_batch_size(cfg, size, label, x, y))
    return runs


def _check(cfg: BatchConfig) -> None:
    if cfg.n_train < 2 or cfg.epochs < 1 or not (cfg.lr > 0 and math.isfinite(cfg.lr)):
        raise ValueError("need at least 2 images, 1 epoch and a positive, finite learning rate")


def contenders(cfg: BatchConfig, n: int) -> list[tuple[int, str]]:
    """(batch size, label) of the three: all N images, the mini-batch, one image."""
    return [(n, f"batch (N = {n:,})"), (cfg.mini_batch, f"mini-batch ({cfg.mini_batch})"), (1, "stochastic (1)")]


@dataclass
class BatchComparison:
    """The three batch sizes over several seeds, with each one's measured time per update."""

    config: BatchConfig
    runs: list[list[BatchRun]]  # runs[s][i]: seed config.seed + s, contender i (batch, mini-batch, stochastic)
    timings: list[Timing]  # one per contender

    @property
    def seeds(self) -> list[int]:
        return [self.config.seed + s for s in range(len(self.runs))]

    @property
    def first(self) -> list[BatchRun]:
        """The first seed's runs: the ones whose every update the figure draws."""
        return self.runs[0]

    def seconds(self, i: int, run: BatchRun) -> np.ndarray:
        """(checkpoints,) wall-clock seconds at each of `run`'s full-data loss evaluations."""
        return run.full_updates * self.timings[i].median

    def epoch_seconds(self, i: int) -> float:
        """Seconds one epoch of contender i takes: its updates per epoch × its median time per update."""
        return self.first[i].updates_per_epoch * self.timings[i].median

    def final_losses(self, i: int) -> np.ndarray:
        """(seeds,) the loss on all training images after the last epoch."""
        return np.array([runs[i].final_loss for runs in self.runs])

    @property
    def target(self) -> float:
        """The loss every small-batch run reached: the highest final loss of the mini-batch and stochastic runs."""
        return max(max(self.final_losses(1)), max(self.final_losses(2)))

    def time_to(self, i: int, level: float) -> np.ndarray:
        """(seeds,) seconds until contender i's full-data loss first got down to `level`; NaN if it never did."""
        return np.array([_first_crossing(self.seconds(i, runs[i]), runs[i].full_losses, level) for runs in self.runs])


def _first_crossing(seconds: np.ndarray, losses: np.ndarray, level: float) -> float:
    """When `losses` first reaches `level`, interpolated between the two evaluations around it."""
    below = np.flatnonzero(losses <= level)
    if not len(below):
        return float("nan")
    k = int(below[0])
    if k == 0:
        return float(seconds[0])
    t0, t1, l0, l1 = seconds[k - 1], seconds[k], losses[k - 1], losses[k]
    return float(t0 + (t1 - t0) * (l0 - level) / (l0 - l1)) if l0 > l1 else float(t1)


@single_threaded  # tiny products: a second CPU thread only waits, and on a busy machine slows small batches 10×+
def compare_seeds(cfg: BatchConfig, x: torch.Tensor, y: torch.Tensor, seeds: int = 3,
                  on_progress: Callable[[float, str], None] | None = None) -> BatchComparison:
    """`compare` on seeds cfg.seed, cfg.seed + 1, …, and each contender's update timed once (it has no seed)."""
    _check(cfg)
    x, y = x[:cfg.n_train], y[:cfg.n_train]
    sizes = contenders(cfg, len(y))
    steps, done = seeds + 1, 0

    def tell(message: str):
        if on_progress:
            on_progress(done / steps, message)

    tell("Timing one update of each batch size…")
    timings = [time_update(cfg, size, x, y) for size, _ in sizes]
    runs = []
    for s in range(seeds):
        done += 1
        tell(f"Training the three from seed {cfg.seed + s}…")
        runs.append(compare(replace(cfg, seed=cfg.seed + s), x, y))
    return BatchComparison(cfg, runs, timings)
