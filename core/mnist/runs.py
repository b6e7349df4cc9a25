"""A visitor's kept MNIST runs: every run they start, newest last, within a count cap and a memory budget.

A run is kept whole (settings, curves, histograms, the test gallery and its weights), so any
earlier run can become the current one again. Only the current run's weights sit on the training
device; the others are parked on the CPU (their state_dict is all that changes place).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import torch

from core.mnist.lab import MnistRun
from core.runs import MAX_RUNS, drop_oldest, max_runs

BUDGET_BYTES = 128 * 2**20  # the kept runs' weights, histograms and galleries, per visitor
BUDGET_BYTES_HOSTED = 16 * 2**20
POINT_BYTES = 8 * 8 + 200  # one curve point: eight floats in a small Python object


class RunBusy(Exception):
    """The run is still training: it cannot be deleted or used until it stops."""


@dataclass
class KeptRun:
    number: int  # 1, 2, 3, … in the order the visitor started them
    started: float  # wall-clock time.time() of the start
    run: MnistRun

    @property
    def name(self) -> str:
        return f"run {self.number}"

    @property
    def training(self) -> bool:
        return self.run.training

    @property
    def status(self) -> str:
        """"training", "failed", or how training ended: "finished", "stopped", "early-stopped", "diverged"."""
        job, result = self.run.job, self.run.result
        if self.run.training or (result is None and job is None):
            return "training"
        if job is not None and job.state == "failed":
            return "failed"
        return result.status if result is not None else "training"


def _array_bytes(*arrays) -> int:
    return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))


def run_bytes(run: MnistRun) -> int:
    """Memory a kept run holds: weights and buffers, histograms, galleries, confusion matrix and curve points."""
    result = run.result
    total = 0
    if result is not None and result.model is not None:
        total += sum(t.nbytes for t in result.model.state_dict().values() if isinstance(t, torch.Tensor))
        total += len(result.curve) * POINT_BYTES
    for snap in run.snapshots:
        for h in snap.layers:
            total += _array_bytes(h.weight_counts, h.weight_edges, h.grad_counts, h.grad_edges)
    for g in (run.gallery, run.mistakes):
        if g is not None:
            total += _array_bytes(g.images, g.labels, g.top_classes, g.top_probs)
    return total + _array_bytes(run.confusion)


def park(run: MnistRun, device: str | torch.device = "cpu") -> None:
    """Move a stopped run's weights to `device` (in place): "cpu" to keep it, the data's device to use it."""
    result = run.result
    if not run.training and result is not None and result.model is not None:
        result.model.to(device)


@dataclass
class RunHistory:
    """What `st.session_state["mnist_runs"]` holds: the kept runs, oldest first, and which one is current."""

    max_runs: int = MAX_RUNS
    budget_bytes: int = BUDGET_BYTES
    runs: list[KeptRun] = field(default_factory=list)
    current: int | None = None  # number of the run the other tabs show
    next_number: int = 1

    @classmethod
    def for_host(cls, hosted: bool) -> RunHistory:
        return cls(max_runs(hosted), BUDGET_BYTES_HOSTED if hosted else BUDGET_BYTES)

    def get(self, number: int) -> KeptRun:
        for kept in self.runs:
            if kept.number == number:
                return kept
        raise KeyError(f"no run {number}")

    def total_bytes(self) -> int:
        return sum(run_bytes(k.run) for k in self.runs)

    def keep(self, run: MnistRun, started: float | None = None) -> list[KeptRun]:
        """Keep a run the visitor just started as the current one; returns the oldest runs dropped to make room.

        The count cap and the memory budget drop the oldest runs first, never one that is training
        nor the new one. The previous current run's weights move to the CPU.
        """
        self._park_current()
        kept = KeptRun(self.next_number, time.time() if started is None else started, run)
        self.next_number += 1
        self.runs.append(kept)
        self.current = kept.number
        return self.make_room()

    def make_room(self) -> list[KeptRun]:
        """Drop the oldest droppable runs while over the cap or the budget (runs grow as they train)."""
        return drop_oldest(self.runs, lambda runs: len(runs) > self.max_runs or
                           (len(runs) > 1 and self.total_bytes() > self.budget_bytes),
                           lambda k: not k.training and k.number != self.current)

    def use(self, number: int, device: str | torch.device) -> MnistRun:
        """Make an earlier run the current one: its weights go back to `device`, the previous ones to the CPU."""
        kept = self.get(number)
        if kept.training:
            raise RunBusy(f"{kept.name} is still training")
        if kept.run.result is None:
            raise ValueError(f"{kept.name} ended without a network")
        if self.current != number:
            self._park_current()
        park(kept.run, device)
        self.current = number
        return kept.run

    def delete(self, number: int) -> KeptRun:
        """Forget a run; a run that is still training cannot be deleted until it stops."""
        kept = self.get(number)
        if kept.training:
            raise RunBusy(f"{kept.name} is still training: stop it first")
        self.runs.remove(kept)
        if self.current == number:
            self.current = None
        return kept

    def newest(self) -> KeptRun | None:
        return self.runs[-1] if self.runs else None

    def _park_current(self) -> None:
        if self.current is not None:
            try:
                park(self.get(self.current).run, "cpu")
            except KeyError:
                pass
