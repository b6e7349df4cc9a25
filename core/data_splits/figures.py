"""Plotly figures for the Data & splits lesson: splits, leakage, preprocessing, augmentation, fitting and small data."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.data_splits.augmentation import AugConfig, AugResult
from core.data_splits.encoding import EncodingResult
from core.data_splits.fitting import BiasVariance, CapacityRun
from core.data_splits.leakage import LeakageOutcome
from core.data_splits.missing import IMPUTERS, MissingResult
from core.data_splits.small_data import SmallDataResult
from core.data_splits.splits import SPLITS, SplitResult
from core.data_splits.trainer import Curve
from core.figures import image_grid
from core.palette import SPLIT_COLOR

SPLIT_COLORS = {"train": "#1f77b4", "validation": "#ff7f0e", "test": "#2ca02c"}
LEAKY_COLOR, HONEST_COLOR, FRESH_COLOR = "#d62728", "#1f77b4", "#7f7f7f"
SCALE_COLORS = ("#d62728", "#ff7f0e", "#2ca02c")
LOG_TICKS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]
REGIME_COLORS = {"underfitting": "#9467bd", "overfitting": "#d62728", "good fit": "#2ca02c"}


def _layout(fig: go.Figure, height: int = 340, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2),
                      **kwargs)
    return fig


def split_balance(result: SplitResult, class_names: Sequence[str] | None = None) -> go.Figure:
    """Each class's share of each split, beside its share of the whole set (black ticks)."""
    names = list(class_names) if class_names is not None else [str(c) for c in range(result.counts.shape[1])]
    fig = go.Figure()
    for i, split in enumerate(SPLITS):
        fig.add_bar(x=names, y=result.shares[i] * 100, name=f"{split} ({result.sizes[i]:,})",
                    marker_color=SPLIT_COLORS[split], customdata=result.counts[i],
                    hovertemplate="class %{x}: %{y:.1f}% (%{customdata} examples)<extra>" + split + "</extra>")
    fig.add_scatter(x=names, y=result.overall * 100, mode="markers", name="all examples",
                    marker=dict(symbol="line-ew", size=28, line=dict(width=3, color="black")))
    fig.update_xaxes(title="class", type="category")
    fig.update_yaxes(title="share of the split (%)")
    return _layout(fig, barmode="group")


def leakage_bars(outcomes: Sequence[LeakageOutcome]) -> go.Figure:
    """Per kind: what each pipeline reported, beside its accuracy on rows nobody touched (mean ± sd)."""
    fig = make_subplots(rows=1, cols=len(outcomes), subplot_titles=[o.title for o in outcomes], shared_yaxes=True)
    for col, o in enumerate(outcomes, 1):
        x = ["leaky", "honest"]
        for name, values, color in (("reported estimate", (o.leaky_estimate, o.honest_estimate), None),
                                    ("score on never-touched rows", (o.leaky_fresh, o.honest_fresh), FRESH_COLOR)):
            colors = color or [LEAKY_COLOR, HONEST_COLOR]
            fig.add_bar(x=x, y=[v.mean() * 100 for v in values], name=name, marker_color=colors,
                        error_y=dict(type="data", array=[v.std() * 100 for v in values]),
                        hovertemplate="%{x}: %{y:.1f}%<extra>" + name + "</extra>",
                        showlegend=False, row=1, col=col)
    fig.update_yaxes(title="accuracy (%)", row=1, col=1)
    fig.update_yaxes(range=[40, 100])
    return _layout(fig, height=340, barmode="group")


def scale_curves(curves: dict[str, Curve]) -> go.Figure:
    """Running training loss against steps, one line per input scale (log axis: raw pixels start very high)."""
    fig = go.Figure()
    for (name, c), color in zip(curves.items(), SCALE_COLORS, strict=False):
        fig.add_scatter(x=c.step, y=c.train_loss, name=name + (" (diverged)" if c.diverged else ""),
                        mode="lines+markers", marker_size=4, line_color=color)
    fig.update_xaxes(title="training step")
    fig.update_yaxes(title="training loss (cross-entropy)", type="log", tickvals=LOG_TICKS)
    return _layout(fig)


def value_histograms(values: dict[str, np.ndarray]) -> go.Figure:
    """Histogram of input values for each scale: note the x axes, they differ by a factor of 255."""
    fig = make_subplots(rows=1, cols=len(values), subplot_titles=list(values))
    for col, (v, color) in enumerate(zip(values.values(), SCALE_COLORS, strict=False), 1):
        fig.add_histogram(x=v, nbinsx=40, marker_color=color, showlegend=False, row=1, col=col)
        fig.update_xaxes(title="input value", row=1, col=col)
    fig.update_yaxes(type="log")
    fig.update_yaxes(title="pixels (log scale)", row=1, col=1)
    return _layout(fig, height=280)


def missing_bars(result: MissingResult) -> go.Figure:
    """Test accuracy for each way of handling the gaps (mean ± sd over repeats), with the rows it could score."""
    means = [np.nanmean(result.accuracy[n]) * 100 if np.isfinite(result.accuracy[n]).any() else 0 for n in IMPUTERS]
    sds = [np.nanstd(result.accuracy[n]) * 100 if np.isfinite(result.accuracy[n]).any() else 0 for n in IMPUTERS]
    text = [f"{m:.1f}%" if np.isfinite(result.accuracy[n]).any() else "no complete rows"
            for m, n in zip(means, IMPUTERS, strict=True)]
    fig = go.Figure(go.Bar(x=list(IMPUTERS), y=means, error_y=dict(type="data", array=sds), text=text,
                           textposition="outside", cliponaxis=False,
                           marker_color=["#7f7f7f"] + ["#1f77b4"] * (len(IMPUTERS) - 1)))
    low = min([m for m in means if m > 0], default=50)
    fig.update_yaxes(title="test accuracy (%)", range=[max(0, low - 15), 100])
    return _layout(fig, height=320)


def encoding_bars(result: EncodingResult) -> go.Figure:
    """Train and test accuracy of the same small network on each encoding of the city."""
    names = list(result.encodings)
    fig = go.Figure()
    for split, color in (("train", "#1f77b4"), ("test", "#2ca02c")):
        y = [getattr(result.encodings[n], f"{split}_acc") * 100 for n in names]
        fig.add_bar(x=names, y=y, name=split, marker_color=color, text=[f"{v:.1f}" for v in y],
                    textposition="outside")
    fig.update_yaxes(title="accuracy (%)", range=[40, 105])
    return _layout(fig, barmode="group")


def embedding_scatter(result: EncodingResult, names: Sequence[str]) -> go.Figure:
    """The city vectors the network learnt, coloured by each city's share of positive labels in training."""
    v = result.embedding
    y = v[:, 1] if v.shape[1] > 1 else np.zeros(len(v))
    seen = np.isfinite(result.city_rate)
    fig = go.Figure(go.Scatter(
        x=v[seen, 0], y=y[seen], mode="markers", text=np.asarray(names)[seen],
        marker=dict(size=9, color=result.city_rate[seen], colorscale="RdBu_r", cmin=0, cmax=1,
                    colorbar=dict(title="share<br>positive")),
        hovertemplate="%{text}<extra></extra>"))
    fig.update_xaxes(title="embedding 1")
    fig.update_yaxes(title="embedding 2" if v.shape[1] > 1 else "")
    return _layout(fig, height=340)


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
        for name, y in (("train", r.curve.train_loss), ("validation", r.curve.val_loss)):
            color = SPLIT_COLOR[name]
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
                                 ("training error", bv.train_mse, SPLIT_COLOR["train"], "dash")):
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
