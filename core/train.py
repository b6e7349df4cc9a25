"""The trainer: tensor-resident mini-batches, live progress, stop and NaN guards.

Shaped like pytorch/examples' mnist `train()`/`test()`, but it returns values,
reports through a callback at a bounded rate, and checks a stop flag between steps.
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
    options: dict = {"lr": lr}  # only what differs from torch's defaults
    if momentum and kind.momentum:
        options["momentum"] = momentum
    if nesterov:
        options["nesterov"] = True
    if weight_decay:
        options["weight_decay"] = weight_decay
    if fused and kind.fused:
        options["fused"] = True
    if foreach is not None:
        options["foreach"] = foreach
    return kind.torch_class(params, **options)


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
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 2048) -> tuple[float, float]:
    """Mean cross-entropy and accuracy over (x, y), in eval mode (dropout off, BN frozen)."""
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
    device = data.train_x.device
    torch.manual_seed(cfg.seed)  # dropout masks
    shuffle = torch.Generator(device=device).manual_seed(cfg.seed)
    optimizer = make_optimizer(cfg.optimizer, model.parameters(), cfg.lr, momentum=cfg.momentum,
                               weight_decay=cfg.weight_decay, fused=True)  # fused: one call updates every parameter
    n = len(data.train_y)
    batch = min(cfg.batch_size, n)
    per_epoch = math.ceil(n / batch)
    total = per_epoch * cfg.epochs
    curve: list[Point] = []
    epoch_ends: list[int] = []
    start = last_report = time.perf_counter()
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), device=device, dtype=torch.long)
    seen = seen_at_report = step = 0
    best_val, bad_epochs, best_epoch, best_state = float("inf"), 0, 0, {}
    status, message = "finished", f"Trained {cfg.epochs} epoch(s)."

    def record(full_val: bool) -> bool:
        """Close a curve point; False when the running loss is NaN or infinite."""
        nonlocal loss_sum, correct, seen, seen_at_report, last_report
        now = time.perf_counter()
        train_loss = (loss_sum / max(seen, 1)).item()
        if not math.isfinite(train_loss):
            return False
        vx, vy = (data.val_x, data.val_y) if full_val else (data.val_x[:val_probe], data.val_y[:val_probe])
        val_loss, val_acc = evaluate(model, vx, vy)
        model.train()
        rate = (step * batch - seen_at_report) / max(now - last_report, 1e-9)  # examples per second
        train_acc = correct.item() / max(seen, 1)
        if seen == 0 and curve:  # a probe point closed on this very step: carry its training figures
            train_loss, train_acc, rate = curve[-1].train_loss, curve[-1].train_acc, curve[-1].examples_per_s
        curve.append(Point(step / per_epoch, train_loss, train_acc, val_loss, val_acc,
                           optimizer.param_groups[0]["lr"], rate))
        loss_sum, correct, seen = torch.zeros_like(loss_sum), torch.zeros_like(correct), 0
        seen_at_report, last_report = step * batch, time.perf_counter()
        if on_progress:
            on_progress(Progress(step, total, last_report - start, curve))
        return True

    model.train()
    for epoch in range(cfg.epochs):
        perm = torch.randperm(n, generator=shuffle, device=device)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]  # gathering per batch beats copying the whole shuffled set
            xb, yb = data.train_x[idx], data.train_y[idx]  # (batch, 1, side, side), (batch,)
            logits = model(xb)  # (batch, classes)
            loss = F.cross_entropy(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            if cfg.grad_clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            optimizer.step()
            step += 1
            loss_sum += loss.detach() * len(yb)
            correct += (logits.detach().argmax(1) == yb).sum()
            seen += len(yb)
            if step % 50 == 0 and not torch.isfinite(loss_sum):
                status, message = "diverged", diverged_message(step, step / per_epoch, cfg.lr)
                break
            if time.perf_counter() - last_report >= report_every_s and not record(full_val=False):
                status, message = "diverged", diverged_message(step, step / per_epoch, cfg.lr)
                break
            if should_stop and should_stop():
                status, message = "stopped", (f"Stopped by you after {step} of {total} steps; "
                                              "the model keeps what it learnt.")
                break
        if status != "finished":
            break
        if not record(full_val=True):
            status, message = "diverged", diverged_message(step, step / per_epoch, cfg.lr)
            break
        epoch_ends.append(len(curve) - 1)
        if on_epoch:
            on_epoch(epoch + 1, model)
            model.train()  # the hook may have switched to eval mode
        if cfg.patience:
            if curve[-1].val_loss < best_val - 1e-4:
                best_val, bad_epochs, best_epoch = curve[-1].val_loss, 0, epoch + 1
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            else:
                bad_epochs += 1
                if bad_epochs >= cfg.patience:
                    model.load_state_dict(best_state)  # keep the best epoch, not the last
                    status, message = "early-stopped", (
                        f"Early stopping after epoch {epoch + 1}: validation loss has not improved "
                        f"for {cfg.patience} epoch(s); the weights of epoch {best_epoch}, the best, were kept.")
                    break
    result = TrainResult(model, curve, status, message, time.perf_counter() - start, step, epoch_ends=epoch_ends)
    if status != "diverged":
        result.test_loss, result.test_acc = evaluate(model, data.test_x, data.test_y)
    return result


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
