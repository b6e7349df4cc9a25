"""The charts that two or more lessons draw, and the train and validation colours.

The rule: a lesson's charts live in core/<lesson>/figures.py; this module holds only a chart
that two or more lessons draw (today the image grid: MNIST, Data & splits and Bias audit).
When a chart here loses its second lesson, it moves into the remaining lesson's figures module.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

TRAIN_COLOR, VAL_COLOR = "#1f77b4", "#ff7f0e"  # for every curve of a training and a validation split


def image_grid(images: np.ndarray, titles: Sequence[str], cols: int = 8, colors: Sequence[str] | None = None,
               height_per_row: int = 110) -> go.Figure:
    """Small greyscale images (N, H, W) in a grid, each with a (coloured) title."""
    rows = max(1, -(-len(images) // cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(titles),
                        horizontal_spacing=0.01, vertical_spacing=0.3 / rows)
    for i, img in enumerate(images):
        fig.add_trace(go.Heatmap(z=img, colorscale="gray_r", showscale=False, hoverinfo="skip"),
                      row=i // cols + 1, col=i % cols + 1)
    if colors:
        for ann, color in zip(fig.layout.annotations, colors, strict=False):
            ann.font.color = color
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor=None)
    fig.update_layout(height=rows * height_per_row + 20, margin=dict(l=0, r=0, t=20, b=0))
    return fig
