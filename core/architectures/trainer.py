"""The Playground's trainer: one epoch at a time, in chunks the page can redraw between.

Stopping is a flag (`run.training`) checked between epochs; a NaN loss, a reached
accuracy target or early stopping end a run with a message the page shows.
"""
from __future__ import annotations

import copy
import math
import time

import torch
from torch import nn

from core.architectures.playground import (
    EpochStats,
    FitConfig,
    PlaygroundRun,
    data_loss,
    evaluate,
    penalty,
)
from core.device import single_threaded
from core.train import OPTIMIZERS as OPTIMIZERS  # the page offers the optimizer table's names
from core.train import make_optimizer


def warm_up() -> None:
    """Build one throwaway optimizer: the first one in a process imports torch._dynamo, which takes seconds."""
    make_optimizer("adam", [nn.Parameter(torch.zeros(1))], 1e-3)


@single_threaded
def step_epoch(run: PlaygroundRun, fit: FitConfig, passes: int = 1) -> EpochStats:
    """One pass over the shuffled training points in mini-batches (or `passes` of them), then one evaluation."""
    if not fit.lr > 0 or fit.batch_size < 1 or not 0 <= fit.dropout < 1 or fit.reg_rate < 0:
        raise ValueError("the learning rate and batch size must be positive, the dropout in [0, 1)")
    if run.optimizer is None or run.optimizer_kind != fit.optimizer:
        # the Playground's optimizers are the plain ones: SGD and RMSprop without momentum
        run.optimizer, run.optimizer_kind = make_optimizer(fit.optimizer, run.model.parameters(), fit.lr), fit.optimizer
    for group in run.optimizer.param_groups:
        group["lr"] = fit.lr  # a new learning rate applies from the next step
    model, x, y = run.model, run.inputs["train"], run.data.train_y
    model.dropout = fit.dropout
    model.train()
    n = len(y)
    batch = min(fit.batch_size, n)
    for _ in range(passes):
        perm = torch.randperm(n, generator=run.shuffle)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            loss = data_loss(run.data.task, model(x[idx]), y[idx])  # (batch, outputs) → scalar
            if fit.regularization != "none" and fit.reg_rate > 0:
                loss = loss + fit.reg_rate * penalty(model, fit.regularization)
            run.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            run.optimizer.step()
    stats = evaluate(run, run.epoch + passes)
    run.history.append(stats)
    _apply_stop_rules(run, fit, stats)
    return stats


def _apply_stop_rules(run: PlaygroundRun, fit: FitConfig, stats: EpochStats) -> None:
    if not (math.isfinite(stats.train_loss) and math.isfinite(stats.test_loss)):
        _halt(run, "diverged", f"The loss became NaN or infinite at epoch {stats.epoch}: the learning rate "
                               f"{fit.lr:g} is too high for {fit.optimizer}. Lower it and press Reset.")
    elif fit.stop_rule == "accuracy" and stats.train_score >= fit.target:
        name = "R²" if run.data.task == "regression" else "training accuracy"
        _halt(run, "reached target", f"Stopped at epoch {stats.epoch}: the {name} reached {fit.target:.0%}.")
    elif fit.stop_rule == "early" and len(run.data.val_y):
        if stats.val_loss < run.best_val - 1e-5:
            run.best_val, run.best_epoch = stats.val_loss, stats.epoch
            run.best_state = copy.deepcopy(run.model.state_dict())
        elif stats.epoch - run.best_epoch >= fit.patience and run.best_state is not None:
            run.model.load_state_dict(run.best_state)
            _halt(run, "early-stopped", f"Early stopping at epoch {stats.epoch}: the validation loss has not "
                                        f"improved for {fit.patience} epochs, so the network went back to "
                                        f"its weights from epoch {run.best_epoch}.")
    if run.training and run.epoch >= run.stop_at:
        _halt(run, "done", f"Trained {fit.max_epochs:,} epochs; press Train to go on.")


def _halt(run: PlaygroundRun, status: str, message: str) -> None:
    run.training, run.status, run.message = False, status, message


def start(run: PlaygroundRun, fit: FitConfig) -> None:
    """Press Train: keep training (in chunks) until Stop, a stop rule, or `fit.max_epochs` more epochs."""
    if run.status in ("diverged", "early-stopped"):
        return  # a diverged network needs a reset; an early-stopped one has made its choice
    run.training, run.stop_at, run.status, run.message = True, run.epoch + fit.max_epochs, "training", ""


def stop(run: PlaygroundRun) -> None:
    with run.lock:  # an epoch still running in the previous script run ends first; no other starts
        if run.training:
            _halt(run, "paused", f"Stopped by you at epoch {run.epoch}; Train goes on from here.")


@single_threaded
def train_chunk(run: PlaygroundRun, fit: FitConfig, seconds: float = 0.3) -> int:
    """Train whole epochs for about `seconds` (at least one) while the run is training; returns epochs done."""
    deadline, done = time.perf_counter() + seconds, 0
    while True:
        with run.lock:  # checked and stepped together, so Stop cannot fall between them
            if not run.training:
                break
            step_epoch(run, fit)
        done += 1
        if time.perf_counter() >= deadline:
            break
    return done


@single_threaded
def train_epochs(run: PlaygroundRun, fit: FitConfig, epochs: int, record_every: int = 1) -> PlaygroundRun:
    """Train `epochs` epochs now (or until a stop rule fires): for tests, sweeps and benchmarks.

    The history gets a point every `record_every` epochs (and at the last); stop rules are checked
    there. A sweep that needs only the end sets it to `epochs` and skips the evaluations between.
    """
    start(run, fit)
    run.stop_at = run.epoch + epochs
    while run.training:
        step_epoch(run, fit, passes=max(1, min(record_every, run.stop_at - run.epoch)))
    return run


