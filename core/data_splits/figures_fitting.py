"""Plotly figures of the Data & splits lesson's training experiments: augmentation, learning curves, bias–variance.

Colours from `core.palette`: train is teal and solid, validation purple and dashed; each seed's
curve is drawn faint and their mean bold; images keep square pixels.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.data_splits.augmentation import AugConfig, AugResult
from core.data_splits.figures import chance_line, layout, seed_bar
from core.data_splits.fitting import BiasVariance, FittingResult
from core.figures import image_grid, integer_axis, log_axis, percent_axis

ARM_COLOR = {"none": palette.CONTEXT, "augmented": palette.BLUE, "augmented + flips": palette.ORANGE}


def keep_aspect(fig: go.Figure) -> go.Figure:
    """Every subplot's y axis tied to its x axis: an image's pixels stay square, whatever the page's width."""
    for axis in fig.layout:
        if axis.startswith("yaxis"):
            fig.layout[axis].update(scaleanchor="x" + axis[5:], constrain="domain")
        elif axis.startswith("xaxis"):
            fig.layout[axis].update(constrain="domain")
    return fig


def augmentation_gallery(images: np.ndarray, rows: Sequence[str]) -> go.Figure:
    """One row per transform, the same digits in every row; the label-changing flips are titled in orange."""
    n = images.shape[1]
    titles = [f"{r}" if j == 0 else "" for r in rows for j in range(n)]
    fig = image_grid(images.reshape(-1, *images.shape[2:]), titles, cols=n, height_per_row=90)
    for ann, row in zip(fig.layout.annotations, rows, strict=True):  # one title per row: its first image's
        ann.update(xanchor="left", x=ann.x - 0.5 / n * 0.9,  # the row's name starts at its first image
                   font_color=palette.ORANGE if "flip" in row else None)
    return keep_aspect(fig)


def augmentation_results(cfg: AugConfig, result: AugResult) -> go.Figure:
    """Test accuracy per arm: a pale bar for the mean over seeds, a dot per seed."""
    fig = go.Figure()
    for arm in cfg.arms:
        acc = result.test_acc(arm)
        seed_bar(fig, f"{arm}<br><b>{acc.mean():.1%}</b>", acc, ARM_COLOR[arm], arm, "/" if "flips" in arm else "")
    chance_line(fig, 0.1)
    percent_axis(fig)
    fig.update_yaxes(title="test accuracy")
    return layout(fig, height=320)


def epoch_axis(fig: go.Figure, epochs: int, **where) -> go.Figure:
    """Whole epochs only, with a tick every epoch up to ten of them."""
    integer_axis(fig, upto=epochs, **where)
    fig.update_xaxes(title="epoch", **where)
    return fig


def learning_curves(result: FittingResult) -> go.Figure:
    """Train and validation loss per epoch for each size: each seed faint, the mean bold; ★ where to stop."""
    names = list(result.runs)
    titles = []
    for name in names:
        regime, count = result.regime(name)
        titles.append(f"{name}: {regime} ({count} of {len(result.runs[name])} seeds)")
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=titles, shared_yaxes=True)
    epochs = 1
    for col, name in enumerate(names, 1):
        for split in ("train", "validation"):
            line = palette.split_line(split)
            key = "train_loss" if split == "train" else "val_loss"
            for run in result.runs[name]:
                y = getattr(run.curve, key)
                fig.add_scatter(x=np.arange(1, len(y) + 1), y=y, mode="lines", line=dict(color=line["color"], width=1),
                                opacity=0.3, showlegend=False, hoverinfo="skip", row=1, col=col)
            mean = result.mean_curve(name, split)
            epochs = max(epochs, len(mean))
            fig.add_scatter(x=np.arange(1, len(mean) + 1), y=mean, name=f"{split} (mean over seeds)",
                            mode="lines+markers", line=dict(line, width=3),
                            marker=dict(symbol=palette.SPLIT_SYMBOL[split], size=5),
                            legendgroup=split, showlegend=col == 1, row=1, col=col)
        val = result.mean_curve(name, "validation")
        best = int(np.argmin(val)) + 1
        fig.add_vline(x=best, line=dict(color=palette.CONTEXT, dash="dash", width=1), row=1, col=col)
        fig.add_scatter(x=[best], y=[val[best - 1]], mode="markers", name="early stop",
                        marker=dict(symbol="star", size=14, color=palette.SLATE), legendgroup="stop",
                        showlegend=col == 1, hovertemplate="early stopping: epoch %{x}<extra></extra>",
                        row=1, col=col)
    for col in range(1, len(names) + 1):
        epoch_axis(fig, epochs, row=1, col=col)
    fig.update_yaxes(title="loss (cross-entropy)", row=1, col=1)
    fig.update_yaxes(rangemode="tozero")
    return layout(fig, height=380)


BV_LINES = (  # name, attribute, colour, dash, marker
    ("bias²", "bias2", palette.BLUE, "longdash", "triangle-down"),
    ("variance", "variance", palette.ORANGE, "dashdot", "triangle-up"),
    ("expected test error", "test_mse", palette.SPLIT_COLOR["test"], palette.SPLIT_DASH["test"],
     palette.SPLIT_SYMBOL["test"]),
    ("training error", "train_mse", palette.SPLIT_COLOR["train"], palette.SPLIT_DASH["train"],
     palette.SPLIT_SYMBOL["train"]),
)


def bias_variance_chart(bv: BiasVariance) -> go.Figure:
    """Bias², variance and their sum (+ noise) against the number of hidden units (log axis)."""
    fig = go.Figure()
    for name, attr, color, dash, symbol in BV_LINES:
        fig.add_scatter(x=bv.widths, y=getattr(bv, attr), name=name, mode="lines+markers",
                        line=dict(color=color, dash=dash, width=2.5), marker=dict(symbol=symbol, size=8),
                        hovertemplate=f"{name}, %{{x}} units: %{{y:.3f}}<extra></extra>")
    fig.add_hline(y=bv.noise ** 2, line=dict(color=palette.CONTEXT, dash="dot", width=1),
                  annotation_text="noise² (no model does better)", annotation_font_color=palette.CONTEXT,
                  annotation_position="top left")
    fig.add_vline(x=bv.best_width, line=dict(color=palette.CONTEXT, dash="dash", width=1))
    fig.add_annotation(x=np.log10(bv.best_width), y=1, yref="paper", text=f"lowest test error: {bv.best_width} units",
                       showarrow=False, yanchor="bottom")  # log axes place annotations in log10
    span = np.log10([min(bv.widths), max(bv.widths)])
    fig.update_xaxes(title="hidden units (capacity)", range=[span[0] - 0.1, span[1] + 0.1])
    log_axis(fig, "x")
    fig.update_xaxes(range=[span[0] - 0.1, span[1] + 0.1])
    fig.update_yaxes(title="mean squared error", rangemode="tozero")
    return layout(fig, height=340)


def fitted_curves(bv: BiasVariance, widths: Sequence[int]) -> go.Figure:
    """Every training set's fitted curve (thin, blue) and the true curve (thick, grey) for a few capacities."""
    titles = [f"{w} hidden unit{'s' if w > 1 else ''}" for w in widths]
    fig = make_subplots(rows=1, cols=len(widths), subplot_titles=titles, shared_yaxes=True)
    for col, w in enumerate(widths, 1):
        preds = bv.predictions[bv.widths.index(w)]
        for i, p in enumerate(preds):
            fig.add_scatter(x=bv.grid, y=p, mode="lines", line=dict(color=palette.BLUE, width=1), opacity=0.3,
                            name="one training set's fit", legendgroup="fit", showlegend=col == 1 and i == 0,
                            hoverinfo="skip", row=1, col=col)
        fig.add_scatter(x=bv.grid, y=bv.truth, mode="lines", line=dict(color=palette.CONTEXT, width=4, dash="dash"),
                        name="true curve", legendgroup="truth", showlegend=col == 1, row=1, col=col)
    fig.update_yaxes(range=[-2.5, 2.5])
    return layout(fig, height=280)
