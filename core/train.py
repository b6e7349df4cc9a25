"""The trainer: tensor-resident mini-batches, live progress, stop and NaN guards.

Shaped like pytorch/examples' mnist `train()`/`test()`, but it returns values,
reports through a callback at a bounded rate, and checks a stop flag between steps.
Also the kernel's one optimizer table (`make_optimizer`) and its one small
full-batch trainer for tables and 2-D sets (`fit_full_batch`).
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from core.data import Dataset


@dataclass(frozen=True)
class OptimizerKind:
    """One row of the optimizer table: what a page calls it and which torch optimizer it is."""

    label: str  # how a page writes it
    torch_class: type[torch.optim.Optimizer]
    momentum: bool  # takes a momentum β (heavy ball); Adam keeps its own running mean of the gradient instead
    fused: bool  # torch has a fused kernel for it: one call updates every parameter


# The one optimizer table: every lesson builds its optimizers from it with `make_optimizer`.
OPTIMIZER_TABLE = {
    "adam": OptimizerKind("Adam", torch.optim.Adam, momentum=False, fused=True),
    "sgd": OptimizerKind("SGD", torch.optim.SGD, momentum=True, fused=True),
    "rmsprop": OptimizerKind("RMSprop", torch.optim.RMSprop, momentum=True, fused=False),
}
OPTIMIZERS = tuple(OPTIMIZER_TABLE)  # the names links and settings use


def make_optimizer(name: str, params, lr: float, *, momentum: float = 0.0, nesterov: bool = False,
                   weight_decay: float = 0.0, fused: bool = False, foreach: bool | None = None,
                   ) -> torch.optim.Optimizer:
    """Build optimizer `name` (a key of OPTIMIZER_TABLE) over `params` with learning rate `lr`.

    momentum: β of SGD and RMSprop (0, the default, is the plain method); Adam, which has no such
        setting, ignores it. nesterov: SGD's look-ahead momentum (needs momentum > 0).
    weight_decay: the L2 penalty. fused: take torch's fused kernel where the optimizer has one
        (a third faster on MNIST). foreach: False is the fast path for a single tiny tensor.
    With every keyword left alone this is torch's own default optimizer of that kind.
    """
    if name not in OPTIMIZER_TABLE:
        raise ValueError(f"unknown optimizer {name!r}; choose from {OPTIMIZERS}")
    kind = OPTIMIZER_TABLE[name]
    if nesterov and name != "sgd":
        raise ValueError("only SGD has Nesterov momentum")
    options = {"momentum": momentum if kind.momentum else 0.0, "nesterov": nesterov, "weight_decay": weight_decay,
               "fused": fused and kind.fused}
    options = {key: value for key, value in options.items() if value}  # only what differs from torch's defaults
    if foreach is not None:
        options["foreach"] = foreach
    return kind.torch_class(params, lr=lr, **options)


@dataclass(frozen=True)
class TrainConfig:
    optimizer: str = "adam"  # a key of OPTIMIZER_TABLE: "adam", "sgd" (with momentum) or "rmsprop"
    lr: float = 1e-3  # the tutorial's Adam learning rate
    batch_size: int = 64  # the tutorial's batch
    epochs: int = 3
    seed: int = 0  # fixes the shuffling order (and dropout)
    momentum: float = 0.9  # SGD and RMSprop only
    weight_decay: float = 0.0  # L2 penalty
    grad_clip: float = 0.0  # maximum gradient norm; 0 turns clipping off
    patience: int = 0  # early stopping: epochs without a better val loss; 0 = off


@dataclass
class Point:
    """One point of the live curves: training averages since the last point, validation now."""

    epoch: float  # fractional epochs done
    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    lr: float
    examples_per_s: float
    elapsed_s: float = float("nan")  # seconds since training started (run comparisons plot against it)


@dataclass
class Progress:
    step: int
    total_steps: int
    elapsed_s: float
    curve: list[Point]

    @property
    def fraction(self) -> float:
        return self.step / max(self.total_steps, 1)

    @property
    def eta_s(self) -> float:
        return self.elapsed_s * (1 / self.fraction - 1) if self.step else float("nan")


@dataclass
class TrainResult:
    model: nn.Module
    curve: list[Point]
    status: str  # "finished", "stopped", "early-stopped" or "diverged"
    message: str
    seconds: float
    steps: int
    test_loss: float = float("nan")
    test_acc: float = float("nan")
    epoch_ends: list[int] = field(default_factory=list)  # indices into curve


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 512) -> tuple[float, float]:
    """Mean cross-entropy and accuracy over (x, y), in eval mode (dropout off, BN frozen).

    Batches of 512 keep a CNN's feature maps small (2,048 images took 100 MB per map on a hosted replica).
    """
    model.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(y), batch):
        logits = model(x[i:i + batch])  # (batch, classes)
        loss += F.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
        correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    return loss / max(len(y), 1), correct / max(len(y), 1)


def diverged_message(step: int, epoch: float, lr: float) -> str:
    return (f"The loss became NaN or infinite at step {step} (epoch {epoch:.2f}). "
            f"The learning rate {lr:g} is too high for this network: lower it, "
            "or turn on gradient clipping.")


def train(model: nn.Module, data: Dataset, cfg: TrainConfig,
          on_progress: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          report_every_s: float = 0.5, val_probe: int = 1000,
          on_epoch: Callable[[int, nn.Module], None] | None = None) -> TrainResult:
    """Train `model` on `data` (already on the model's device) and test it.

    Every `report_every_s` seconds a curve point is recorded (validation on the
    first `val_probe` images) and `on_progress` is called; each epoch ends with a
    point on the whole validation set, then `on_epoch(epoch, model)` (for
    histograms and galleries; its time counts as training time). Stopping keeps
    what was learnt so far.
    """
    if cfg.epochs < 1 or cfg.batch_size < 1 or not cfg.lr > 0:
        raise ValueError("epochs, batch size and learning rate must be positive")
    torch.manual_seed(cfg.seed)  # dropout masks
    run = _Run(model, data, cfg, on_progress, report_every_s, val_probe)
    stopper = _EarlyStopping(cfg.patience)
    model.train()
    for epoch in range(1, cfg.epochs + 1):
        status = run.epoch(should_stop)
        if status == "finished" and not run.record(full_val=True):
            status = "diverged"
        if status != "finished":
            break
        run.epoch_ends.append(len(run.curve) - 1)
        if on_epoch:
            on_epoch(epoch, model)
            model.train()  # the hook may have switched to eval mode
        if cfg.patience and stopper.should_stop(run.curve[-1].val_loss, epoch, model):
            status = "early-stopped"
            break
    result = TrainResult(model, run.curve, status, _ending(status, run, epoch, stopper),
                         time.perf_counter() - run.start, run.step, epoch_ends=run.epoch_ends)
    if status != "diverged":
        result.test_loss, result.test_acc = evaluate(model, data.test_x, data.test_y)
    return result


class _Run:
    """One run of `train`: shuffled mini-batch epochs, the curve so far, the training figures since its last point."""

    def __init__(self, model: nn.Module, data: Dataset, cfg: TrainConfig,
                 on_progress: Callable[[Progress], None] | None, report_every_s: float, val_probe: int):
        self.model, self.data, self.cfg = model, data, cfg
        self.on_progress, self.report_every_s, self.val_probe = on_progress, report_every_s, val_probe
        device = data.train_x.device
        self.shuffle = torch.Generator(device=device).manual_seed(cfg.seed)
        self.optimizer = make_optimizer(cfg.optimizer, model.parameters(), cfg.lr, momentum=cfg.momentum,
                                        weight_decay=cfg.weight_decay, fused=True)  # one call updates every parameter
        self.n = len(data.train_y)
        self.batch = min(cfg.batch_size, self.n)
        self.per_epoch = math.ceil(self.n / self.batch)
        self.total = self.per_epoch * cfg.epochs
        self.curve: list[Point] = []
        self.epoch_ends: list[int] = []  # indices into curve
        self.start = self.last_report = time.perf_counter()
        # summed on the device since the last point, so a step never waits for the numbers
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), device=device, dtype=torch.long)
        self.seen = self.seen_at_report = self.step = 0

    def epoch(self, should_stop: Callable[[], bool] | None) -> str:
        """One shuffled pass in mini-batches: "finished", or "diverged" / "stopped" when it ends early."""
        model, optimizer, data, cfg, batch = self.model, self.optimizer, self.data, self.cfg, self.batch
        perm = torch.randperm(self.n, generator=self.shuffle, device=data.train_x.device)
        for i in range(0, self.n, batch):
            idx = perm[i:i + batch]  # gathering per batch beats copying the whole shuffled set
            xb, yb = data.train_x[idx], data.train_y[idx]  # (batch, 1, side, side), (batch,)
            logits = model(xb)  # (batch, classes)
            loss = F.cross_entropy(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if cfg.grad_clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            optimizer.step()
            self.step += 1
            self.loss_sum += loss.detach() * len(yb)
            self.correct += (logits.detach().argmax(1) == yb).sum()
            self.seen += len(yb)
            if self.step % 50 == 0 and not torch.isfinite(self.loss_sum):
                return "diverged"
            if time.perf_counter() - self.last_report >= self.report_every_s and not self.record(full_val=False):
                return "diverged"
            if should_stop and should_stop():
                return "stopped"
        return "finished"

    def record(self, full_val: bool) -> bool:
        """Close a curve point (validation on all or the probe images); False when the loss is NaN or infinite."""
        now = time.perf_counter()
        train_loss = (self.loss_sum / max(self.seen, 1)).item()
        if not math.isfinite(train_loss):
            return False
        data, probe = self.data, self.val_probe
        vx, vy = (data.val_x, data.val_y) if full_val else (data.val_x[:probe], data.val_y[:probe])
        val_loss, val_acc = evaluate(self.model, vx, vy)
        self.model.train()
        rate = (self.step * self.batch - self.seen_at_report) / max(now - self.last_report, 1e-9)  # examples per s
        train_acc = self.correct.item() / max(self.seen, 1)
        if self.seen == 0 and self.curve:  # a probe point closed on this very step: carry its training figures
            last = self.curve[-1]
            train_loss, train_acc, rate = last.train_loss, last.train_acc, last.examples_per_s
        self.curve.append(Point(self.step / self.per_epoch, train_loss, train_acc, val_loss, val_acc,
                                self.optimizer.param_groups[0]["lr"], rate, now - self.start))
        self.loss_sum, self.correct, self.seen = torch.zeros_like(self.loss_sum), torch.zeros_like(self.correct), 0
        self.seen_at_report, self.last_report = self.step * self.batch, time.perf_counter()
        if self.on_progress:
            self.on_progress(Progress(self.step, self.total, self.last_report - self.start, self.curve))
        return True


@dataclass
class _EarlyStopping:
    """Early stopping: remember the epoch with the best validation loss, go back to it after `patience` worse ones."""

    patience: int
    best_val: float = float("inf")
    bad_epochs: int = 0
    best_epoch: int = 0
    best_state: dict = field(default_factory=dict)

    def should_stop(self, val_loss: float, epoch: int, model: nn.Module) -> bool:
        if val_loss < self.best_val - 1e-4:
            self.best_val, self.bad_epochs, self.best_epoch = val_loss, 0, epoch
            self.best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            return False
        self.bad_epochs += 1
        if self.bad_epochs < self.patience:
            return False
        model.load_state_dict(self.best_state)  # keep the best epoch, not the last
        return True


def _ending(status: str, run: _Run, epoch: int, stopper: _EarlyStopping) -> str:
    """The sentence the page shows under the curves."""
    if status == "diverged":
        return diverged_message(run.step, run.step / run.per_epoch, run.cfg.lr)
    if status == "stopped":
        return f"Stopped by you after {run.step} of {run.total} steps; the model keeps what it learnt."
    if status == "early-stopped":
        return (f"Early stopping after epoch {epoch}: validation loss has not improved for {run.cfg.patience} "
                f"epoch(s); the weights of epoch {stopper.best_epoch}, the best, were kept.")
    return f"Trained {run.cfg.epochs} epoch(s)."


def fit_full_batch(model: nn.Module, inputs: torch.Tensor | tuple[torch.Tensor, ...], y: torch.Tensor, steps: int,
                   *, lr: float = 0.01, weight_decay: float = 0.0, row_weights: torch.Tensor | None = None,
                   on_progress: Callable[[float], None] | None = None, report_every: int = 50) -> nn.Module:
    """The small trainer for tables and 2-D sets: full-batch Adam, every row at every step, `steps` times.

    The loss is the mean cross-entropy of `model(*inputs)` against `y`, or with `row_weights` (rows,)
    the mean of weight × cross-entropy. `on_progress(fraction done)` every `report_every` steps.
    Trains `model` in place and returns it.
    """
    inputs = (inputs,) if isinstance(inputs, torch.Tensor) else inputs
    optimizer = make_optimizer("adam", model.parameters(), lr, weight_decay=weight_decay)
    model.train()
    for step in range(1, steps + 1):
        logits = model(*inputs)  # (rows, classes)
        if row_weights is None:
            loss = F.cross_entropy(logits, y)
        else:
            loss = (F.cross_entropy(logits, y, reduction="none") * row_weights).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if on_progress and step % report_every == 0:
            on_progress(step / steps)
    return model
