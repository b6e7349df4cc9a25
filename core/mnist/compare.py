"""Kept runs side by side: one row per run, settings with their differences, and overlaid curves."""
from __future__ import annotations

import math
import time
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import figures, palette
from core.mnist.runs import KeptRun, run_bytes
from core.runs import flat
from core.runs import side_by_side as settings_side_by_side


def summary(kept: KeptRun) -> dict:
    """One run as one row: what it was, where and when it ran, and how it ended."""
    run, result = kept.run, kept.run.result
    train_cfg = run.train_cfg
    last = result.curve[-1] if result and result.curve else None
    return {
        "run": kept.number,
        "started": time.strftime("%H:%M:%S", time.localtime(kept.started)),
        "status": kept.status,
        "network": run.model_cfg.describe(),
        "optimizer": train_cfg.optimizer if train_cfg else "",
        "learning rate": train_cfg.lr if train_cfg else math.nan,
        "batch": train_cfg.batch_size if train_cfg else 0,
        "epochs": train_cfg.epochs if train_cfg else 0,
        "images": run.train_images,
        "parameters": run.parameters,
        "device": run.device_name,
        "seconds": result.seconds if result else math.nan,
        "val accuracy": last.val_acc if last else math.nan,
        "test accuracy": result.test_acc if result else math.nan,
        "test loss": result.test_loss if result else math.nan,
        "memory (MB)": run_bytes(run) / 1e6,
    }


def runs_table(runs: Sequence[KeptRun]) -> pd.DataFrame:
    """The kept runs, one row each, oldest first."""
    return pd.DataFrame([summary(k) for k in runs])


def settings(kept: KeptRun) -> dict[str, object]:
    """Every setting of a run, flat: the network's and the training recipe's fields, and the data."""
    run = kept.run
    out: dict[str, object] = {"network": run.model_cfg.describe(), "training images": run.train_images}
    out.update(flat(run.model_cfg))
    if run.train_cfg is not None:
        out.update(flat(run.train_cfg))
    return out


def side_by_side(kept: Sequence[KeptRun]) -> tuple[pd.DataFrame, list[str]]:
    """Settings as rows and runs as columns (all as text), and the settings in which the runs differ."""
    return settings_side_by_side({k.name: settings(k) for k in kept})


def runs_csv(runs: Sequence[KeptRun]) -> str:
    """Every kept run, one row each: its summary and all its settings."""
    rows = [{**summary(k), **{f"setting: {key}": v for key, v in settings(k).items()}} for k in runs]
    return pd.DataFrame(rows).to_csv(index=False)


def overlay(runs: Sequence[KeptRun], x: str = "epoch") -> go.Figure:
    """Validation accuracy (left) and loss (right) of several runs, against epochs or seconds (`x`)."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("validation accuracy", "validation loss"),
                        horizontal_spacing=0.1)
    for i, kept in enumerate(runs):
        result = kept.run.result
        curve = result.curve if result else (kept.run.job.progress.curve if kept.run.job and kept.run.job.progress
                                             else [])
        xs = [p.epoch if x == "epoch" else p.elapsed_s for p in curve]
        style = palette.series_line(i)  # with the colour, a dash and a marker per run
        label = f"{kept.name}: {kept.run.model_cfg.kind.upper()}"
        if kept.run.train_cfg is not None:
            label += f", {kept.run.train_cfg.optimizer} lr {kept.run.train_cfg.lr:g}"
        for col, field in ((1, "val_acc"), (2, "val_loss")):
            fig.add_trace(go.Scatter(x=xs, y=[getattr(p, field) for p in curve], mode="lines+markers", line=style,
                                     marker=dict(symbol=palette.series_symbol(i), size=6), name=label,
                                     legendgroup=kept.name, showlegend=col == 1), row=1, col=col)
    title = "epoch" if x == "epoch" else "seconds of training"
    fig.update_xaxes(title_text=title)
    figures.percent_axis(fig, "y", row=1, col=1)
    figures.zero_based(fig, "y", row=1, col=2)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25))
    return fig


def overlay_table(runs: Sequence[KeptRun]) -> pd.DataFrame:
    """The numbers behind `overlay`: one row per curve point of each run."""
    rows = []
    for kept in runs:
        for p in kept.run.result.curve if kept.run.result else []:
            rows.append({"run": kept.number, "epoch": p.epoch, "seconds": p.elapsed_s,
                         "val accuracy": p.val_acc, "val loss": p.val_loss})
    return pd.DataFrame(rows)
