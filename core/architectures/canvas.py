"""Click to place: the plane as a Plotly canvas where a click adds a point and a click on a point removes it.

Plotly reports clicks on markers only, so the canvas lays an invisible grid of markers over the
data's reach (every GRID_STEP); a click or a tap lands on the nearest one and says where it was
(`ui.chart(..., on_click=...)`). The rule
for a click at (x, y) is then plain: remove the nearest point within NEAR of it, else add one.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core import palette
from core.architectures.figures import CLASS_COLORS, CLASS_SYMBOLS
from core.architectures.own_points import PointSet, point_set
from core.architectures.points import DOMAIN, RADIUS

GRID_STEP = 0.25  # where a click can put a point: 41 × 41 places over [-RADIUS, RADIUS]²
NEAR = 0.3  # a click this close to a point removes it (a little more than a grid step's diagonal / 2)
GRID = np.arange(-RADIUS, RADIUS + GRID_STEP / 2, GRID_STEP)


def click(points: PointSet, x: float, y: float, target: float) -> PointSet:
    """The set after a click at (x, y): the nearest point within NEAR removed, or a point of `target` added."""
    xy, values = points.arrays()
    if len(xy):
        distance = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        nearest = int(distance.argmin())
        if distance[nearest] <= NEAR:
            keep = np.arange(len(xy)) != nearest
            return point_set(xy[keep], values[keep], points.task == "regression")
    where = np.clip(np.round(np.array([[x, y]]) / GRID_STEP) * GRID_STEP, -RADIUS, RADIUS)  # onto the grid
    return point_set(np.concatenate([xy, where]), np.concatenate([values, [target]]), points.task == "regression")


def canvas_figure(points: PointSet) -> go.Figure:
    """The plane with the points (a colour and a marker per class; orange −1 → blue +1 for numbers),
    over the invisible grid that catches clicks (trace 0)."""
    gx, gy = np.meshgrid(GRID, GRID)
    fig = go.Figure(go.Scatter(x=gx.ravel(), y=gy.ravel(), mode="markers", name="places",
                               marker=dict(size=9, color="rgba(0,0,0,0)"), hoverinfo="none", showlegend=False))
    xy, values = points.arrays()
    if points.task == "regression":
        marker = dict(size=10, color=values, colorscale=palette.DIVERGING, cmin=-1, cmax=1,
                      line=dict(color=palette.GREY, width=1))
        fig.add_trace(go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers", name="points", marker=marker,
                                 hovertemplate="value %{marker.color:.2f}<extra></extra>"))
    else:
        for k in range(points.classes):
            mine = values == k
            fig.add_trace(go.Scatter(x=xy[mine, 0], y=xy[mine, 1], mode="markers", name=f"class {k}",
                                     marker=dict(size=10, color=CLASS_COLORS[k], symbol=CLASS_SYMBOLS[k],
                                                 line=dict(color=palette.PAPER, width=1)),
                                     hovertemplate=f"class {k}<extra></extra>"))
    fig.update_xaxes(range=[-DOMAIN, DOMAIN], title_text="x₁", constrain="domain", fixedrange=True, zeroline=True)
    fig.update_yaxes(range=[-DOMAIN, DOMAIN], title_text="x₂", scaleanchor="x", constrain="domain", fixedrange=True)
    # clicks are events, never selections (nothing dims); "pan" (the axes are fixed, so nothing moves) keeps a
    # finger's tap from also sending the browser's mouse events afterwards, which Plotly would count as a second click
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), showlegend=False, dragmode="pan",
                      hovermode="closest", hoverdistance=12, clickmode="event")
    return fig
