"""Plotly figures for the Data & splits lesson: splits, leakage and preprocessing."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.data_splits.encoding import EncodingResult
from core.data_splits.leakage import LeakageOutcome
from core.data_splits.missing import IMPUTERS, MissingResult
from core.data_splits.splits import SPLITS, SplitResult
from core.data_splits.trainer import Curve

SPLIT_COLORS = {"train": "#1f77b4", "validation": "#ff7f0e", "test": "#2ca02c"}
LEAKY_COLOR, HONEST_COLOR, FRESH_COLOR = "#d62728", "#1f77b4", "#7f7f7f"
SCALE_COLORS = ("#d62728", "#ff7f0e", "#2ca02c")
LOG_TICKS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]


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
