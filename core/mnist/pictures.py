"""Plotly figures of pictures for the MNIST lab: digits, learnt weights, saliency, galleries, preprocessing.

Every picture keeps its aspect ratio (a 28×28 digit is square on screen), and signed values use the
palette's one diverging scale: blue = positive, orange = negative, white = zero, symmetric around 0.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.mnist.inspection import Gallery

MARK = {True: "✓", False: "✗"}  # right / wrong, so that colour is never the only cue


def _picture_axes(fig: go.Figure, count: int = 1) -> None:
    """Hide the axes of `count` image subplots and keep each square pixel square."""
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", constrain="domain")
    for i in range(1, count + 1):
        suffix = "" if i == 1 else str(i)
        fig.layout[f"yaxis{suffix}"].scaleanchor = f"x{suffix}"


def symmetric_limit(values: np.ndarray, quantile: float = 0.995) -> float:
    """The colour scale's reach: ±the 99.5th percentile of |value|, so one outlier does not wash out the rest."""
    finite = np.abs(values[np.isfinite(values)])
    lim = float(np.quantile(finite, quantile)) if finite.size else 0.0
    return lim or float(finite.max(initial=0.0)) or 1.0


def weight_images(weights: np.ndarray, titles: Sequence[str], cols: int = 8, tile: int = 110,
                  label: str = "weight") -> go.Figure:
    """Signed values (N, h, w) as small images on one shared scale: blue = positive, orange = negative.

    For a first-layer neuron, blue pixels raise its output when inked and orange ones lower it.
    """
    rows = max(1, -(-len(weights) // cols))
    lim = symmetric_limit(np.asarray(weights))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(titles),
                        horizontal_spacing=0.01, vertical_spacing=0.25 / rows)
    for i, w in enumerate(weights):
        fig.add_trace(go.Heatmap(z=w, coloraxis="coloraxis", hovertemplate=f"{label} %{{z:.3f}}<extra></extra>"),
                      row=i // cols + 1, col=i % cols + 1)
    _picture_axes(fig, rows * cols)
    fig.update_layout(height=rows * tile + 30, margin=dict(l=0, r=0, t=25, b=0),
                      coloraxis=dict(colorscale=palette.DIVERGING, cmin=-lim, cmax=lim,
                                     colorbar=dict(title=dict(text=label, side="right"), len=0.9, thickness=12)))
    return fig


def saliency_figure(image: np.ndarray, grad: np.ndarray, target: int) -> go.Figure:
    """The digit, and d score / d pixel beside it: blue = more ink there raises the score, orange = lowers it."""
    lim = symmetric_limit(grad)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.04,
                        subplot_titles=("the image", f"∂ score of '{target}' / ∂ pixel"))
    fig.add_trace(go.Heatmap(z=image, colorscale="gray_r", zmin=0, zmax=1, showscale=False, hoverinfo="skip"),
                  row=1, col=1)
    fig.add_trace(go.Heatmap(z=grad, colorscale=palette.DIVERGING, zmin=-lim, zmax=lim,
                             colorbar=dict(title=dict(text="gradient", side="right"), len=0.9, thickness=12),
                             hovertemplate="∂ score / ∂ pixel %{z:.3g}<extra></extra>"), row=1, col=2)
    _picture_axes(fig, 2)
    fig.update_layout(height=320, margin=dict(l=0, r=0, t=30, b=0))
    return fig


def digit_figure(image: np.ndarray, title: str, height: int = 220) -> go.Figure:
    """One digit, square, ink dark on paper."""
    fig = go.Figure(go.Heatmap(z=image, colorscale="gray_r", zmin=0, zmax=1, showscale=False, hoverinfo="skip"))
    _picture_axes(fig)
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=30, b=0), title=dict(text=title, x=0.5, font_size=13))
    return fig


def gallery_figure(g: Gallery, cols: int = 6) -> go.Figure:
    """Test images titled with their top-3 digits and probabilities: ✓ and blue when right, ✗ and orange when wrong.

    One heatmap of the tiled images plus text annotations, built in a single constructor
    call rather than one subplot per image: it is redrawn every second while training,
    and this way it costs milliseconds, not a tenth of a second.
    """
    n, side = len(g.images), g.images.shape[-1]
    rows, gap, title = max(1, -(-n // cols)), side // 7, side // 2  # in pixels of the images
    width, height = cols * side + (cols - 1) * gap, rows * (side + title) + (rows - 1) * gap
    canvas = np.full((height, width), np.nan)  # NaN shows as background between tiles
    notes = []
    for i, (img, c, p, t, ok) in enumerate(zip(g.images, g.top_classes, g.top_probs, g.labels, g.correct,
                                               strict=True)):
        top, left = (i // cols) * (side + title + gap) + title, (i % cols) * (side + gap)
        canvas[top:top + side, left:left + side] = img
        notes.append(dict(x=left + side / 2, y=top - 1, yanchor="bottom", showarrow=False,
                          text=f"<b>{MARK[bool(ok)]} {c[0]}: {p[0]:.0%}</b> · {c[1]}: {p[1]:.0%} · "
                               f"{c[2]}: {p[2]:.0%}<br>true {t}",
                          font=dict(size=11, color=palette.RIGHT if ok else palette.WRONG)))
    return go.Figure(
        data=[go.Heatmap(z=canvas, colorscale="gray_r", zmin=0, zmax=1, showscale=False, hoverinfo="skip")],
        layout=dict(annotations=notes, height=rows * 170 + 20, margin=dict(l=0, r=0, t=10, b=0),
                    plot_bgcolor=palette.PAPER,
                    xaxis=dict(visible=False, range=[-0.5, width - 0.5], constrain="domain"),
                    yaxis=dict(visible=False, range=[height - 0.5, -0.5], scaleanchor="x", constrain="domain")))


def steps_figure(steps: Sequence[tuple[str, np.ndarray]], tile: int = 190) -> go.Figure:
    """The preprocessing pipeline, one picture per step."""
    fig = make_subplots(rows=1, cols=len(steps), subplot_titles=[t for t, _ in steps], horizontal_spacing=0.02)
    for i, (_, img) in enumerate(steps, 1):
        fig.add_trace(go.Heatmap(z=img, colorscale="gray", zmin=0, zmax=1, showscale=False, hoverinfo="skip"),
                      row=1, col=i)
    _picture_axes(fig, len(steps))
    for ann in fig.layout.annotations:
        ann.font.size = 11
    fig.update_layout(height=tile + 40, margin=dict(l=0, r=0, t=35, b=0))
    return fig
