"""Figures for the optimizer race, batch sizes and gradient flow."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import activations
from core.loss_optimization.batching import BatchRun
from core.loss_optimization.gradient_flow import FLOW_ACTIVATIONS, FLOW_INITS, Flow
from core.loss_optimization.race import OPTIMIZERS, RaceResult, contour_grid

COLORS = dict(zip(OPTIMIZERS, ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728"), strict=True))
FLOOR = 1e-12  # the loss chart is logarithmic: a gap of exactly 0 is drawn here


def race_paths(result: RaceResult) -> go.Figure:
    """Contour lines of the surface (log-spaced) with each optimizer's path from the start."""
    s = result.surface
    xs, ys, f = contour_grid(s)
    fig = go.Figure(go.Contour(x=xs, y=ys, z=np.log10(f - s.f_min + 1e-3), colorscale="Blues", reversescale=True,
                               showscale=False, ncontours=25, contours=dict(coloring="heatmap", showlines=True),
                               opacity=0.75, hoverinfo="skip"))
    x0, x1, y0, y1 = s.box
    for r in reversed(result.racers):  # SGD last, so on top: faster racers often run over its path
        path = r.path[np.isfinite(r.path).all(1)]
        path = np.clip(path, [x0 - 1, y0 - 1], [x1 + 1, y1 + 1])  # a diverged path leaves the plot, not the chart
        fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=f"{r.name} (lr {r.lr:g})",
                                 line=dict(color=COLORS[r.name], width=2), marker=dict(size=4),
                                 hovertemplate=f"{r.name}<br>step %{{customdata}}<br>(%{{x:.3f}}, %{{y:.3f}})"
                                               "<extra></extra>", customdata=np.arange(len(path))))
    fig.add_trace(go.Scatter(x=[m[0] for m in s.minima], y=[m[1] for m in s.minima], mode="markers", name="minimum",
                             marker=dict(symbol="star", size=16, color="gold", line=dict(width=1, color="black"))))
    start = result.config.start
    fig.add_trace(go.Scatter(x=[start[0]], y=[start[1]], mode="markers", name="start",
                             marker=dict(symbol="circle-open", size=14, color="black", line=dict(width=3))))
    fig.update_xaxes(range=[x0, x1], title_text="x")
    fig.update_yaxes(range=[y0, y1], title_text="y")
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.15))
    return fig


def race_losses(result: RaceResult) -> go.Figure:
    """f(θ) - f_min against the step, on a log scale: a straight line down is steady convergence."""
    fig = go.Figure()
    f_min = result.surface.f_min
    for r in result.racers:
        gap = np.clip(np.where(np.isfinite(r.losses), r.losses - f_min, np.nan), FLOOR, 1e12)
        fig.add_trace(go.Scatter(y=gap, mode="lines", name=r.name, line=dict(color=COLORS[r.name], width=2)))
        if r.status == "diverged":
            fig.add_trace(go.Scatter(x=[len(gap) - 1], y=[1e12], mode="markers+text", text=["diverged"],
                                     textposition="top left", marker=dict(symbol="x", size=12, color=COLORS[r.name]),
                                     showlegend=False))
    fig.update_yaxes(type="log", title_text="loss above the minimum", exponentformat="power")
    fig.update_xaxes(title_text="step", range=[0, result.config.steps])
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.15))
    return fig


def batch_curves(runs: Sequence[BatchRun]) -> go.Figure:
    """Left: the loss each update saw (noisy for small batches). Right: the loss on all the training images."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Loss of the batch each update sees",
                                                        "Loss on all training images"))
    colors = dict(zip((r.label for r in runs), ("#1f77b4", "#2ca02c", "#d62728"), strict=False))
    for run in reversed(runs):  # the noisiest (stochastic) first, so the others stay visible on top
        color = colors[run.label]
        fig.add_trace(go.Scatter(x=run.batch_epochs, y=run.batch_losses, name=run.label, legendgroup=run.label,
                                 mode="lines+markers" if len(run.batch_losses) < 20 else "lines",
                                 line=dict(color=color, width=1 if len(run.batch_losses) > 200 else 2),
                                 opacity=0.5 if len(run.batch_losses) > 200 else 1.0), row=1, col=1)
        fig.add_trace(go.Scatter(x=run.full_epochs, y=run.full_losses, mode="lines+markers", name=run.label,
                                 legendgroup=run.label, showlegend=False, line=dict(color=color, width=2),
                                 marker=dict(size=4)), row=1, col=2)
    top = 1.6 * max(r.full_losses[0] for r in runs)  # single-image losses spike far higher: clip the view
    fig.update_yaxes(range=[0, top], row=1, col=1)
    for col in (1, 2):
        fig.update_xaxes(title_text="epoch", row=1, col=col)
        fig.update_yaxes(title_text="cross-entropy", row=1, col=col)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25))
    return fig


def gradient_flow(flows: Sequence[Flow]) -> go.Figure:
    """Per-layer gradient norms (log scale), one panel per activation, one line per initialisation."""
    fig = make_subplots(rows=1, cols=len(FLOW_ACTIVATIONS), shared_yaxes=True,
                        subplot_titles=[activations.get(a).label for a in FLOW_ACTIVATIONS])
    colors = dict(zip(FLOW_INITS, ("#7f7f7f", "#1f77b4", "#d62728"), strict=True))
    for flow in flows:
        col = FLOW_ACTIVATIONS.index(flow.activation) + 1
        label = activations.get(flow.activation).label
        layers = np.arange(1, len(flow.norms) + 1)
        fig.add_trace(go.Scatter(x=layers, y=np.maximum(flow.norms, 1e-30), mode="lines+markers", name=flow.init,
                                 legendgroup=flow.init, showlegend=col == 1, line=dict(color=colors[flow.init]),
                                 hovertemplate=f"{label}, {flow.init} init<br>layer %{{x}}: "
                                               "‖∂L/∂W‖ = %{y:.2e}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="layer (1 = input side)", row=1, col=col)
    fig.update_yaxes(type="log", exponentformat="power")
    fig.update_yaxes(title_text="gradient norm ‖∂L/∂W‖", row=1, col=1)
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25,
                                                                                   title_text="initialisation"))
    return fig
