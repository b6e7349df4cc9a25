"""Plotly figures of the lesson's two experiments on digits: batch sizes per epoch and per second, and the
gradient that reaches each layer of a deep network. Colours follow `core.palette`, with a dash and a marker
per series as well."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import activations, palette
from core.figures import log_axis, zero_based
from core.loss_optimization.batching import BatchComparison
from core.loss_optimization.figures import decades
from core.loss_optimization.gradient_flow import FLOW_ACTIVATIONS, FLOW_INITS, SeededFlow

BATCH_STYLES = (  # batch, mini-batch, stochastic: colour, dash and marker, so that no cue is colour alone
    dict(color=palette.SERIES[0], dash="dot", symbol="circle"),
    dict(color=palette.SERIES[1], dash="solid", symbol="diamond"),
    dict(color=palette.SERIES[2], dash="dash", symbol="square"),
)


def batch_curves(result: BatchComparison) -> go.Figure:
    """Left, per epoch: the loss of the batch each update saw, a faint dot per update with its moving average
    where there are many. Right, per second: the loss on all training images against measured wall-clock time,
    one faint line per seed and their mean in bold, with the level every small-batch run reached."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1, subplot_titles=(
        f"Per epoch: the loss each update sees (seed {result.config.seed})",
        f"Per second: the loss on all training images ({len(result.runs)} seeds)"))
    for i, run in enumerate(result.first):
        style, label = BATCH_STYLES[i], run.label
        line = dict(color=style["color"], dash=style["dash"], width=2.5)
        if len(run.batch_losses) > 200:  # too many to draw as a line: faint dots, and the trend over them
            window = max(10, run.updates_per_epoch // 20)
            fig.add_trace(go.Scatter(x=run.batch_epochs, y=run.batch_losses, mode="markers", legendgroup=label,
                                     name=f"{label}: one dot per update", hoverinfo="skip",
                                     marker=dict(size=3, color=style["color"], opacity=0.25)), row=1, col=1)
            fig.add_trace(go.Scatter(x=run.batch_epochs, y=run.smoothed(window), mode="lines", legendgroup=label,
                                     name=f"{label}: mean of the last {window}", line=line,
                                     hovertemplate="epoch %{x:.2f}<br>loss %{y:.3f}<extra></extra>"), row=1, col=1)
        else:
            fig.add_trace(go.Scatter(x=run.batch_epochs, y=run.batch_losses, legendgroup=label, name=label,
                                     mode="lines+markers", line=line, marker=dict(symbol=style["symbol"], size=7),
                                     hovertemplate="epoch %{x:.2f}<br>loss %{y:.3f}<extra></extra>"), row=1, col=1)
        seconds = result.seconds(i, run)[1:]  # from the first update on: a log axis has no 0
        for runs in result.runs:  # every seed, faint
            fig.add_trace(go.Scatter(x=seconds, y=runs[i].full_losses[1:], mode="lines", showlegend=False,
                                     legendgroup=label, hoverinfo="skip",
                                     line=dict(color=style["color"], width=1), opacity=0.35), row=1, col=2)
        mean = np.mean([runs[i].full_losses for runs in result.runs], axis=0)[1:]
        fig.add_trace(go.Scatter(x=seconds, y=mean, mode="lines+markers", showlegend=False, legendgroup=label,
                                 name=label, line=line, marker=dict(symbol=style["symbol"], size=6),
                                 hovertemplate=label + "<br>%{x:.3g} s: loss %{y:.3f}<extra></extra>"), row=1, col=2)
    fig.add_hline(y=result.target, line=dict(color=palette.CONTEXT, dash="dot"), row=1, col=2,
                  annotation_text=f"loss {result.target:.2f}: reached by every small-batch run",
                  annotation_position="bottom left", annotation_font_color=palette.CONTEXT)
    log_axis(fig, "x", row=1, col=2)  # the runs last from milliseconds to seconds
    zero_based(fig, "y", row=1, col=1)  # no upper limit: every single-image spike stays in view
    zero_based(fig, "y", row=1, col=2)
    fig.update_xaxes(title_text="epoch", tickformat="d", tick0=0, dtick=1, row=1, col=1)
    fig.update_xaxes(title_text="seconds of updates (each timed: median of 7)", row=1, col=2)
    fig.update_yaxes(title_text="cross-entropy of the batch", row=1, col=1)
    fig.update_yaxes(title_text="cross-entropy on all N images", row=1, col=2)
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2))
    return fig


INIT_STYLES = {  # one SERIES colour, dash and marker per initialisation
    name: dict(color=color, dash=dash, symbol=symbol) for name, color, dash, symbol in zip(
        FLOW_INITS, palette.SERIES, ("solid", "dash", "dot"), ("circle", "diamond", "square"), strict=False)}


def gradient_flow(flows: Sequence[SeededFlow]) -> go.Figure:
    """Per-layer gradient norms (log scale), one panel per activation, one line per initialisation:
    the median over seeds, with bars from the smallest to the largest seed."""
    fig = make_subplots(rows=1, cols=len(FLOW_ACTIVATIONS), shared_yaxes=True,
                        subplot_titles=[activations.get(a).label for a in FLOW_ACTIVATIONS])
    values = np.concatenate([np.maximum(f.norms, 1e-30).ravel() for f in flows])
    seeds = flows[0].norms.shape[0]
    for flow in flows:
        col = FLOW_ACTIVATIONS.index(flow.activation) + 1
        norms = np.maximum(flow.norms, 1e-30)  # (seeds, layers); 0 cannot sit on a log axis
        mid = np.median(norms, axis=0)
        layers = np.arange(1, norms.shape[1] + 1)
        style = INIT_STYLES[flow.init]
        fig.add_trace(go.Scatter(
            x=layers, y=mid, mode="lines+markers", name=flow.init, legendgroup=flow.init, showlegend=col == 1,
            line=dict(color=style["color"], dash=style["dash"]), marker=dict(symbol=style["symbol"], size=7),
            error_y=dict(type="data", symmetric=False, array=norms.max(0) - mid, arrayminus=mid - norms.min(0),
                         color=style["color"], thickness=1.2, width=3),
            hovertemplate=f"{activations.get(flow.activation).label}, {flow.init} init<br>"
                          f"layer %{{x}}: ‖∂L/∂W‖ = %{{y:.2e}} (median of {seeds} seeds)<extra></extra>"),
            row=1, col=col)
        fig.update_xaxes(title_text="layer (1 = input side)", tickformat="d", tick0=1,
                         dtick=max(1, round(len(layers) / 8)), row=1, col=col)
    decades(fig, float(values.min()), float(values.max()))
    fig.update_yaxes(title_text="gradient norm ‖∂L/∂W‖", row=1, col=1)
    fig.update_layout(height=400, margin=dict(l=10, r=10, t=40, b=10), legend=dict(
        orientation="h", y=-0.25, title_text=f"initialisation (median of {seeds} seeds, bars: their range)"))
    return fig
