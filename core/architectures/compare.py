"""FNN vs CNN vs RNN on the same digits: parameters, seconds per epoch, accuracy after one epoch.

The three read an image differently: the MLP sees 784 unrelated numbers, the CNN
slides small filters over neighbouring pixels, and the RNN reads the image one row
at a time, carrying a memory (its hidden state) from row to row. Each is trained on
a few seeds (training sample, first weights, batch order), so that a difference
can be told from the noise.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

import torch
from torch import nn

from core.data import Dataset
from core.device import single_threaded
from core.models import ModelConfig, build_model, count_parameters
from core.train import TrainConfig, train

KINDS = ("mlp", "cnn", "rnn")
NAMES = {"mlp": "FNN", "cnn": "CNN", "rnn": "RNN"}
SEEDS = (0, 1, 2)  # the page trains every kind on each


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
    train_images: int = 5000  # a labelled subset keeps the computation short (a few seconds per network on a CPU)
    test_images: int = 2000  # a fixed sample of the test set, the same for every network and seed
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
    test = torch.randperm(len(data.test_y), generator=torch.Generator().manual_seed(0))[:cfg.test_images]
    test = test.to(data.test_x.device)
    subset = replace(subset, val_x=subset.val_x[:500], val_y=subset.val_y[:500],  # a small validation probe
                     test_x=data.test_x[test], test_y=data.test_y[test])
    torch.manual_seed(cfg.seed)
    model, name = build(kind, cfg, data.side, data.classes)
    model = model.to(data.train_x.device)
    result = train(model, subset, TrainConfig(optimizer="adam", lr=cfg.lr, batch_size=cfg.batch_size,
                                              epochs=cfg.epochs, seed=cfg.seed), report_every_s=1e9)
    return CompareRow(kind, name, count_parameters(model), result.seconds / max(len(result.epoch_ends), 1),
                      result.test_acc, device_name or str(data.train_x.device))


@dataclass(frozen=True)
class KindSummary:
    """One kind of network over its seeds."""

    kind: str
    name: str
    parameters: int
    accuracies: tuple[float, ...]  # test accuracy on each seed
    seconds: tuple[float, ...]  # seconds per epoch on each seed

    @property
    def short(self) -> str:
        return NAMES[self.kind]

    @property
    def accuracy(self) -> float:
        return statistics.fmean(self.accuracies)

    @property
    def low(self) -> float:
        return min(self.accuracies)

    @property
    def high(self) -> float:
        return max(self.accuracies)

    @property
    def seconds_per_epoch(self) -> float:
        return statistics.median(self.seconds)


def by_kind(rows: Sequence[CompareRow]) -> list[KindSummary]:
    """Rows of several seeds grouped per kind, in the order the kinds first appear."""
    kinds: dict[str, list[CompareRow]] = {}
    for r in rows:
        kinds.setdefault(r.kind, []).append(r)
    return [KindSummary(k, rs[0].name, rs[0].parameters, tuple(r.test_acc for r in rs),
                        tuple(r.seconds_per_epoch for r in rs)) for k, rs in kinds.items()]


def summary(rows: Sequence[CompareRow]) -> str:
    """What this table says, built from its numbers: a winner only where the seeds' ranges do not overlap."""
    kinds = by_kind(rows)
    seeds = min(len(k.accuracies) for k in kinds)
    ranked = sorted(kinds, key=lambda k: k.accuracy, reverse=True)
    best, rest = ranked[0], ranked[1:]
    tied = [k for k in rest if seeds > 1 and k.high >= best.low]  # ranges overlap: inside the noise
    top = [best, *tied]
    if seeds == 1:
        text = f"After one epoch the {best.short} is the most accurate ({best.accuracy:.1%}; one seed: no spread known)"
    elif not tied:
        text = (f"After one epoch the {best.short} is the most accurate on all {seeds} seeds ({best.accuracy:.1%}, "
                f"range {best.low:.1%}–{best.high:.1%})")
    else:
        text = (f"After one epoch the {' and '.join(k.short for k in top)} are level within the noise: their "
                f"accuracies over {seeds} seeds overlap (" + ", ".join(f"{k.short} {k.low:.1%}–{k.high:.1%}"
                                                                     for k in top) + ")")
    lean = min(top, key=lambda k: k.parameters)  # accuracy per parameter: the smallest of the most accurate…
    heavy = max((k for k in kinds if k is not lean), key=lambda k: k.parameters)  # …against the largest other
    if heavy.parameters >= 2 * lean.parameters:
        who = "" if len(top) == 1 else f" the {lean.short}"
        text += (f",{who} with {heavy.parameters / lean.parameters:.0f}× fewer parameters than the "
                 f"{heavy.short} ({lean.parameters:,} against {heavy.parameters:,})")
    text += "."
    behind = [k for k in rest if k not in tied]
    if behind:
        text += " Behind: " + " and ".join(f"the {k.short} ({k.accuracy:.1%})" for k in behind) + "."
    fastest = min(kinds, key=lambda k: k.seconds_per_epoch)
    return text + f" The {fastest.short} trains fastest ({fastest.seconds_per_epoch:.2f} s per epoch)."


def neighbours_verdict(rows: Sequence[CompareRow]) -> str:
    """Did the CNN's assumption (pixels have neighbours) pay, against the FNN's none? Read from the seeds."""
    kinds = {k.kind: k for k in by_kind(rows)}
    cnn, fnn = kinds.get("cnn"), kinds.get("mlp")
    if cnn is None or fnn is None:
        return ""
    fewer = fnn.parameters / cnn.parameters
    if cnn.low > fnn.high:
        return (f"Here it paid: the CNN beat the FNN on every seed ({cnn.accuracy:.1%} against {fnn.accuracy:.1%}) "
                f"with {fewer:.0f}× fewer parameters.")
    if cnn.high >= fnn.low:
        return (f"Here the CNN matched the FNN within the noise ({cnn.accuracy:.1%} against {fnn.accuracy:.1%}) "
                f"with {fewer:.0f}× fewer parameters: more accuracy per parameter, not more accuracy.")
    return (f"Here it did not pay yet: after one epoch the FNN is ahead on every seed ({fnn.accuracy:.1%} against "
            f"{cnn.accuracy:.1%}), although the CNN has {fewer:.0f}× fewer parameters.")
