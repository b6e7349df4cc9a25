"""Plotly figures for the Loss & optimization lesson: losses, backprop and the optimizer race.

The figures of the two experiments on digits (batch size, gradient flow) are in `training_figures`.
Colours follow `core.palette`; every series also differs in dash or marker.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.figures import log_axis
from core.loss_optimization import losses
from core.loss_optimization.backprop import EDGES, NODES, Walk, four_places
from core.loss_optimization.race import OPTIMIZERS, RaceResult, contour_grid

LOSS_COLOR, MARK_COLOR = palette.INK, palette.INK  # the loss curve; the slope is coloured by its sign
MSE_COLOR, OTHER_COLOR = palette.ORANGE, palette.BLUE  # squared error (orange, dashed) against MAE or BCE (blue)
OPTIMIZER_STYLES = {  # one SERIES colour, dash and marker per racer: no racer is told apart by colour alone
    name: dict(color=color, dash=dash, symbol=symbol) for name, color, dash, symbol in zip(
        OPTIMIZERS, palette.SERIES, ("solid", "dash", "dot", "dashdot", "longdash"),
        ("circle", "diamond", "square", "triangle-up", "star-triangle-up"), strict=False)}
FLOOR = 1e-12  # the loss chart is logarithmic: a gap of exactly 0 is drawn here
LANDSCAPE = [[0.0, palette.PAPER], [1.0, palette.mix(palette.GREY, share=0.8)]]  # low loss white, high loss pale grey


def decades(fig: go.Figure, low: float, high: float, axis: str = "y", **where) -> go.Figure:
    """A log axis labelled at powers of ten; every second or third one when the range spans many decades."""
    log_axis(fig, axis, **where)
    span = np.log10(max(high, 1e-300)) - np.log10(max(low, 1e-300))
    step = 1 if span <= 8 else 2 if span <= 16 else 3
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(dtick=step, **where)
    return fig


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2))
    return fig


def loss_curve(name: str, target: float, pred: float, delta: float = 1.0) -> go.Figure:
    """The loss (left) and its slope dL/dŷ (right) against the prediction, the chosen ŷ marked.

    The slope is coloured by its sign: blue (solid) where it is positive and pushes ŷ down, orange (dashed)
    where it is negative and pushes ŷ up. Where a cross-entropy slope runs off the chart, words say how far."""
    lo, hi = losses.prediction_range(name, target)
    p = np.linspace(lo, hi, 600)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Loss L(ŷ)", "Gradient ∂L/∂ŷ: its sign is the push"))
    value, slope = losses.loss(name, p, target, delta), losses.gradient(name, p, target, delta)
    fig.add_trace(go.Scatter(x=p, y=value, mode="lines", line=dict(color=LOSS_COLOR, width=2.5), showlegend=False,
                             hovertemplate="ŷ = %{x:.3f}<br>L = %{y:.4f}<extra></extra>"), row=1, col=1)
    for sign, color, dash, words in ((1, palette.POSITIVE, "solid", "positive: pushes ŷ down"),
                                     (-1, palette.NEGATIVE, "dash", "negative: pushes ŷ up")):
        part = np.where(sign * slope >= 0, slope, np.nan)
        fig.add_trace(go.Scatter(x=p, y=part, mode="lines", name=f"gradient {words}",
                                 line=dict(color=color, dash=dash, width=2.5),
                                 hovertemplate="ŷ = %{x:.3f}<br>∂L/∂ŷ = %{y:.4f}<extra></extra>"), row=1, col=2)
    for col, here in ((1, losses.loss), (2, losses.gradient)):
        fig.add_trace(go.Scatter(x=[pred], y=[float(here(name, pred, target, delta))], mode="markers",
                                 marker=dict(size=11, color=MARK_COLOR, line=dict(color=palette.PAPER, width=1.5)),
                                 name="your ŷ", showlegend=col == 1,
                                 hovertemplate="ŷ = %{x:.3f}<br>%{y:.4f}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="prediction ŷ" + (" (probability of the true class)" if name == "cce" else ""),
                         row=1, col=col)
    if name not in losses.PROBABILISTIC:
        for col in (1, 2):
            fig.add_vline(x=target, line_dash="dot", line_color=palette.CONTEXT, row=1, col=col)
    else:
        fig.update_yaxes(range=[-0.2, 7], row=1, col=1)
        fig.update_yaxes(range=[-20, 20], row=1, col=2)
        for edge, y, arrow in ((int(np.argmin(slope)), -20, "↓"), (int(np.argmax(slope)), 20, "↑")):
            if abs(slope[edge]) > 20:  # off the chart: say where the curve goes
                fig.add_annotation(x=p[edge], y=y, text=f"{arrow} {slope[edge]:,.0f} at ŷ = {p[edge]:g}",
                                   showarrow=False, xanchor="left" if p[edge] < 0.5 else "right",
                                   yanchor="bottom" if y < 0 else "top", font=dict(color=palette.INK),
                                   row=1, col=2)
    return _layout(fig, 340)


def outlier_fit(fit: losses.OutlierFit) -> go.Figure:
    """The points, the outlier as a vermillion cross (a warning), the MSE (orange, dashed) and MAE (blue) lines."""
    fig = go.Figure(go.Scatter(x=fit.x[:-1], y=fit.y[:-1], mode="markers", name="data",
                               marker=dict(size=9, color=palette.INK)))
    fig.add_trace(go.Scatter(x=fit.x[-1:], y=fit.y[-1:], mode="markers", name="outlier",
                             marker=dict(size=13, color=palette.ERROR, symbol="x")))
    xs = np.array([fit.x.min(), fit.x.max()])
    for (slope, icpt), name, color, dash in ((fit.mse_line, "MSE fit", MSE_COLOR, "dash"),
                                             (fit.mae_line, "MAE fit", OTHER_COLOR, "solid")):
        label = f"{name}: y = {slope:.2f}x {'+' if icpt >= 0 else '−'} {abs(icpt):.2f}"
        fig.add_trace(go.Scatter(x=xs, y=slope * xs + icpt, mode="lines", name=label,
                                 line=dict(color=color, width=3, dash=dash)))
    fig.update_xaxes(title_text="x")
    fig.update_yaxes(title_text="y")
    return _layout(fig, 340)


def saturation(target: float = 1.0, mark: float | None = None) -> go.Figure:
    """|∂L/∂z| through a sigmoid: BCE stays large when confidently wrong, MSE fades to zero."""
    z = np.linspace(-10, 10, 400)
    mse, bce = losses.logit_gradients(z, target)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=z, y=np.abs(bce), name="BCE after a sigmoid: |ŷ - y|",
                             line=dict(color=OTHER_COLOR, width=3)))
    fig.add_trace(go.Scatter(x=z, y=np.abs(mse), name="MSE after a sigmoid: |2(ŷ - y)·ŷ(1 - ŷ)|",
                             line=dict(color=MSE_COLOR, width=3, dash="dash")))
    if mark is not None:
        fig.add_vline(x=mark, line_dash="dot", line_color=palette.CONTEXT, annotation_text=f"z = {mark:g}",
                      annotation_font_color=palette.CONTEXT)
    wrong = "left" if target >= 0.5 else "right"
    fig.update_xaxes(title_text=f"logit z (ŷ = σ(z)); confidently wrong on the {wrong}")
    fig.update_yaxes(title_text="|∂L/∂z|: the push the logit gets")
    return _layout(fig, 340)


# --- the 2-2-1 network, with the walk-through's numbers on it ---

POSITIONS = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "y": (2, 0.5), "L": (3, 0.5)}
HOT, COLD = palette.SLATE, palette.mix(palette.GREY, share=0.45)  # the step's own edges (the highlight) and the rest
NODE_FILL = palette.mix(palette.SLATE, share=0.9)


def network_diagram(walk: Walk, step: int) -> go.Figure:
    """Weights on the edges (blue positive, orange negative); the current step's edges and nodes thick, in the
    accent colour; every gradient found so far written beside its weight or node."""
    s = walk.steps[step]
    f, g, cfg = walk.forward, walk.grads, walk.cfg
    w1, w2 = np.array(cfg.w1).reshape(2, 2), np.array(cfg.w2)
    done = {t.key for t in walk.steps[:step + 1]}
    new = walk.new_params if s.key == "update" else None  # the last stop shows each weight's step

    def weight(old: float, grad_key: str, index: tuple, grad: float) -> str:
        text = f"w={old:.2f}" if new is None else f"w: {old:.2f} → {new[grad_key][index]:.3f}"
        sign = palette.POSITIVE if old >= 0 else palette.NEGATIVE  # the weight in its sign's colour
        return f"<span style='color:{sign}'>{text}</span>" + (f"<br>∂L/∂w={four_places(grad)}" if grad_key in done
                                                                else "")

    edge_text = {}
    for j, hj in enumerate(("h1", "h2")):
        for i, xi in enumerate(("x1", "x2")):
            edge_text[(xi, hj)] = weight(w1[j, i], "W1", (j, i), g["W1"][j, i])
        edge_text[(hj, "y")] = weight(w2[j], "W2", (0, j), g["W2"][0, j])
    node_text = {"x1": f"x₁={cfg.x[0]:g}", "x2": f"x₂={cfg.x[1]:g}",
                 "h1": f"h₁={f['h'][0]:.3f}", "h2": f"h₂={f['h'][1]:.3f}",
                 "y": f"ŷ={f['y_hat'][0]:.3f}", "L": f"L={f['loss']:.4f}<br>(y={cfg.y:g})"}
    grad_text = {"y": ("y_hat", 0, "ŷ"), "h1": ("h", 0, "h₁"), "h2": ("h", 1, "h₂")}
    for node, (key, i, symbol) in grad_text.items():
        if key in done:
            node_text[node] += f"<br>∂L/∂{symbol}={four_places(g[key].reshape(-1)[i])}"
    if new is not None:
        node_text["L"] = f"L: {f['loss']:.4f} → {walk.loss_after:.4f}<br>(y={cfg.y:g})"
    hot = set(s.highlight) if s.key not in ("forward", "update") else set()
    fig = go.Figure()
    for edge in EDGES:
        a, b = edge.split("-")
        (x0, y0), (x1, y1) = POSITIONS[a], POSITIONS[b]
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=HOT if edge in hot else COLD, width=5 if edge in hot else 2)))
        if (a, b) in edge_text:
            t = 0.28 if a[0] == "x" else 0.5  # the x→h edges cross in the middle: label them near their start
            fig.add_annotation(x=x0 + t * (x1 - x0), y=y0 + t * (y1 - y0), text=edge_text[(a, b)], showarrow=False,
                               font=dict(size=12, color=palette.INK), bgcolor=palette.PAPER,
                               bordercolor=HOT if edge in hot else palette.PAPER, borderwidth=1.5)
    fig.add_trace(go.Scatter(x=[POSITIONS[n][0] for n in NODES], y=[POSITIONS[n][1] for n in NODES],
                             mode="markers+text", text=[node_text[n] for n in NODES], textposition="bottom center",
                             textfont=dict(size=13, color=palette.INK), hoverinfo="skip", showlegend=False,
                             marker=dict(size=34, color=NODE_FILL,
                                         line=dict(width=[5 if n in hot else 1.5 for n in NODES],
                                                   color=[HOT if n in hot else palette.GREY for n in NODES]))))
    fig.update_xaxes(visible=False, range=[-0.4, 3.4])
    fig.update_yaxes(visible=False, range=[-0.45, 1.25])
    fig.update_layout(height=360, margin=dict(l=0, r=0, t=10, b=0), plot_bgcolor=palette.PAPER)
    return fig


def race_paths(result: RaceResult) -> go.Figure:
    """Contour lines of the surface (log-spaced) with each optimizer's path from the start."""
    s = result.surface
    xs, ys, f = contour_grid(s)
    fig = go.Figure(go.Contour(x=xs, y=ys, z=np.log10(f - s.f_min + 1e-3), colorscale=LANDSCAPE,
                               showscale=False, ncontours=25, contours=dict(coloring="heatmap", showlines=True),
                               line=dict(color=palette.mix(palette.GREY, share=0.2), width=0.6), hoverinfo="skip"))
    x0, x1, y0, y1 = s.box
    for r in reversed(result.racers):  # SGD last, so on top: faster racers often run over its path
        style = OPTIMIZER_STYLES[r.name]
        path = r.path[np.isfinite(r.path).all(1)]
        path = np.clip(path, [x0 - 1, y0 - 1], [x1 + 1, y1 + 1])  # a diverged path leaves the plot, not the chart
        fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers", name=f"{r.name} (lr {r.lr:g})",
                                 line=dict(color=style["color"], dash=style["dash"], width=2),
                                 marker=dict(size=5, symbol=style["symbol"], color=style["color"]),
                                 hovertemplate=f"{r.name}<br>step %{{customdata}}<br>(%{{x:.3f}}, %{{y:.3f}})"
                                               "<extra></extra>", customdata=np.arange(len(path))))
        if r.status == "diverged":  # where it left the box: a vermillion cross (the words are in `_diverged`)
            last = np.clip(path[-1], [x0, y0], [x1, y1])
            fig.add_trace(go.Scatter(x=[last[0]], y=[last[1]], mode="markers", showlegend=False, cliponaxis=False,
                                     hovertemplate=f"{r.name} diverged at step {r.step}<extra></extra>",
                                     marker=dict(symbol="x", size=15, color=palette.ERROR,
                                                 line=dict(color=palette.PAPER, width=1))))
    fig.add_trace(go.Scatter(x=[m[0] for m in s.minima], y=[m[1] for m in s.minima], mode="markers", name="minimum",
                             marker=dict(symbol="star", size=17, color=palette.PAPER,
                                         line=dict(width=2, color=palette.INK))))
    start = result.config.start
    fig.add_trace(go.Scatter(x=[start[0]], y=[start[1]], mode="markers", name="start",
                             marker=dict(symbol="circle-open", size=14, color=palette.INK, line=dict(width=3))))
    fig.update_xaxes(range=[x0, x1], title_text="x")
    fig.update_yaxes(range=[y0, y1], title_text="y")
    _diverged(fig, result)
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.15))
    return fig


def _diverged(fig: go.Figure, result: RaceResult) -> None:
    """Name the racers that diverged, in vermillion, above the chart (their crosses mark where)."""
    gone = [f"{r.name} (step {r.step})" for r in result.racers if r.status == "diverged"]
    if gone:
        fig.add_annotation(xref="paper", yref="paper", x=0.0, y=1.0, xanchor="left", yanchor="bottom",
                           text="✕ diverged: " + ", ".join(gone), showarrow=False, bgcolor=palette.PAPER,
                           font=dict(color=palette.ERROR, size=13))


def race_losses(result: RaceResult) -> go.Figure:
    """f(θ) - f_min against the step, on a log scale: a straight line down is steady convergence.

    A racer that diverged ends in a vermillion cross at its last finite loss, with words."""
    fig = go.Figure()
    f_min = result.surface.f_min
    low, high = 1.0, 1.0
    for r in result.racers:
        style = OPTIMIZER_STYLES[r.name]
        gap = np.maximum(np.where(np.isfinite(r.losses), r.losses - f_min, np.nan), FLOOR)
        fig.add_trace(go.Scatter(y=gap, mode="lines", name=r.name,
                                 line=dict(color=style["color"], dash=style["dash"], width=2)))
        finite = gap[np.isfinite(gap)]
        if len(finite):
            low, high = min(low, float(finite.min())), max(high, float(finite.max()))
        if r.status == "diverged" and len(finite):
            last = int(np.flatnonzero(np.isfinite(gap))[-1])
            fig.add_trace(go.Scatter(x=[last], y=[gap[last]], mode="markers", showlegend=False,
                                     hovertemplate=f"{r.name} diverged at step {r.step}<extra></extra>",
                                     marker=dict(symbol="x", size=15, color=palette.ERROR,
                                                 line=dict(color=palette.PAPER, width=1))))
    decades(fig, low, high)
    _diverged(fig, result)
    fig.update_yaxes(title_text="loss above the minimum")
    fig.update_xaxes(title_text="step", range=[0, result.config.steps])
    fig.update_layout(height=460, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.15))
    return fig
