"""Plotly figures for the Data & splits lesson: augmentation, fitting regimes and small data."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.data_splits.augmentation import AugConfig, AugResult
from core.data_splits.figures import _layout
from core.data_splits.fitting import BiasVariance, CapacityRun
from core.data_splits.small_data import SmallDataResult
from core.figures import TRAIN_COLOR, VAL_COLOR, image_grid

REGIME_COLORS = {"underfitting": "#9467bd", "overfitting": "#d62728", "good fit": "#2ca02c"}


def augmentation_gallery(images: np.ndarray, rows: Sequence[str]) -> go.Figure:
    """One row per transform, the same digits in every row."""
    n = images.shape[1]
    titles = [f"{r}" if j == 0 else "" for r in rows for j in range(n)]
    colors = ["#d62728" if "flip" in r else "#333333" for r in rows for _ in range(n)]
    return image_grid(images.reshape(-1, *images.shape[2:]), titles, cols=n, colors=colors, height_per_row=90)


def augmentation_results(cfg: AugConfig, result: AugResult) -> go.Figure:
    """Test accuracy per arm: one dot per seed, a bar for the mean."""
    fig = go.Figure()
    for arm, color in zip(cfg.arms, ("#7f7f7f", "#2ca02c", "#d62728"), strict=False):
        acc = result.test_acc(arm) * 100
        label = f"{arm}<br><b>{acc.mean():.1f}%</b>"  # the mean under the bar: dots may sit above it
        fig.add_bar(x=[label], y=[acc.mean()], marker_color=color, opacity=0.6, name=arm, showlegend=False)
        fig.add_scatter(x=[label] * len(acc), y=acc, mode="markers", marker=dict(color="black", size=7),
                        showlegend=False, hovertemplate="one seed: %{y:.2f}%<extra></extra>")
    low = min(r.test_acc for r in result.runs) * 100
    fig.update_yaxes(title="test accuracy (%)", range=[max(0, low - 8), 100])
    return _layout(fig, height=320)


def learning_curves(runs: Sequence[CapacityRun]) -> go.Figure:
    """Train and validation loss per epoch for each size; a dashed line where early stopping would stop."""
    titles = [f"{r.name}: {r.regime.name}" for r in runs]
    fig = make_subplots(rows=1, cols=len(runs), subplot_titles=titles, shared_yaxes=True)
    for col, r in enumerate(runs, 1):
        epochs = np.arange(1, len(r.curve.train_loss) + 1)
        for name, y, color in (("train", r.curve.train_loss, TRAIN_COLOR), ("validation", r.curve.val_loss, VAL_COLOR)):
            fig.add_scatter(x=epochs, y=y, name=name, mode="lines+markers", marker_size=4, line_color=color,
                            legendgroup=name, showlegend=col == 1, row=1, col=col)
        fig.add_vline(x=r.regime.best_epoch, line_dash="dash", line_color="#555555", row=1, col=col)
        fig.add_scatter(x=[r.regime.best_epoch], y=[r.regime.best_val_loss], mode="markers", name="early stop",
                        marker=dict(symbol="star", size=13, color="black"), legendgroup="stop",
                        showlegend=col == 1, row=1, col=col)
        fig.update_xaxes(title="epoch", row=1, col=col)
    for ann, r in zip(fig.layout.annotations, runs, strict=False):
        ann.font.color = REGIME_COLORS[r.regime.name]
    fig.update_yaxes(title="loss (cross-entropy)", row=1, col=1)
    return _layout(fig, height=360)


def bias_variance_chart(bv: BiasVariance) -> go.Figure:
    """Bias², variance and their sum (+ noise) against the number of hidden units."""
    fig = go.Figure()
    for name, y, color, dash in (("bias²", bv.bias2, "#9467bd", "dot"), ("variance", bv.variance, "#d62728", "dot"),
                                 ("expected test error", bv.test_mse, "#000000", "solid"),
                                 ("training error", bv.train_mse, TRAIN_COLOR, "dash")):
        fig.add_scatter(x=bv.widths, y=y, name=name, mode="lines+markers", line=dict(color=color, dash=dash))
    fig.add_vline(x=bv.best_width, line_dash="dash", line_color="#2ca02c")
    fig.add_annotation(x=np.log10(bv.best_width), y=1, yref="paper", text=f"lowest test error: {bv.best_width} units",
                       showarrow=False, yanchor="bottom", font_color="#2ca02c")  # log axes place annotations in log10
    span = np.log10([min(bv.widths), max(bv.widths)])
    fig.update_xaxes(title="hidden units (capacity)", type="log", range=[span[0] - 0.1, span[1] + 0.1],
                     tickvals=bv.widths)
    fig.update_yaxes(title="mean squared error")
    return _layout(fig, height=340)


def fitted_curves(bv: BiasVariance, widths: Sequence[int]) -> go.Figure:
    """Every training set's fitted curve (thin) and the true curve (thick) for a few capacities."""
    titles = [f"{w} hidden unit{'s' if w > 1 else ''}" for w in widths]
    fig = make_subplots(rows=1, cols=len(widths), subplot_titles=titles, shared_yaxes=True)
    for col, w in enumerate(widths, 1):
        preds = bv.predictions[bv.widths.index(w)]
        for i, p in enumerate(preds):
            fig.add_scatter(x=bv.grid, y=p, mode="lines", line=dict(color="rgba(214,39,40,0.25)", width=1),
                            name="one training set's fit", legendgroup="fit", showlegend=col == 1 and i == 0,
                            hoverinfo="skip", row=1, col=col)
        fig.add_scatter(x=bv.grid, y=bv.truth, mode="lines", line=dict(color="black", width=3), name="true curve",
                        legendgroup="truth", showlegend=col == 1, row=1, col=col)
    fig.update_yaxes(range=[-2.5, 2.5])
    return _layout(fig, height=280)


def small_data_results(result: SmallDataResult) -> go.Figure:
    """Mean test accuracy per model (bar) and each repeat (dot)."""
    fig = go.Figure()
    order = result.ranking
    for m in order:
        acc = result.accuracy[m] * 100
        label = f"{m}<br><b>{acc.mean():.1f}%</b>"
        fig.add_bar(x=[label], y=[acc.mean()], marker_color="#ff7f0e" if m == "neural network" else "#1f77b4",
                    opacity=0.7, showlegend=False)
        fig.add_scatter(x=[label] * len(acc), y=acc, mode="markers", marker=dict(color="black", size=6),
                        showlegend=False, hovertemplate="one sample: %{y:.1f}%<extra></extra>")
    low = min(float(v.min()) for v in result.accuracy.values()) * 100
    fig.update_yaxes(title="test accuracy (%)", range=[max(0, low - 10), 102])
    return _layout(fig, height=320)
