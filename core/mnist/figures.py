"""Plotly charts for the MNIST lab: curves, histograms, the confusion matrix, comparisons.

Pictures (digits, weight images, saliency, galleries) are in `core.mnist.pictures`. Colours come
from `core.palette` (train teal and solid, validation purple and dashed; right blue, wrong orange;
vermillion only where a run broke), and the axes follow `core.figures`: log axes at powers of ten,
accuracies from 0% to 100%, epochs and steps in whole numbers.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.figures import integer_axis, log_axis, percent_axis
from core.mnist.inspection import Snapshot
from core.train import Point


def epoch_axis(fig: go.Figure, last: float, axis: str = "x", **where) -> go.Figure:
    """An axis of epochs from 0 to `last` (at least 1), ticked at whole epochs only."""
    last = max(1, math.ceil(last - 1e-9))
    integer_axis(fig, axis, **where)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(range=[0, last * 1.02], dtick=max(1, math.ceil(last / 10)), title_text="epochs", **where)
    return fig


def decades(fig: go.Figure, values: Sequence[float], axis: str = "y", most: int = 6, **where) -> go.Figure:
    """A log axis that spans whole decades around `values` (at least one), labelled at no more than
    `most` powers of ten: a loss that explodes to 10²⁰ gets a label every few decades, not twenty."""
    finite = [v for v in values if v is not None and math.isfinite(v) and v > 0]
    if not finite:
        return fig
    lo, hi = math.floor(math.log10(min(finite))), math.ceil(math.log10(max(finite)))
    hi = max(hi, lo + 1)
    pad = max(0.05, 0.06 * (hi - lo))  # room for a marker on the top decade
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(range=[lo - pad, hi + pad], dtick=max(1, math.ceil((hi - lo) / most)), **where)
    return fig


def histogram_ridges(snapshots: Sequence[Snapshot], layer: int, selected_epoch: int) -> go.Figure:
    """TensorBoard's 'offset' histograms: one ridge per epoch, weights left, gradients right.

    Later epochs sit higher; the chosen epoch is filled in the highlight colour, the others are grey.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("weights", "gradients (∂ loss / ∂ weight)"),
                        horizontal_spacing=0.08)
    for col, kind in ((1, "weight"), (2, "grad")):
        for s in snapshots:
            h = s.layers[layer]
            counts, edges = getattr(h, f"{kind}_counts"), getattr(h, f"{kind}_edges")
            centres = np.concatenate([edges[:1], (edges[:-1] + edges[1:]) / 2, edges[-1:]])  # down to the baseline
            height = np.concatenate([[0], counts / max(counts.max(), 1) * 0.9, [0]])
            chosen = s.epoch == selected_epoch
            fig.add_trace(go.Scatter(
                x=centres, y=height + s.epoch, mode="lines", fill="toself" if chosen else None,
                line=dict(color=palette.SLATE if chosen else palette.GREY, width=3 if chosen else 1),
                opacity=1 if chosen else 0.6, name=f"epoch {s.epoch}", showlegend=False,
                hovertemplate=f"epoch {s.epoch}<br>value %{{x:.3g}}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="value", row=1, col=col)
    last = max(s.epoch for s in snapshots)
    integer_axis(fig, "y")
    fig.update_yaxes(range=[-0.05, last + 1], dtick=max(1, math.ceil(last / 10)))
    fig.update_yaxes(title_text="epoch", row=1, col=1)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=40, b=10))
    return fig


def gradient_norms(snapshots: Sequence[Snapshot]) -> go.Figure:
    """Each layer's ‖gradient‖ per epoch on a log scale: a layer that stopped learning sits decades below."""
    fig = go.Figure()
    symbols = ("circle", "diamond", "square", "triangle-up", "x", "star")
    for i, h in enumerate(snapshots[0].layers):
        fig.add_trace(go.Scatter(x=[s.epoch for s in snapshots],
                                 y=[max(s.layers[i].grad_norm, 1e-12) for s in snapshots],
                                 mode="lines+markers", name=h.layer,
                                 line_color=palette.SERIES[i % len(palette.SERIES)],
                                 marker_symbol=symbols[i % len(symbols)], marker_size=8))
    log_axis(fig, "y")
    decades(fig, [max(layer.grad_norm, 1e-12) for s in snapshots for layer in s.layers])
    epoch_axis(fig, max(s.epoch for s in snapshots))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), yaxis_title="‖gradient‖ (log scale)",
                      legend=dict(orientation="h", y=-0.3))
    return fig


def activation_figure(name: str, act: np.ndarray) -> go.Figure:
    """A hidden layer's output for one digit, one bar per neuron: blue above zero, orange below."""
    colors = np.where(act >= 0, palette.POSITIVE, palette.NEGATIVE)
    active = int((act > 1e-6).sum())
    fig = go.Figure(go.Bar(x=np.arange(len(act)), y=act, marker_color=colors,
                           hovertemplate="neuron %{x}: %{y:.3f}<extra></extra>"))
    integer_axis(fig, "x")
    fig.update_layout(height=240, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="neuron",
                      yaxis=dict(title="activation", rangemode="tozero"),
                      title=f"{name}: {active} of {len(act)} neurons > 0")
    return fig


def live_curves(curve: Sequence[Point], epochs: float | None = None, max_points: int = 300) -> go.Figure:
    """Loss and accuracy, training (teal, solid) and validation (purple, dashed), for the 1-second live view.

    Two panels built in one constructor call on two hand-placed axes and thinned to
    `max_points`, so a redraw costs a few milliseconds. The epoch axes run to `epochs`
    (the run's length) with whole-epoch ticks, so the curve grows across a fixed frame.
    """
    step = max(1, -(-len(curve) // max_points))
    pts = list(curve[::step]) + ([curve[-1]] if (len(curve) - 1) % step else [])
    x = [p.epoch for p in pts]
    traces = [go.Scatter(x=x, y=[getattr(p, key) for p in pts], name=name,
                         mode="lines+markers" if len(pts) <= 40 else "lines",
                         marker=dict(size=5, symbol=palette.SPLIT_SYMBOL[split]), line=palette.split_line(split),
                         legendgroup=name, showlegend=axis == "", xaxis=f"x{axis}", yaxis=f"y{axis}")
              for axis, keys in (("", ("train_loss", "val_loss")), ("2", ("train_acc", "val_acc")))
              for key, split, name in zip(keys, ("train", "validation"), ("training", "validation"), strict=True)]
    last = max(1, math.ceil(max(epochs or 0, x[-1] if x else 0) - 1e-9))
    ticks = dict(range=[0, last * 1.02], dtick=max(1, math.ceil(last / 10)), tick0=0, tickformat="d",
                 title="epochs")
    return go.Figure(data=traces, layout=dict(
        height=320, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25),
        xaxis=dict(domain=[0, 0.45], **ticks), yaxis=dict(title="loss (cross-entropy)", rangemode="tozero"),
        xaxis2=dict(domain=[0.55, 1], **ticks),
        yaxis2=dict(title="accuracy", anchor="x2", tickformat=".0%", range=[0, 1.02])))


def confusion_figure(cm: np.ndarray) -> go.Figure:
    """The test confusion matrix: true digit down, predicted across, every cell with its count.

    The diagonal (right, blue) and the mistakes (orange) get a scale each: on one scale the
    diagonal's ~1,000 would leave every mistake white. A transparent marker sits on each mistake
    cell, so that a click selects it (Streamlit's point selection); the selected one is outlined.
    """
    n = len(cm)
    labels = [str(i) for i in range(n)]
    eye = np.eye(n, dtype=bool)
    right, wrong = np.where(eye, cm, np.nan), np.where(eye, np.nan, cm).astype(float)
    worst = max(float(np.nanmax(wrong)) if (~eye).any() else 0.0, 1.0)
    bar = dict(len=0.45, thickness=12, x=1.02)
    counts = np.vectorize(str)(cm)
    true, pred = np.nonzero(~eye & (cm > 0))
    return go.Figure([
        go.Heatmap(z=wrong, x=labels, y=labels, colorscale=[[0, palette.PAPER], [1, palette.WRONG]], zmin=0,
                   zmax=worst, hoverinfo="skip", xgap=1, ygap=1, text=np.where(eye, "", counts),
                   texttemplate="%{text}", colorbar=dict(title=dict(text="mistakes", side="right"), y=0.25, **bar)),
        go.Heatmap(z=right, x=labels, y=labels, colorscale=[[0, palette.PAPER], [1, palette.RIGHT]], zmin=0,
                   zmax=max(float(np.diag(cm).max(initial=0)), 1.0), hoverinfo="skip", xgap=1, ygap=1,
                   text=np.where(eye, counts, ""), texttemplate="%{text}",
                   colorbar=dict(title=dict(text="right", side="right"), y=0.77, **bar)),
        go.Scatter(x=[labels[p] for p in pred], y=[labels[t] for t in true], mode="markers", showlegend=False,
                   name="mistakes", text=[int(cm[t, p]) for t, p in zip(true, pred, strict=True)],
                   marker=dict(symbol="square-open", size=28, color="rgba(0,0,0,0)", line=dict(width=3)),
                   selected=dict(marker=dict(color=palette.SLATE, opacity=1)),
                   unselected=dict(marker=dict(opacity=0)),
                   hovertemplate="true %{y}, read as %{x}: %{text} images · click to see them<extra></extra>"),
    ], layout=dict(
        height=440, margin=dict(l=10, r=10, t=30, b=10), clickmode="event+select",
        xaxis=dict(title="predicted", type="category", constrain="domain", showgrid=False),
        yaxis=dict(title="true", type="category", autorange="reversed", scaleanchor="x", constrain="domain",
                   showgrid=False)))


def cell_from_selection(points: Sequence[dict], cm: np.ndarray) -> tuple[int, int] | None:
    """The (true, predicted) mistake cell a click on `confusion_figure` selected, or None.

    Streamlit reports each selected point with its x (predicted) and y (true) labels.
    """
    for point in points or ():
        try:
            true, pred = int(point["y"]), int(point["x"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= true < len(cm) and 0 <= pred < len(cm) and true != pred:
            return true, pred
    return None


def commonest_mistake(cm: np.ndarray) -> tuple[int, int] | None:
    """The off-diagonal cell with the most images: (true, predicted), or None for a perfect matrix."""
    off = np.where(np.eye(len(cm), dtype=bool), -1, cm)
    true, pred = np.unravel_index(int(np.argmax(off)), off.shape)
    return (int(true), int(pred)) if off[true, pred] > 0 else None


def precision_recall_figure(precision: np.ndarray, recall: np.ndarray) -> go.Figure:
    """Per digit, precision (blue, plain) and recall (orange, hatched) as bars from 0% to 100%."""
    digits = [str(i) for i in range(len(precision))]
    text = dict(textposition="outside", textangle=0, cliponaxis=False, textfont=dict(size=10))
    fig = go.Figure([go.Bar(x=digits, y=precision, name="precision", marker_color=palette.PAIR[0],
                            text=[f"{v:.0%}" for v in precision], **text),
                     go.Bar(x=digits, y=recall, name="recall", marker_color=palette.PAIR[1],
                            marker_pattern=dict(shape="/", fgcolor=palette.PAPER, solidity=0.3, fillmode="overlay"),
                            text=[f"{v:.0%}" for v in recall], **text)])
    percent_axis(fig, "y")
    fig.update_layout(barmode="group", height=300, margin=dict(l=10, r=10, t=20, b=10),
                      xaxis=dict(title="digit", type="category"), legend=dict(orientation="h", y=-0.25))
    return fig


@dataclass
class RunCurve:
    """One run for `compare_curves`: its name, curve and colour, and where it broke (None: it did not)."""

    name: str
    curve: Sequence[Point]
    color: str
    broke_at: float | None = None  # the epoch at which its loss became NaN
    broke_step: int = 0


def compare_curves(runs: Sequence[RunCurve]) -> go.Figure:
    """Several runs' loss and validation accuracy on shared axes.

    Training is solid and validation dashed, as everywhere in the lab; a run whose loss became NaN
    ends in a vermillion cross at the step where it broke, on top of its last finite loss.
    """
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("Loss (log scale)", "Validation accuracy"))
    last = 1.0
    for run in runs:
        x = [p.epoch for p in run.curve]
        last = max([last, *x, run.broke_at or 0])
        for key, split in (("train_loss", "train"), ("val_loss", "validation")):
            fig.add_trace(go.Scatter(x=x, y=[getattr(p, key) for p in run.curve], mode="lines+markers",
                                     name=f"{run.name} · {'training' if split == 'train' else 'validation'}",
                                     line=dict(color=run.color, dash=palette.SPLIT_DASH[split]),
                                     marker=dict(size=4, symbol=palette.SPLIT_SYMBOL[split]),
                                     legendgroup=run.name), row=1, col=1)
        fig.add_trace(go.Scatter(x=x, y=[p.val_acc for p in run.curve], name=run.name, mode="lines+markers",
                                 showlegend=False, line=dict(color=run.color, dash=palette.SPLIT_DASH["validation"]),
                                 marker=dict(size=4, symbol=palette.SPLIT_SYMBOL["validation"]),
                                 legendgroup=run.name), row=1, col=2)
        if run.broke_at is not None:
            finite = [p.train_loss for p in run.curve if math.isfinite(p.train_loss)]
            fig.add_trace(go.Scatter(
                x=[run.broke_at], y=[max(finite) if finite else math.log(10)], mode="markers+text",
                marker=dict(symbol="x", size=14, color=palette.ERROR, line=dict(width=1, color=palette.ERROR)),
                text=[f"NaN at step {run.broke_step}"], textposition="middle right", cliponaxis=False,
                textfont=dict(color=palette.ERROR), name=f"{run.name} · loss became NaN", legendgroup=run.name,
                hovertemplate=f"the loss became NaN at step {run.broke_step}<extra></extra>"), row=1, col=1)
    log_axis(fig, "y", row=1, col=1)
    decades(fig, [v for run in runs for p in run.curve for v in (p.train_loss, p.val_loss)], row=1, col=1)
    percent_axis(fig, "y", row=1, col=2)
    for col in (1, 2):
        epoch_axis(fig, last, row=1, col=col)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3))
    return fig


def scratch_figure(torch_losses: Sequence[float], numpy_losses: Sequence[float]) -> go.Figure:
    """Both loss curves on top of each other, and the (tiny) gap between them on a log scale."""
    steps = np.arange(1, len(torch_losses) + 1)
    gap = np.abs(np.subtract(torch_losses, numpy_losses))
    drawn = np.where(gap > 0, gap, np.nan)  # an exact match (gap 0) has no place on a log axis: left out
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("Loss per step", "|PyTorch − NumPy| (log scale)"))
    fig.add_trace(go.Scatter(x=steps, y=torch_losses, name="PyTorch", line=dict(color=palette.PAIR[0], width=5)),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=steps, y=numpy_losses, name="NumPy", line=dict(color=palette.PAIR[1], dash="dot",
                                                                                width=2)), row=1, col=1)
    fig.add_trace(go.Scatter(x=steps, y=drawn, name="difference", mode="markers", showlegend=False,
                             marker=dict(color=palette.CONTEXT, size=5)), row=1, col=2)
    log_axis(fig, "y", row=1, col=2)
    decades(fig, drawn[np.isfinite(drawn)].tolist() or [1e-8], row=1, col=2)
    integer_axis(fig, "x")
    fig.update_xaxes(title_text="step")
    fig.update_yaxes(title_text="loss (cross-entropy)", rangemode="tozero", row=1, col=1)
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3))
    return fig


def probability_bars(probs: np.ndarray) -> go.Figure:
    """Softmax probability for each digit, the network's choice in the highlight colour."""
    best = int(np.argmax(probs))
    colors = [palette.SLATE if i == best else palette.mix(palette.GREY, share=0.45) for i in range(len(probs))]
    fig = go.Figure(go.Bar(x=[str(i) for i in range(len(probs))], y=probs, marker_color=colors,
                           text=[f"{p:.0%}" for p in probs], textposition="outside", cliponaxis=False))
    percent_axis(fig, "y")
    fig.update_layout(height=260, margin=dict(l=10, r=10, t=30, b=10), xaxis=dict(title="digit", type="category"),
                      yaxis_title="probability")
    return fig
