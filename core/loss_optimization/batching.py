"""Batch, stochastic and mini-batch gradient descent on the same real data.

Full-batch descent takes one exact step per epoch; stochastic descent (one image
per step) takes N noisy ones; a mini-batch sits between, and is what everyone
uses because it is both fairly accurate and fast on vectorised hardware.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from core.models import mlp
from core.train import make_optimizer


@dataclass(frozen=True)
class BatchConfig:
    n_train: int = 1000  # images trained on (a seeded subset)
    epochs: int = 2
    lr: float = 0.01  # the same for every batch size, so only the batch size differs
    mini_batch: int = 64  # the mini-batch contender: 32, 64 or 128
    hidden: tuple[int, ...] = ()  # () = softmax regression, a linear classifier
    seed: int = 0
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
    seconds: float  # wall time of the updates alone (checkpoints excluded)

    @property
    def noise(self) -> float:
        """How far the loss each update sees strays from the true (full-data) loss: RMS of the gap."""
        true = np.interp(self.batch_epochs, self.full_epochs, self.full_losses)
        return float(np.sqrt(np.mean((self.batch_losses - true) ** 2)))

    @property
    def final_loss(self) -> float:
        return float(self.full_losses[-1])


def train_with_batch_size(cfg: BatchConfig, batch_size: int, label: str, x: torch.Tensor, y: torch.Tensor) -> BatchRun:
    """Plain SGD (no momentum) with one batch size; the same seed gives every run the same start."""
    torch.manual_seed(cfg.seed)
    n = len(y)
    model = mlp(x[0].numel(), cfg.hidden, int(y.max()) + 1).to(x.device)
    opt = make_optimizer("sgd", model.parameters(), cfg.lr)  # plain: no momentum
    shuffle = torch.Generator(device=x.device).manual_seed(cfg.seed)
    per_epoch = math.ceil(n / batch_size)
    total = per_epoch * cfg.epochs
    check_at = set(np.linspace(0, total, min(cfg.checkpoints, total + 1)).round().astype(int).tolist())
    F.cross_entropy(model(x[:batch_size]), y[:batch_size]).backward()  # warm-up, untimed: first calls are slow
    opt.zero_grad(set_to_none=True)
    batch_losses, full_epochs, full_losses = [], [], []
    seconds, update = 0.0, 0
    for _ in range(cfg.epochs):
        perm = torch.randperm(n, generator=shuffle, device=x.device)
        for i in range(0, n, batch_size):
            if update in check_at:
                full_epochs.append(update / per_epoch)
                full_losses.append(_full_loss(model, x, y))
            start = time.perf_counter()
            idx = perm[i:i + batch_size]
            loss = F.cross_entropy(model(x[idx]), y[idx])  # x[idx]: (batch, 1, side, side)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            batch_losses.append(loss.item())
            seconds += time.perf_counter() - start
            update += 1
    full_epochs.append(update / per_epoch)
    full_losses.append(_full_loss(model, x, y))
    return BatchRun(batch_size, label, per_epoch, np.arange(total) / per_epoch, np.array(batch_losses),
                    np.array(full_epochs), np.array(full_losses), seconds)


@torch.no_grad()
def _full_loss(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return F.cross_entropy(model(x), y).item()


def compare(cfg: BatchConfig, x: torch.Tensor, y: torch.Tensor, on_run=None) -> list[BatchRun]:
    """Batch size N, the mini-batch and 1, on the first `cfg.n_train` of (x, y); `on_run(i, label)` before each."""
    if cfg.n_train < 2 or cfg.epochs < 1 or not (cfg.lr > 0 and math.isfinite(cfg.lr)):
        raise ValueError("need at least 2 images, 1 epoch and a positive, finite learning rate")
    x, y = x[:cfg.n_train], y[:cfg.n_train]
    n = len(y)
    sizes = [(n, f"batch (N = {n:,})"), (cfg.mini_batch, f"mini-batch ({cfg.mini_batch})"), (1, "stochastic (1)")]
    runs = []
    for i, (size, label) in enumerate(sizes):
        if on_run:
            on_run(i, label)
        runs.append(train_with_batch_size(cfg, size, label, x, y))
    return runs
