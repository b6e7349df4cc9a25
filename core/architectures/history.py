"""The Playground's kept runs: every network a visitor trains, newest last, and two of them side by side.

A run here is one network from its first epoch until Reset or a new data set or network replaces it;
each time it stops (Stop, a stop rule, a step, the epoch budget) its entry is brought up to date.
An entry keeps what a comparison draws and nothing more: the settings, the final scores, the loss
curve (thinned), the output over the plane as a small image, and the points it is drawn with. The
network itself is not kept. The cap is core.runs's, as the MNIST lesson's: 10 runs, 3 when hosted.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.architectures.playground import EpochStats, FitConfig, NetConfig, PlaygroundRun, hidden_label
from core.architectures.points import FEATURE_LABELS, DataConfig, PlaygroundData
from core.architectures.views import Snapshot, snapshot
from core.figures import integer_axis, zero_based
from core.runs import MAX_RUNS, drop_oldest, flat, max_runs, side_by_side

CURVE_POINTS = 200  # a kept loss curve keeps about this many epochs (always the first and the last)
BOUNDARY_RESOLUTION = 60  # the kept output image is this many points a side, as the live picture's


@dataclass(frozen=True)
class KeptRun:
    """One trained network as the history remembers it."""

    number: int  # 1, 2, 3, … in the order the visitor made them
    source: str  # the PlaygroundRun's `key`: its later stops update this entry
    data_cfg: DataConfig
    net_cfg: NetConfig
    fit: FitConfig  # the training settings when it last stopped
    parameters: int
    status: str  # how it last stopped: "paused", "done", "reached target", "early-stopped", "diverged"
    curve: tuple[EpochStats, ...]  # thinned to about CURVE_POINTS, from epoch 0 to the last
    boundary: Snapshot  # the output over the plane only: no neuron images, no weights
    data: PlaygroundData  # the points the boundary is drawn with

    @property
    def name(self) -> str:
        return f"run {self.number}"

    @property
    def final(self) -> EpochStats:
        return self.curve[-1]

    @property
    def task(self) -> str:
        return self.boundary.task


def thin(curve: Sequence[EpochStats], points: int = CURVE_POINTS) -> tuple[EpochStats, ...]:
    """About `points` evenly spaced entries of `curve`, always with the first and the last."""
    picked = sorted({round(i) for i in np.linspace(0, len(curve) - 1, min(points, len(curve)))})
    return tuple(curve[i] for i in picked)


def kept_run(run: PlaygroundRun, fit: FitConfig, number: int) -> KeptRun:
    """What the history keeps of `run` now: its settings, scores, thinned curve and output image."""
    snap = snapshot(run, BOUNDARY_RESOLUTION, neuron_resolution=2)  # the neuron images are dropped below
    light = dataclasses.replace(snap, probabilities=None, layers=[], layer_names=[], weights=[], biases=[])
    return KeptRun(number, run.key, run.data_cfg, run.net_cfg, fit, run.parameters, run.status, thin(run.history),
                   light, run.data)


@dataclass
class PlaygroundHistory:
    """What `st.session_state["arch_runs"]` holds: the kept runs, oldest first, and the one on screen."""

    max_runs: int = MAX_RUNS
    runs: list[KeptRun] = field(default_factory=list)
    next_number: int = 1

    @property
    def current(self) -> int | None:
        """Number of the entry kept last: the network on the page (the cap never drops it)."""
        return self.runs[-1].number if self.runs else None

    @classmethod
    def for_host(cls, hosted: bool) -> PlaygroundHistory:
        return cls(max_runs(hosted))

    def get(self, number: int) -> KeptRun:
        for kept in self.runs:
            if kept.number == number:
                return kept
        raise KeyError(f"no run {number}")

    def newest_first(self) -> list[KeptRun]:
        return self.runs[::-1]

    def keep(self, run: PlaygroundRun, fit: FitConfig) -> list[KeptRun]:
        """Keep (or bring up to date) the entry of a network that has just stopped; returns the runs dropped.

        An untrained network is not kept. The cap drops the oldest runs, never the one just kept.
        """
        if run.epoch == 0:
            return []
        again = bool(self.runs) and self.runs[-1].source == run.key  # the same network, trained further
        kept = kept_run(run, fit, self.runs[-1].number if again else self.next_number)
        twin = next((k for k in self.runs if k.data_cfg == kept.data_cfg), None)
        if twin is not None:  # the same data set (made from the same settings): keep its points once
            kept = dataclasses.replace(kept, data=twin.data)
        if again:
            self.runs[-1] = kept
        else:
            self.runs.append(kept)
            self.next_number += 1
        return drop_oldest(self.runs, lambda runs: len(runs) > self.max_runs, lambda k: k is not kept)

    def is_current(self, run: PlaygroundRun, kept: KeptRun) -> bool:
        """Is `kept` the entry of the network on the page?"""
        return kept.source == run.key


def describe(kept: KeptRun) -> str:
    """A kept run in a few words: data set, hidden layers, optimizer and learning rate."""
    return f"{kept.data_cfg.label}, hidden {hidden_label(kept.net_cfg.hidden)}, {kept.fit.optimizer} lr {kept.fit.lr:g}"


def settings(kept: KeptRun) -> dict[str, object]:
    """Every setting of a kept run, flat: the data set's, the network's and the training's."""
    data = {k: v for k, v in flat(dataclasses.replace(kept.data_cfg, own=None)).items() if k not in ("kind", "own")}
    net = flat(kept.net_cfg)
    net["features"] = ", ".join(FEATURE_LABELS.get(f, f) for f in kept.net_cfg.features)
    net["hidden"] = hidden_label(kept.net_cfg.hidden)
    return {"data set": kept.data_cfg.label, **{f"data {k}": v for k, v in data.items()},
            **{f"network {k}": v for k, v in net.items()}, "parameters": kept.parameters, **flat(kept.fit)}


def score_name(task: str) -> str:
    return "R²" if task == "regression" else "accuracy"


def scores(kept: KeptRun) -> dict[str, object]:
    """The final numbers of a kept run."""
    last, name = kept.final, score_name(kept.task)
    return {"epochs trained": last.epoch, "stopped": kept.status, "train loss": round(last.train_loss, 4),
            "test loss": round(last.test_loss, 4), f"train {name}": round(last.train_score, 4),
            f"test {name}": round(last.test_score, 4)}


def runs_table(history: PlaygroundHistory) -> pd.DataFrame:
    """The kept runs, newest first: what they learnt, with what, and how well."""
    rows = []
    for kept in history.newest_first():
        rows.append({"run": kept.number, "data set": kept.data_cfg.label,
                     "hidden": hidden_label(kept.net_cfg.hidden), "optimizer": kept.fit.optimizer,
                     "learning rate": kept.fit.lr, **scores(kept)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Comparison:
    """Two kept runs side by side: settings and final scores as rows (one column per run), and what differs."""

    runs: tuple[KeptRun, KeptRun]
    table: pd.DataFrame
    differ: list[str]  # the settings (rows of `table`) in which the two runs differ


def compare(a: KeptRun, b: KeptRun) -> Comparison:
    """The settings that differ first, then the final scores, then the settings the two runs share."""
    table, differ = side_by_side({k.name: {**settings(k), **scores(k)} for k in (a, b)})
    setting_rows = settings(a)
    differ = [row for row in differ if row in setting_rows]
    score_rows = list(scores(a))
    same = [row for row in table.index if row not in differ and row not in score_rows]
    return Comparison((a, b), table.loc[differ + score_rows + same], differ)


def loss_overlay(runs: Sequence[KeptRun]) -> go.Figure:
    """Train loss (left) and test loss (right) of two runs against epochs: one colour, dash and marker per run."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("train loss", "test loss"), horizontal_spacing=0.1)
    for i, kept in enumerate(runs):
        style = palette.series_line(i)
        label = f"{kept.name}: {describe(kept)}"
        for col, key in ((1, "train_loss"), (2, "test_loss")):
            fig.add_trace(go.Scatter(x=[h.epoch for h in kept.curve], y=[getattr(h, key) for h in kept.curve],
                                     mode="lines+markers", line=style, name=label, legendgroup=kept.name,
                                     marker=dict(symbol=palette.series_symbol(i), size=5, maxdisplayed=25),
                                     showlegend=col == 1), row=1, col=col)
    fig.update_xaxes(title_text="epoch")
    integer_axis(fig, "x", upto=max(k.final.epoch for k in runs))
    zero_based(fig, "y")
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3))
    return fig


def overlay_table(runs: Sequence[KeptRun], rows: int = 20) -> pd.DataFrame:
    """The numbers behind `loss_overlay`: about `rows` epochs of each run."""
    return pd.DataFrame([{"run": k.number, "epoch": h.epoch, "train loss": round(h.train_loss, 4),
                          "test loss": round(h.test_loss, 4)} for k in runs for h in thin(k.curve, rows)])


def overlay_caption(runs: Sequence[KeptRun]) -> str:
    """Which run ended with the lower test loss, by how much, and after how many epochs."""
    parts = [f"{k.name} ends at train loss {k.final.train_loss:.3f} and test loss {k.final.test_loss:.3f} after "
             f"{k.final.epoch:,} epochs" for k in runs]
    finite = [k for k in runs if math.isfinite(k.final.test_loss)]
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:] + "."
    if len(finite) == 2:
        low, high = sorted(finite, key=lambda k: k.final.test_loss)
        gap = high.final.test_loss - low.final.test_loss
        text += (f" {low.name.capitalize()}'s test loss is {gap:.3f} lower." if gap >= 5e-4 else
                 " Both end at the same test loss to three decimals.")
    return text + " Each run has its own colour, dash and marker."


def takeaway(cmp: Comparison) -> str:
    """The comparison in one sentence, from the final test scores and the settings that differ."""
    a, b = cmp.runs
    name = score_name(a.task)
    if a.task != b.task:
        return (f"{a.name.capitalize()} and {b.name} learnt different kinds of task, so their scores do not compare; "
                f"they differ in {', '.join(cmp.differ)}.")
    best, other = (a, b) if a.final.test_score >= b.final.test_score else (b, a)
    gap = best.final.test_score - other.final.test_score
    shown = f"{gap:.3f} higher than" if a.task == "regression" else f"{gap * 100:.1f} points above"
    what = ", ".join(cmp.differ) if cmp.differ else "nothing: the same settings, so the gap is chance"
    value = f"{best.final.test_score:.3f}" if a.task == "regression" else f"{best.final.test_score:.1%}"
    return f"{best.name.capitalize()} reaches test {name} {value}, {shown} {other.name}; the two runs differ in {what}."
