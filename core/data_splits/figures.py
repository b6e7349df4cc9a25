"""Plotly figures for the Data & splits lesson: splits, leakage, input scaling, missing values, categories, small data.

The training figures (augmentation, learning curves, bias and variance) are in `figures_fitting`.
Colours come from `core.palette`, one meaning each: train/validation/test keep their colours,
dashes and patterns; a binary contrast is blue (the reference or right thing) against orange
(the leaky, raw or otherwise wrong thing), which also gets a hatch pattern so that colour is
never the only cue. Bars start at zero; a pale bar is a mean over seeds, its dots the seeds.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.data_splits import noise
from core.data_splits.encoding import EncodingResult, EncodingSeeds
from core.data_splits.leakage import LeakageOutcome
from core.data_splits.missing import IMPUTERS, MissingResult
from core.data_splits.scaling import SCALES, ScaleComparison
from core.data_splits.small_data import SmallDataResult
from core.data_splits.splits import SPLITS, SplitResult
from core.figures import integer_axis, log_axis, percent_axis, zero_based

SPLIT_PATTERN = {"train": "", "validation": "/", "test": "."}  # bars: the split's dash, as a fill
HATCH = "/"  # the second of a binary contrast (orange) is hatched as well as coloured
# Input scales: raw pixels are the wrong thing (orange), the two rescaled versions blue, dark and pale.
SCALE_COLOR = dict(zip(SCALES, (palette.ORANGE, palette.SKY, palette.BLUE), strict=True))
SCALE_DASH = dict(zip(SCALES, ("dot", "dash", "solid"), strict=True))
SCALE_SYMBOL = dict(zip(SCALES, ("triangle-up", "diamond", "circle"), strict=True))


def pattern(shape: str, color: str = palette.PAPER) -> dict:
    """A fill pattern drawn in `color` over the bar's own colour (Plotly's default would drop that colour)."""
    return dict(shape=shape, fgcolor=color, fillmode="overlay", size=8, solidity=0.15 if shape == "." else 0.3)


def layout(fig: go.Figure, height: int = 340, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2),
                      **kwargs)
    return fig


def seed_bar(fig: go.Figure, label: str, scores, color: str, name: str, shape: str = "", **where) -> None:
    """A pale bar at the mean of `scores` (shares of 1), a whisker of one spread, and a dot per seed."""
    scores = np.asarray(scores, dtype=float)
    done = scores[np.isfinite(scores)]
    mean = float(done.mean()) if len(done) else 0.0
    fig.add_bar(x=[label], y=[mean], name=name, marker=dict(color=palette.mix(color, share=0.55),
                line=dict(color=color, width=1.5), pattern=pattern(shape, color)),
                error_y=dict(type="data", array=[noise.spread(done)], color=color, thickness=1.5, width=6),
                showlegend=False, hovertemplate=f"{name}: mean %{{y:.1%}}<extra></extra>", **where)
    if len(done) > 1:
        fig.add_scatter(x=[label] * len(done), y=done, mode="markers", name="one seed", showlegend=False,
                        marker=dict(color=color, size=7, line=dict(color=palette.PAPER, width=1)),
                        hovertemplate="one seed: %{y:.1%}<extra></extra>", **where)


def chance_line(fig: go.Figure, level: float, text: str = "chance", **where) -> None:
    """A grey dotted line at the score of guessing, named in the legend (a label on the line would hide bars)."""
    line = dict(color=palette.CONTEXT, dash="dot", width=1.5)
    fig.add_hline(y=level, line=line, **where)
    if not any(t.name == f"{text} ({level:.0%})" for t in fig.data):
        fig.add_scatter(x=[None], y=[None], mode="lines", line=line, name=f"{text} ({level:.0%})", **where)


def split_balance(result: SplitResult, class_names: Sequence[str] | None = None) -> go.Figure:
    """Each class's share of each split, beside its share of the whole set (grey ticks)."""
    names = list(class_names) if class_names is not None else [str(c) for c in range(result.counts.shape[1])]
    fig = go.Figure()
    for i, split in enumerate(SPLITS):
        fig.add_bar(x=names, y=result.shares[i] * 100, name=f"{split} ({result.sizes[i]:,})",
                    marker=dict(color=palette.SPLIT_COLOR[split], pattern=pattern(SPLIT_PATTERN[split])),
                    customdata=result.counts[i],
                    hovertemplate="class %{x}: %{y:.1f}% (%{customdata} examples)<extra>" + split + "</extra>")
    fig.add_scatter(x=names, y=result.overall * 100, mode="markers", name="all examples",
                    marker=dict(symbol="line-ew", size=28, line=dict(width=3, color=palette.CONTEXT)))
    fig.update_xaxes(title="class", type="category")
    fig.update_yaxes(title="share of the split (%)")
    zero_based(fig)
    return layout(fig, barmode="group")


def leakage_optimism(outcomes: Sequence[LeakageOutcome]) -> go.Figure:
    """Per kind: how much each pipeline's reported score exceeds its score on never-touched rows, ± 2 SE."""
    fig = make_subplots(rows=1, cols=len(outcomes), subplot_titles=[o.title for o in outcomes], shared_yaxes=True)
    for col, o in enumerate(outcomes, 1):
        for pipeline, color, shape, label in (("honest", palette.BLUE, "", o.honest_label),
                                              ("leaky", palette.ORANGE, HATCH, o.leaky_label)):
            gap = o.leaky_optimism if pipeline == "leaky" else o.honest_optimism
            fig.add_bar(x=[f"{pipeline}<br><b>{gap * 100:+.1f}</b>"], y=[gap * 100],
                        marker=dict(color=color, pattern=pattern(shape)),
                        error_y=dict(type="data", array=[2 * o.optimism_error(pipeline) * 100], color=palette.INK),
                        showlegend=False, row=1, col=col,
                        hovertemplate=f"{pipeline} ({label}): %{{y:+.1f}} points<extra></extra>")
        fig.add_hline(y=0, line=dict(color=palette.CONTEXT, width=1), row=1, col=col)
    fig.update_yaxes(title="reported − true accuracy (points)", row=1, col=1)
    zero_based(fig)
    return layout(fig, height=320)


def leakage_bars(outcomes: Sequence[LeakageOutcome]) -> go.Figure:
    """Per kind and pipeline: the reported estimate (solid) beside the score on never-touched rows (pale)."""
    fig = make_subplots(rows=1, cols=len(outcomes), subplot_titles=[o.title for o in outcomes], shared_yaxes=True)
    for col, o in enumerate(outcomes, 1):
        for pipeline, color, shape in (("honest", palette.BLUE, ""), ("leaky", palette.ORANGE, HATCH)):
            values = ((o.leaky_estimate, o.leaky_fresh) if pipeline == "leaky"
                      else (o.honest_estimate, o.honest_fresh))
            for what, v, fill in (("reported", values[0], color), ("true", values[1], palette.mix(color))):
                fig.add_bar(x=[f"{pipeline}<br>{what}"], y=[v.mean()], marker=dict(
                            color=fill, line=dict(color=color, width=1.5),
                            pattern=pattern(shape, palette.PAPER if fill == color else color)),
                            error_y=dict(type="data", array=[2 * v.std(ddof=1) / np.sqrt(len(v))], color=palette.INK),
                            showlegend=False, row=1, col=col,
                            hovertemplate=f"{pipeline}, {what}: %{{y:.1%}}<extra></extra>")
        chance_line(fig, 0.5, row=1, col=col)
    percent_axis(fig)
    fig.update_yaxes(title="accuracy", row=1, col=1)
    return layout(fig, height=360)


def scale_curves(comparison: ScaleComparison) -> go.Figure:
    """Running training loss against steps per input scale: each seed faint, their mean bold (log axis)."""
    fig = go.Figure()
    for scale in SCALES:
        color, curves = SCALE_COLOR[scale], [r.curves[scale] for r in comparison.runs]
        for c in curves:
            fig.add_scatter(x=c.step, y=c.train_loss, mode="lines", line=dict(color=color, width=1),
                            opacity=0.35, legendgroup=scale, showlegend=False, hoverinfo="skip")
            if c.diverged:  # where the loss became NaN or infinite: an error, so vermillion
                fig.add_scatter(x=c.step[-1:] or [0], y=c.train_loss[-1:] or [1], mode="markers",
                                marker=dict(symbol="x", size=11, color=palette.ERROR), legendgroup="diverged",
                                name="diverged (NaN)", showlegend=False, hoverinfo="name")
        full = [c for c in curves if not c.diverged]
        if full:
            steps = min(len(c.step) for c in full)
            mean = np.mean([c.train_loss[:steps] for c in full], axis=0)
            fig.add_scatter(x=full[0].step[:steps], y=mean, name=scale, legendgroup=scale, mode="lines+markers",
                            line=dict(color=color, width=3, dash=SCALE_DASH[scale]),
                            marker=dict(symbol=SCALE_SYMBOL[scale], size=6),
                            hovertemplate=f"{scale}, mean over seeds: %{{y:.3g}}<extra></extra>")
    fig.update_xaxes(title="training step")
    integer_axis(fig)
    fig.update_yaxes(title="training loss (cross-entropy)")
    log_axis(fig)
    return layout(fig)


def scale_accuracy(comparison: ScaleComparison, classes: int = 10) -> go.Figure:
    """Final validation accuracy per input scale: mean over seeds (bar) and each seed (dot)."""
    fig = go.Figure()
    for scale in SCALES:
        acc = comparison.final_acc(scale)
        broke = comparison.diverged(scale)
        label = f"{scale}<br><b>{noise.mean(acc):.1%}</b>" if np.isfinite(acc).any() else f"{scale}<br><b>diverged</b>"
        if broke:
            label += f" ({broke} diverged)" if np.isfinite(acc).any() else ""
        seed_bar(fig, label, acc, SCALE_COLOR[scale], scale, HATCH if scale == SCALES[0] else "")
    chance_line(fig, 1 / classes)
    percent_axis(fig)
    fig.update_yaxes(title="validation accuracy after training")
    return layout(fig, height=320)


def value_histograms(values: dict[str, np.ndarray]) -> go.Figure:
    """Histogram of input values for each scale: note the x axes, they differ by a factor of 255."""
    fig = make_subplots(rows=1, cols=len(values), subplot_titles=list(values))
    for col, (scale, v) in enumerate(values.items(), 1):
        fig.add_histogram(x=v, nbinsx=40, marker_color=SCALE_COLOR.get(scale, palette.BLUE), showlegend=False,
                          row=1, col=col)
        fig.update_xaxes(title="input value", row=1, col=col)
    log_axis(fig)
    fig.update_yaxes(title="pixels (log scale)", row=1, col=1)
    return layout(fig, height=280)


def missing_bars(result: MissingResult) -> go.Figure:
    """Per way of handling gaps: accuracy on the test rows it answers, and the share of test rows it answers."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("accuracy on the test rows it answers",
                                                       "test rows it can answer at all"), horizontal_spacing=0.08)
    for name in IMPUTERS:
        color, shape = (palette.ORANGE, HATCH) if name == "drop rows" else (palette.BLUE, "")
        seed_bar(fig, name, result.accuracy[name], color, name, shape, row=1, col=1)
        seed_bar(fig, name, result.coverage[name], color, name, shape, row=1, col=2)
        if not np.isfinite(result.accuracy[name]).any():
            fig.add_annotation(x=name, y=0.05, text="no complete<br>rows", showarrow=False, row=1, col=1)
    percent_axis(fig)
    return layout(fig, height=340)


def encoding_bars(seeds: EncodingSeeds) -> go.Figure:
    """Train and test accuracy of the same small network on each encoding: mean over seeds ± one spread."""
    names = list(seeds.runs[0].encodings)
    fig = go.Figure()
    for split in ("train", "test"):
        acc = [seeds.accuracy(n, split) for n in names]
        color = palette.SPLIT_COLOR[split]
        fig.add_bar(x=names, y=[a.mean() for a in acc], name=split,
                    marker=dict(color=color, pattern=pattern(SPLIT_PATTERN[split])),
                    error_y=dict(type="data", array=[noise.spread(a) for a in acc], color=palette.CONTEXT),
                    text=[f"{a.mean():.0%}" for a in acc], textposition="inside", insidetextanchor="middle",
                    hovertemplate="%{x}: %{y:.1%}<extra>" + split + "</extra>")
    chance_line(fig, 0.5, "guessing")
    percent_axis(fig)
    fig.update_yaxes(title="accuracy")
    return layout(fig, barmode="group")


def embedding_scatter(result: EncodingResult, names: Sequence[str]) -> go.Figure:
    """The city vectors the network learnt, coloured by each city's share of positive labels in training."""
    v = result.embedding
    y = v[:, 1] if v.shape[1] > 1 else np.zeros(len(v))
    seen = np.isfinite(result.city_rate)
    fig = go.Figure(go.Scatter(
        x=v[seen, 0], y=y[seen], mode="markers", text=np.asarray(names)[seen],
        marker=dict(size=9, color=result.city_rate[seen], colorscale=palette.DIVERGING, cmin=0, cmax=1,
                    line=dict(color=palette.CONTEXT, width=1), colorbar=dict(title="share<br>who left")),
        hovertemplate="%{text}<extra></extra>"))
    fig.update_xaxes(title="embedding 1")
    fig.update_yaxes(title="embedding 2" if v.shape[1] > 1 else "")
    return layout(fig, height=340)


def small_data_results(result: SmallDataResult) -> go.Figure:
    """Mean test accuracy per model (pale bar ± one spread) and each repeat (dot); the network is orange."""
    fig = go.Figure()
    for m in result.ranking:
        acc = result.accuracy[m]
        network = m == "neural network"
        seed_bar(fig, f"{m}<br><b>{acc.mean():.1%}</b>", acc, palette.ORANGE if network else palette.BLUE, m,
                 HATCH if network else "")
    chance_line(fig, 1 / result.classes)
    percent_axis(fig)
    fig.update_yaxes(title="test accuracy")
    return layout(fig, height=320)
