"""The charts that two or more lessons draw, and the rules every axis follows.

The rule for charts: a lesson's charts live in core/<lesson>/figures.py; this module holds only a
chart that two or more lessons draw (today the image grid: MNIST, Data & splits and Bias audit).
When a chart here loses its second lesson, it moves into the remaining lesson's figures module.
Colours come from `core.palette`, one meaning each.

The rules for axes, so that they tell the truth: a log axis labels powers of ten only
(`log_axis`); a bar's axis starts at zero (`zero_based`); a count or an epoch gets whole-number
ticks (`integer_axis`); a share goes from 0% to 100% (`percent_axis`); an image keeps its aspect.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette


def log_axis(fig: go.Figure, axis: str = "y", **where) -> go.Figure:
    """A logarithmic axis labelled at powers of ten only (1, 10, 100 or 10⁻³), never at 2s and 5s.

    `axis` is "x" or "y"; `where` picks subplots as `update_xaxes` does (row=, col=).
    """
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(type="log", dtick=1, exponentformat="power", minor=dict(showgrid=False, ticks=""), **where)
    return fig


def integer_axis(fig: go.Figure, axis: str = "x", upto: float | None = None, **where) -> go.Figure:
    """Whole-number ticks, for counts, layers and epochs (no 1.5th epoch).

    Up to ten (`upto`, the largest value shown), a tick at every whole number: Plotly would put
    ticks at halves there and label them twice. Beyond, Plotly's own round numbers.
    """
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickformat="d", tick0=0, dtick=1 if upto is not None and upto <= 10 else None, **where)
    return fig


def percent_axis(fig: go.Figure, axis: str = "y", **where) -> go.Figure:
    """A share of 0–1 shown as 0%–100%, with the whole range visible."""
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(tickformat=".0%", range=[0, 1.02], **where)
    return fig


def zero_based(fig: go.Figure, axis: str = "y", **where) -> go.Figure:
    """A bar's length is its value: the axis starts at zero."""
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(rangemode="tozero", **where)
    return fig


def image_grid(images: np.ndarray, titles: Sequence[str], cols: int = 8, colors: Sequence[str] | None = None,
               height_per_row: int = 110) -> go.Figure:
    """Small greyscale images (N, H, W) in a grid, each with its (coloured) title, every pixel square.

    Ink is drawn in the page's text colour on the page's own background (palette.INK_ON_PAPER), so a
    digit reads the same way in the light and the dark theme.
    """
    rows = max(1, -(-len(images) // cols))
    fig = make_subplots(rows=rows, cols=cols, horizontal_spacing=0.01, vertical_spacing=0.3 / rows)
    for i, img in enumerate(images):
        row, col = i // cols + 1, i % cols + 1
        fig.add_trace(go.Heatmap(z=img, colorscale=palette.INK_ON_PAPER, showscale=False, hoverinfo="skip"),
                      row=row, col=col)
        n = "" if i == 0 else i + 1
        fig.layout[f"yaxis{n}"].update(scaleanchor=f"x{n}", scaleratio=1, constrain="domain")
        fig.layout[f"xaxis{n}"].update(constrain="domain")
        if i < len(titles) and titles[i]:
            fig.add_annotation(text=titles[i], x=0.5, y=1.0, xref=f"x{n} domain", yref=f"y{n} domain",
                               yanchor="bottom", showarrow=False, font=dict(size=11, color=colors[i] if colors
                                                                            and i < len(colors) else None))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_layout(height=rows * height_per_row + 20, margin=dict(l=0, r=0, t=20, b=0))
    return fig
