"""Plotly figures for the bias audit: fair bands, group bars, recall by digit, reliability, trade-offs.

Colours follow `core.palette`: two groups are blue and orange (and circle and cross), more groups take
`palette.SERIES`; "inside the fair band" is blue, "outside" orange, and both say so in words; a
reference (chance, the ideal value, the default settings) is grey. Every group also has its own
marker or bar pattern, so no chart leans on colour alone. Rates are drawn on 0–100% axes.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import palette
from core.bias_audit.fairness import METRICS, Calibration, FairnessReport
from core.figures import integer_axis, log_axis, percent_axis, zero_based

SYMBOLS = ("circle", "x", "diamond", "square", "triangle-up", "star")  # one per group, in order
PATTERNS = ("", "/", ".", "x", "-", "\\")  # bar fills, one per group, in order
BAND = palette.mix(palette.GREY, share=0.75)  # the fair band: a pale grey, labelled in words
FAINT = 0.65  # how far a seed's own line is paled towards the paper


def group_styles(groups: Sequence) -> dict[str, tuple[str, str, str]]:
    """Each group's (colour, marker, bar pattern): blue/orange for two groups, `SERIES` for more."""
    groups = [str(g) for g in groups]
    colors = palette.PAIR if len(groups) <= 2 else palette.SERIES
    return {g: (colors[i % len(colors)], SYMBOLS[i % len(SYMBOLS)], PATTERNS[i % len(PATTERNS)])
            for i, g in enumerate(groups)}


def text_on(color: str) -> str:
    """Ink or paper, whichever reads better on a bar of `color` (by its relative luminance)."""
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return palette.INK if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else palette.PAPER


def hatch(shape) -> dict:
    """A bar's pattern drawn in paper-coloured lines over its own colour, so the colour stays whole."""
    return dict(shape=shape, fillmode="overlay", fgcolor=palette.PAPER, fgopacity=0.8, size=7, solidity=0.25)


def fair_bands(report: FairnessReport) -> go.Figure:
    """Each metric as a point on its own axis, the fair band shaded grey, the ideal value dotted.

    Inside the band: a blue circle marked "fair"; outside: an orange cross marked "outside the band".
    """
    titles = [f"{m.name} · fair band {m.band[0]:g} to {m.band[1]:g}" for m in METRICS]
    fig = make_subplots(rows=len(METRICS), cols=1, vertical_spacing=0.12, subplot_titles=titles)
    shapes = []
    for row, metric in enumerate(METRICS, 1):
        n = "" if row == 1 else str(row)  # plotly names the first subplot's axes x and y, then x2, y2, ...
        value = report.values[metric.key]
        lo, hi = metric.band
        fair = metric.is_fair(value)
        shown = value if np.isfinite(value) else metric.ideal
        span = max(abs(shown - metric.ideal), hi - metric.ideal, metric.ideal - lo) * 1.6
        number = f"{value:+.3f}" if metric.ideal == 0 else f"{value:.3f}"
        fig.add_trace(go.Scatter(
            x=[shown], y=[0], mode="markers+text", text=[f"{number} · {'fair' if fair else 'outside the band'}"],
            textposition="top center", xaxis=f"x{n}", yaxis=f"y{n}",
            marker=dict(size=14, color=palette.BLUE if fair else palette.ORANGE,
                        symbol="circle" if fair else "x", line=dict(width=0)),
            showlegend=False, hovertemplate=f"{metric.name}: %{{x:.3f}}<br>fair band [{lo}, {hi}]<extra></extra>"))
        axis = {"xref": f"x{n}", "yref": f"y{n} domain", "y0": 0, "y1": 1}
        shapes += [dict(type="rect", x0=lo, x1=hi, fillcolor=BAND, line_width=0, layer="below", **axis),
                   dict(type="line", x0=metric.ideal, x1=metric.ideal, line=dict(dash="dot", color=palette.GREY),
                        **axis)]
        fig.layout[f"xaxis{n}"].range = [metric.ideal - span, metric.ideal + span]
        fig.layout[f"yaxis{n}"].update(visible=False, range=[-1, 1])
    # shapes and axes set in one go: add_vrect per subplot costs a slider's rerun a third of a second
    fig.update_layout(shapes=shapes, height=105 * len(METRICS) + 40, margin=dict(l=10, r=10, t=30, b=10))
    return fig


def group_bars(table: pd.DataFrame, columns: Sequence[str], spread: pd.DataFrame | None = None,
               title: str = "") -> go.Figure:
    """Grouped bars from zero: one cluster per column (a rate in [0, 1]), one bar per group.

    `spread` (optional) has a (group, column) MultiIndex row per group and columns "low" and "high":
    the range over seeds, drawn as error bars.
    """
    fig = go.Figure()
    for group, (color, _, pattern) in group_styles(table.index).items():
        row = table.loc[group]
        err = None
        if spread is not None:
            low = [row[c] - spread.loc[(group, c), "low"] if (group, c) in spread.index else 0 for c in columns]
            high = [spread.loc[(group, c), "high"] - row[c] if (group, c) in spread.index else 0 for c in columns]
            err = dict(type="data", symmetric=False, array=high, arrayminus=low, color=palette.INK, thickness=1)
        fig.add_trace(go.Bar(x=list(columns), y=[row[c] for c in columns], name=group, error_y=err,
                             marker=dict(color=color, pattern=hatch(pattern)),
                             text=[f"{row[c]:.0%}" for c in columns], textposition="inside",
                             insidetextanchor="start", textfont=dict(color=text_on(color)), cliponaxis=False))
    fig.update_layout(barmode="group", height=330, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      title=title or None, yaxis_title="rate", legend=dict(orientation="h", y=-0.15))
    return percent_axis(fig)


def recall_by_digit(recall: pd.DataFrame) -> go.Figure:
    """Recall of each digit (x) for each group: a grey segment joins the groups, so a long one is a digit lost."""
    digits = [str(c) for c in recall.columns]
    fig = go.Figure()
    low, high = recall.min().to_numpy(float), recall.max().to_numpy(float)
    fig.add_trace(go.Scatter(x=np.repeat(digits, 3), y=np.ravel(np.c_[low, high, np.full_like(low, np.nan)]),
                             mode="lines", line=dict(color=palette.GREY, width=2), hoverinfo="skip",
                             showlegend=False))
    for group, (color, symbol, _) in group_styles(recall.index).items():
        fig.add_trace(go.Scatter(x=digits, y=recall.loc[group].to_numpy(float), mode="markers", name=group,
                                 marker=dict(size=11, color=color, symbol=symbol),
                                 hovertemplate=f"{group}, digit %{{x}}: recall %{{y:.1%}}<extra></extra>"))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.25),
                      xaxis=dict(title="true digit", type="category"), yaxis_title="recall")
    return percent_axis(fig)


def reliability(cal: Calibration) -> go.Figure:
    """Accuracy against confidence per bin and group; the diagonal is perfect calibration."""
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line=dict(dash="dot", color=palette.GREY),
                               name="perfectly calibrated"))
    for group, (color, symbol, _) in group_styles(cal.bins).items():
        bins = cal.bins[group]
        fig.add_trace(go.Scatter(
            x=bins["confidence"], y=bins["accuracy"], mode="lines+markers", name=f"{group} (ECE {cal.ece[group]:.3f})",
            marker=dict(size=np.clip(np.sqrt(bins["count"]) * 1.5, 6, 22), color=color, symbol=symbol),
            line_color=color, customdata=bins["count"],
            hovertemplate="confidence %{x:.0%} → accuracy %{y:.0%} (%{customdata} images)<extra></extra>"))
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.2),
                      xaxis_title="confidence (max softmax)", yaxis_title="accuracy")
    return percent_axis(percent_axis(fig, "x"))


def gap_vs_share(points: pd.DataFrame, reference: pd.DataFrame | None = None, label: str = "your runs") -> go.Figure:
    """The subgroup's share of training (log axis, rarer to the right) against the accuracy gap in points.

    `points` has columns share, gap and seed: one faint line per seed and, with several seeds, their
    mean in bold (named `label` when there is one seed). `reference` (optional, the same columns) is
    drawn as a grey dashed mean: the default settings, to compare the learner's own runs with.
    """
    fig = go.Figure()
    if reference is not None and len(reference):
        mean = reference.groupby("share")["gap"].mean().sort_index()
        fig.add_trace(go.Scatter(x=mean.index * 100, y=mean * 100, mode="lines+markers",
                                 name=f"default settings, mean of {reference['seed'].nunique()} seeds",
                                 line=dict(color=palette.GREY, dash="dash"), marker=dict(symbol="square", size=7),
                                 hovertemplate="default: %{x}% of training → gap %{y:.1f} points<extra></extra>"))
    seeds = sorted(points["seed"].unique()) if len(points) else []
    for i, seed in enumerate(seeds if len(seeds) > 1 else []):
        part = points[points["seed"] == seed].sort_values("share")
        fig.add_trace(go.Scatter(x=part["share"] * 100, y=part["gap"] * 100, mode="lines",
                                 line=dict(color=palette.mix(palette.BLUE, share=FAINT), width=1),
                                 name="each seed", legendgroup="seed", showlegend=i == 0,
                                 hovertemplate=f"seed {seed}: %{{x}}% → gap %{{y:.1f}} points<extra></extra>"))
    if len(points):
        mean = points.groupby("share")["gap"].mean().sort_index()
        fig.add_trace(go.Scatter(
            x=mean.index * 100, y=mean * 100, mode="lines+markers+text", text=[f"{s:.0%}" for s in mean.index],
            textposition="top center", name="mean of the seeds" if len(seeds) > 1 else label,
            line=dict(color=palette.BLUE, width=3), marker=dict(size=10, color=palette.BLUE),
            hovertemplate="%{x}% of training → gap %{y:.1f} points<extra></extra>"))
    fig.add_hline(y=0, line_dash="dot", line_color=palette.GREY, annotation_text="no gap",
                  annotation_position="bottom left")
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.25),
                      xaxis=dict(title="subgroup's share of training images (log scale, rarer to the right)",
                                 range=[np.log10(70), np.log10(0.7)], ticksuffix="%"),
                      yaxis_title="accuracy gap (points)")
    return log_axis(fig, "x")


def square_pixels(grid: go.Figure) -> go.Figure:
    """An image grid whose pixels stay square: each subplot's y axis keeps the scale of its x axis."""
    for name in grid.layout:
        if name.startswith("yaxis"):
            grid.layout[name].update(scaleanchor="x" + name[5:], constrain="domain")
    return grid


def group_sizes(summary: pd.DataFrame) -> go.Figure:
    """Bars of group size from zero, with each group's base rate written on top."""
    styles = group_styles(summary.index)
    fig = go.Figure(go.Bar(x=[str(g) for g in summary.index], y=summary["size"],
                           marker=dict(color=[c for c, _, _ in styles.values()],
                                       pattern=hatch([p for *_, p in styles.values()])),
                           text=[f"{n:,} · {r:.0%} released"
                                 for n, r in zip(summary["size"], summary["base_rate"], strict=True)],
                           textposition="outside", cliponaxis=False))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=20, b=10), yaxis_title="arrests")
    return integer_axis(zero_based(fig), "y")


def score_histograms(scores: np.ndarray, y: np.ndarray, groups: np.ndarray,
                     thresholds: dict[str, float]) -> go.Figure:
    """What-If style: each group's score distribution, split by true label, with its own cut-off line.

    Released in reality (class 1) is blue and solid, held (class 0) orange and hatched; the cut-off
    is the slate of a control's value.
    """
    names = sorted(thresholds)
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, vertical_spacing=0.16,
                        subplot_titles=[f"{g}: release when score ≥ {thresholds[g]:.2f}" for g in names])
    for row, g in enumerate(names, 1):
        for label, name, color, pattern in ((1, "released in reality", palette.BLUE, ""),
                                            (0, "held in reality", palette.ORANGE, "/")):
            s = scores[(groups == g) & (y == label)]
            fig.add_trace(go.Histogram(x=s, xbins=dict(start=0, end=1, size=0.05), name=name, opacity=0.65,
                                       marker=dict(color=color, pattern=hatch(pattern)),
                                       legendgroup=name, showlegend=row == 1), row=row, col=1)
        fig.add_vline(x=thresholds[g], line_width=3, line_color=palette.SLATE, row=row, col=1)
    fig.update_layout(barmode="overlay", height=170 * len(names) + 90, margin=dict(l=10, r=10, t=70, b=10),
                      legend=dict(orientation="h", y=1.0, yanchor="top", yref="container"))
    fig.update_xaxes(title_text="model score P(released)", range=[0, 1], row=len(names), col=1)
    fig.update_yaxes(title_text="arrests", tickformat="d", rangemode="tozero")
    return fig


def tradeoff(summary: pd.DataFrame, disparity_name: str, seeds: pd.DataFrame | None = None) -> go.Figure:
    """Each model's disparity (left) and balanced accuracy (right) as bars from zero, the baseline on top.

    `summary` has one row per model (the baseline first) with the mean "disparity" and "balanced
    accuracy" and, optionally, their ranges over seeds ("disparity low/high", "balanced accuracy
    low/high"), drawn as whiskers. `seeds` (optional): every seed's own value, as faint dots.
    The baseline is grey (the reference), every fix blue; the models are named on the axis.
    """
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06,
                        subplot_titles=[f"{disparity_name} (lower is fairer)", "balanced accuracy (higher is better)"])
    models = [str(m) for m in summary.index]
    colors = [palette.GREY] + [palette.BLUE] * (len(models) - 1)
    for col, (column, shown) in enumerate((("disparity", "{:.2f}"), ("balanced accuracy", "{:.0%}")), 1):
        err = None
        if f"{column} low" in summary:
            err = dict(type="data", symmetric=False, array=summary[f"{column} high"] - summary[column],
                       arrayminus=summary[column] - summary[f"{column} low"], color=palette.INK, thickness=1.5)
        fig.add_trace(go.Bar(y=models, x=summary[column], orientation="h", marker_color=colors, error_x=err,
                             text=[shown.format(v) for v in summary[column]], textposition="auto",
                             insidetextanchor="start", showlegend=False, name=column, cliponaxis=False,
                             hovertemplate=f"%{{y}}: {column} %{{x:.3f}} (mean over seeds)<extra></extra>"),
                      row=1, col=col)
        if seeds is not None:
            fig.add_trace(go.Scatter(y=seeds["model"], x=seeds[column], mode="markers", showlegend=col == 1,
                                     name="one seed", legendgroup="seed",
                                     marker=dict(size=7, color=palette.PAPER, line=dict(color=palette.INK, width=1)),
                                     hovertemplate=f"one seed: {column} %{{x:.3f}}<extra></extra>"), row=1, col=col)
    top = summary["disparity high"] if "disparity high" in summary else summary["disparity"]
    fig.add_vrect(x0=0, x1=0.1, fillcolor=BAND, line_width=0, layer="below", annotation_text="fair band",
                  annotation_position="bottom right", row=1, col=1)
    fig.add_vline(x=0.5, line_dash="dot", line_color=palette.GREY, annotation_text="chance",
                  annotation_position="bottom left", row=1, col=2)
    fig.update_xaxes(range=[0, max(0.2, float(top.max()) * 1.1)], row=1, col=1)
    fig.update_xaxes(tickformat=".0%", range=[0, 1.02], row=1, col=2)
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_layout(height=120 + 55 * len(models), margin=dict(l=10, r=10, t=30, b=10), bargap=0.35,
                      legend=dict(orientation="h", y=-0.15))
    return fig


def bands_table(report: FairnessReport) -> pd.DataFrame:
    """The numbers behind `fair_bands`: each criterion's value, its fair band and whether it sits inside."""
    fair = report.fair()
    return pd.DataFrame([{"criterion": m.name, "value": round(report.values[m.key], 3), "band from": m.band[0],
                          "band to": m.band[1], "inside the band": "yes" if fair[m.key] else "no"}
                         for m in METRICS]).set_index("criterion")
