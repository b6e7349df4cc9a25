"""Plotly figures shared by the lessons: curves, confusion matrices, image grids."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.train import Point

TRAIN_COLOR, VAL_COLOR = "#1f77b4", "#ff7f0e"


def training_curves(curve: Sequence[Point], title: str = "") -> go.Figure:
    """Loss and accuracy against epochs, train and validation side by side."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Loss (cross-entropy)", "Accuracy"))
    x = [p.epoch for p in curve]
    for col, (train_key, val_key) in enumerate((("train_loss", "val_loss"), ("train_acc", "val_acc")), 1):
        for key, name, color in ((train_key, "train", TRAIN_COLOR), (val_key, "validation", VAL_COLOR)):
            fig.add_trace(go.Scatter(x=x, y=[getattr(p, key) for p in curve], name=name, mode="lines+markers",
                                     marker_size=4, line_color=color, legendgroup=name, showlegend=col == 1),
                          row=1, col=col)
        fig.update_xaxes(title_text="epoch", row=1, col=col)
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10), title=title or None,
                      legend=dict(orientation="h", y=-0.25))
    return fig


def confusion_heatmap(cm: np.ndarray, labels: Sequence[str] | None = None) -> go.Figure:
    """Counts with the true class down and the predicted class across."""
    labels = list(labels) if labels is not None else [str(i) for i in range(len(cm))]
    fig = go.Figure(go.Heatmap(z=cm, x=labels, y=labels, colorscale="Blues", text=cm, texttemplate="%{text}",
                               hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>"))
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=30, b=10),
                      xaxis=dict(title="predicted", type="category"),
                      yaxis=dict(title="true", type="category", autorange="reversed"))
    return fig


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
