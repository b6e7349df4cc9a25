"""FNN vs CNN vs RNN on the same digits: parameters, seconds per epoch, accuracy after one epoch.

The three read an image differently: the MLP sees 784 unrelated numbers, the CNN
slides small filters over neighbouring pixels, and the RNN reads the image one row
at a time, carrying a memory (its hidden state) from row to row.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import torch
from torch import nn

from core.data import Dataset
from core.device import single_threaded
from core.models import ModelConfig, build_model, count_parameters
from core.train import TrainConfig, train

KINDS = ("mlp", "cnn", "rnn")


class RowRNN(nn.Module):
    """Reads a (1, side, side) image as `side` time steps of `side` pixels; a GRU or LSTM, then a linear layer."""

    def __init__(self, side: int, classes: int, hidden: int = 64, cell: str = "gru"):
        super().__init__()
        rnn = {"gru": nn.GRU, "lstm": nn.LSTM}[cell]
        self.rnn = rnn(input_size=side, hidden_size=hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.flatten(1, 2)  # (B, side, side): one row of pixels per time step
        states, _ = self.rnn(rows)  # (B, side, hidden)
        return self.head(states[:, -1])  # the state after the last row → logits (B, classes)


@dataclass(frozen=True)
class CompareConfig:
    train_images: int = 10_000  # a labelled subset keeps the first computation short
    epochs: int = 1  # the table reports accuracy after this many epochs
    batch_size: int = 64
    lr: float = 1e-3  # Adam
    rnn_cell: str = "gru"  # "gru" or "lstm"
    rnn_hidden: int = 64
    mlp_hidden: int = 128  # the tutorial's 784-128-10
    seed: int = 0


@dataclass(frozen=True)
class CompareRow:
    kind: str  # "mlp", "cnn" or "rnn"
    name: str  # what a learner reads
    parameters: int
    seconds_per_epoch: float
    test_acc: float
    device: str


def build(kind: str, cfg: CompareConfig, side: int, classes: int) -> tuple[nn.Module, str]:
    """The network of one kind, and its description."""
    if kind == "mlp":
        model_cfg = ModelConfig(kind="mlp", hidden=(cfg.mlp_hidden,))
        return build_model(model_cfg, side, classes), "FNN " + model_cfg.describe(side, classes).removeprefix("MLP ")
    if kind == "cnn":
        return build_model(ModelConfig(kind="cnn"), side, classes), ModelConfig(kind="cnn").describe()
    if kind == "rnn":
        return RowRNN(side, classes, cfg.rnn_hidden, cfg.rnn_cell), (
            f"RNN: {cfg.rnn_cell.upper()}({cfg.rnn_hidden}) over {side} rows, then linear")
    raise ValueError(f"unknown kind {kind!r}; choose from {KINDS}")


def compare_one(kind: str, data: Dataset, cfg: CompareConfig, device_name: str = "") -> CompareRow:
    """Train one kind for `cfg.epochs` on a seeded subset with core.train.train; time it and test it.

    On the CPU it trains on one thread: on a shared machine, threads waiting for busy cores
    made these small networks 3–8 times slower than one thread (measured on a 2-core box).
    """
    if data.train_x.device.type == "cpu":
        return replace(single_threaded(_compare_one)(kind, data, cfg, device_name), device="CPU, 1 thread")
    return _compare_one(kind, data, cfg, device_name)


def _compare_one(kind: str, data: Dataset, cfg: CompareConfig, device_name: str) -> CompareRow:
    subset = data.subset(cfg.train_images, cfg.seed)
    subset = replace(subset, val_x=subset.val_x[:500], val_y=subset.val_y[:500])  # a small validation probe
    torch.manual_seed(cfg.seed)
    model, name = build(kind, cfg, data.side, data.classes)
    model = model.to(data.train_x.device)
    result = train(model, subset, TrainConfig(optimizer="adam", lr=cfg.lr, batch_size=cfg.batch_size,
                                              epochs=cfg.epochs, seed=cfg.seed), report_every_s=1e9)
    return CompareRow(kind, name, count_parameters(model), result.seconds / max(len(result.epoch_ends), 1),
                      result.test_acc, device_name or str(data.train_x.device))


def summary(rows: list[CompareRow]) -> str:
    """What this table says, in one sentence built from its numbers (not from expectations)."""
    best = max(rows, key=lambda r: r.test_acc)
    fastest = min(rows, key=lambda r: r.seconds_per_epoch)
    smallest = min(rows, key=lambda r: r.parameters)
    name = {"mlp": "FNN", "cnn": "CNN", "rnn": "RNN"}
    text = (f"After one epoch the {name[best.kind]} is the most accurate ({best.test_acc:.1%}) with "
            f"{best.parameters:,} parameters; the {name[fastest.kind]} trains fastest "
            f"({fastest.seconds_per_epoch:.2f} s per epoch)")
    if smallest is not best:
        text += f"; the {name[smallest.kind]} is the smallest ({smallest.parameters:,} parameters)"
    return text + "."
