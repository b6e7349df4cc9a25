"""A small, deterministic trainer for the data lessons: loss curves at a fixed step rate, optional augmentation.

core.train.train records points on a clock (for live progress); the experiments
here compare runs with each other, so they record every `record_every` steps and
apply an optional transform to each mini-batch.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from core.train import TrainConfig, evaluate, make_optimizer


@dataclass(frozen=True)
class FitSettings:
    epochs: int = 10
    lr: float = 1e-3  # the tutorial's Adam learning rate
    batch_size: int = 64
    optimizer: str = "adam"  # "adam", "sgd" or "rmsprop"
    seed: int = 0  # fixes the initial weights and the shuffling order
    record_every: int = 0  # steps between curve points; 0 records once per epoch


@dataclass
class Curve:
    """Training loss (mean of the mini-batches since the last point) and validation loss/accuracy."""

    step: list[int] = field(default_factory=list)
    epoch: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    diverged: bool = False  # the loss became NaN or infinite; the curve stops there


def fit(model: nn.Module, train_x: torch.Tensor, train_y: torch.Tensor, val_x: torch.Tensor, val_y: torch.Tensor,
        s: FitSettings, augment: Callable[[torch.Tensor], torch.Tensor] | None = None,
        on_epoch: Callable[[int], None] | None = None) -> Curve:
    """Train `model` in place with shuffled mini-batches; `augment(batch)` transforms each training batch.

    Augmentations draw from torch's global generator, so seed it before calling for a repeatable run.
    """
    device = train_x.device
    optimizer = make_optimizer(s.optimizer, model.parameters(), s.lr, momentum=TrainConfig.momentum,
                               fused=True)  # as the MNIST trainer builds it
    shuffle = torch.Generator(device=device).manual_seed(s.seed)
    n = len(train_y)
    batch = max(1, min(s.batch_size, n))
    per_epoch = math.ceil(n / batch)
    curve, step, loss_sum, seen = Curve(), 0, 0.0, 0

    def record() -> None:
        nonlocal loss_sum, seen
        val_loss, val_acc = evaluate(model, val_x, val_y)
        model.train()
        curve.step.append(step)
        curve.epoch.append(step / per_epoch)
        curve.train_loss.append(loss_sum / max(seen, 1))
        curve.val_loss.append(val_loss)
        curve.val_acc.append(val_acc)
        loss_sum, seen = 0.0, 0

    model.train()
    for epoch in range(s.epochs):
        perm = torch.randperm(n, generator=shuffle, device=device)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            xb, yb = train_x[idx], train_y[idx]  # (batch, 1, side, side), (batch,)
            if augment is not None:
                xb = augment(xb)
            loss = F.cross_entropy(model(xb), yb)
            if not torch.isfinite(loss):
                curve.diverged = True
                return curve
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            loss_sum += loss.item() * len(yb)
            seen += len(yb)
            if s.record_every and step % s.record_every == 0:
                record()
        if not s.record_every:
            record()
        if on_epoch:
            on_epoch(epoch + 1)
    return curve
