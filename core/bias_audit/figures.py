"""Plotly figures for the bias audit: fair bands, group bars, recall heatmap, reliability, trade-offs."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.bias_audit.fairness import METRICS, Calibration, FairnessReport

GROUP_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")
FAIR, UNFAIR, BAND = "#2ca02c", "#d62728", "rgba(44,160,44,0.15)"


def fair_bands(report: FairnessReport) -> go.Figure:
    """Each metric as a dot on its own axis, the fair band shaded green, the ideal value dotted."""
    fig = make_subplots(rows=len(METRICS), cols=1, vertical_spacing=0.12,
                        subplot_titles=[m.name for m in METRICS])
    for row, metric in enumerate(METRICS, 1):
        value = report.values[metric.key]
        lo, hi = metric.band
        shown = value if np.isfinite(value) else metric.ideal
        span = max(abs(shown - metric.ideal), hi - metric.ideal, metric.ideal - lo) * 1.6
        fig.add_trace(go.Scatter(  # the dot first: plotly skips shapes on subplots without data
            x=[shown], y=[0], mode="markers+text", text=[f"{value:+.3f}" if metric.ideal == 0 else f"{value:.3f}"],
            textposition="middle right", marker=dict(size=14, color=FAIR if metric.is_fair(value) else UNFAIR),
            showlegend=False, hovertemplate=f"{metric.name}: %{{x:.3f}}<br>fair band [{lo}, {hi}]<extra></extra>"),
            row=row, col=1)
        fig.add_vrect(x0=lo, x1=hi, fillcolor=BAND, line_width=0, layer="below", row=row, col=1)
        fig.add_vline(x=metric.ideal, line_dash="dot", line_color="gray", row=row, col=1)
        fig.update_xaxes(range=[metric.ideal - span, metric.ideal + span], row=row, col=1)
        fig.update_yaxes(visible=False, range=[-1, 1], row=row, col=1)
    fig.update_layout(height=105 * len(METRICS) + 40, margin=dict(l=10, r=10, t=30, b=10))
    return fig


def group_bars(table: pd.DataFrame, columns: Sequence[str], title: str = "") -> go.Figure:
    """Grouped bars: one cluster per column (a rate in [0, 1]), one bar per group."""
    fig = go.Figure()
    for i, (group, row) in enumerate(table.iterrows()):
        fig.add_trace(go.Bar(x=list(columns), y=[row[c] for c in columns], name=str(group),
                             marker_color=GROUP_COLORS[i % len(GROUP_COLORS)],
                             text=[f"{row[c]:.2f}" for c in columns], textposition="outside"))
    fig.update_layout(barmode="group", height=330, margin=dict(l=10, r=10, t=40 if title else 10, b=10),
                      title=title or None, yaxis=dict(range=[0, 1.12], title="rate"),
                      legend=dict(orientation="h", y=-0.15))
    return fig


def recall_heatmap(recall: pd.DataFrame) -> go.Figure:
    """Recall of each digit (columns) in each group (rows); a red cell is a digit that group loses."""
    z = recall.to_numpy(dtype=float)
    fig = go.Figure(go.Heatmap(z=z, x=[str(c) for c in recall.columns], y=[str(g) for g in recall.index],
                               colorscale="RdYlGn", zmin=min(0.5, float(np.nanmin(z))), zmax=1, text=z,
                               texttemplate="%{text:.2f}", colorbar=dict(title="recall"),
                               hovertemplate="%{y}, digit %{x}: recall %{z:.3f}<extra></extra>"))
    fig.update_layout(height=230, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(title="true digit", type="category"), yaxis=dict(type="category"))
    return fig


def reliability(cal: Calibration) -> go.Figure:
    """Accuracy against confidence per bin and group; the diagonal is perfect calibration."""
    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line=dict(dash="dot", color="gray"),
                               name="perfectly calibrated"))
    for i, (group, bins) in enumerate(cal.bins.items()):
        fig.add_trace(go.Scatter(
            x=bins["confidence"], y=bins["accuracy"], mode="lines+markers", name=f"{group} (ECE {cal.ece[group]:.3f})",
            marker=dict(size=np.clip(np.sqrt(bins["count"]) * 1.5, 5, 22), color=GROUP_COLORS[i]),
            line_color=GROUP_COLORS[i], customdata=bins["count"],
            hovertemplate="confidence %{x:.2f} → accuracy %{y:.2f} (%{customdata} images)<extra></extra>"))
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.2),
                      xaxis=dict(title="confidence (max softmax)", range=[0, 1.02]),
                      yaxis=dict(title="accuracy", range=[0, 1.02]))
    return fig


def gap_vs_share(points: pd.DataFrame) -> go.Figure:
    """The learner's runs: the subgroup's share of training (log axis) against the accuracy gap."""
    fig = go.Figure()
    for i, (style, part) in enumerate(points.sort_values("share").groupby("style", sort=False)):
        fig.add_trace(go.Scatter(x=part["share"] * 100, y=part["gap"] * 100, mode="lines+markers", name=style,
                                 marker=dict(size=10, color=GROUP_COLORS[(i + 1) % len(GROUP_COLORS)]),
                                 hovertemplate="%{x}% of training → gap %{y:.1f} points<extra></extra>"))
    fig.add_hline(y=0, line_dash="dot", line_color="gray")
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.25),
                      xaxis=dict(title="subgroup's share of training images (%)", type="log",
                                 range=[np.log10(65), np.log10(0.8)], tickvals=[1, 2, 5, 10, 20, 30, 50]),
                      yaxis=dict(title="accuracy gap (points)"))
    return fig


def group_sizes(summary: pd.DataFrame) -> go.Figure:
    """Bars of group size with each group's base rate written on top."""
    fig = go.Figure(go.Bar(x=[str(g) for g in summary.index], y=summary["size"],
                           marker_color=[GROUP_COLORS[i % len(GROUP_COLORS)] for i in range(len(summary))],
                           text=[f"{n:,} · {r:.0%} released"
                                 for n, r in zip(summary["size"], summary["base_rate"], strict=True)],
                           textposition="outside"))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=10, b=10), yaxis=dict(title="arrests",
                      range=[0, summary["size"].max() * 1.2]))
    return fig


def score_histograms(scores: np.ndarray, y: np.ndarray, groups: np.ndarray,
                     thresholds: dict[str, float]) -> go.Figure:
    """What-If style: each group's score distribution, split by true label, with its own cut-off line."""
    names = sorted(thresholds)
    fig = make_subplots(rows=len(names), cols=1, shared_xaxes=True, vertical_spacing=0.16,
                        subplot_titles=[f"{g}: release when score ≥ {thresholds[g]:.2f}" for g in names])
    for row, g in enumerate(names, 1):
        for label, name, color in ((1, "released in reality", FAIR), (0, "held in reality", UNFAIR)):
            s = scores[(groups == g) & (y == label)]
            fig.add_trace(go.Histogram(x=s, xbins=dict(start=0, end=1, size=0.05), name=name, marker_color=color,
                                       opacity=0.6, legendgroup=name, showlegend=row == 1), row=row, col=1)
        fig.add_vline(x=thresholds[g], line_width=3, line_color="black", row=row, col=1)
    fig.update_layout(barmode="overlay", height=170 * len(names) + 90, margin=dict(l=10, r=10, t=70, b=10),
                      legend=dict(orientation="h", y=1.0, yanchor="top", yref="container"))
    fig.update_xaxes(title_text="model score P(released)", range=[0, 1], row=len(names), col=1)
    return fig


def tradeoff(points: pd.DataFrame, disparity_name: str) -> go.Figure:
    """Balanced accuracy against disparity per model; arrows lead from the baseline to each fix."""
    fig = go.Figure()
    base = points.iloc[0]
    for i, (_, row) in enumerate(points.iterrows()):
        if i:
            fig.add_annotation(x=row["disparity"], y=row["balanced accuracy"], ax=base["disparity"],
                               ay=base["balanced accuracy"], xref="x", yref="y", axref="x", ayref="y",
                               showarrow=True, arrowhead=3, arrowcolor="lightgray", text="")
        fig.add_trace(go.Scatter(x=[row["disparity"]], y=[row["balanced accuracy"]], mode="markers",
                                 name=f"{row['model']} ({row['stage']})", marker=dict(size=14, color=GROUP_COLORS[i]),
                                 hovertemplate="disparity %{x:.3f}, balanced accuracy %{y:.3f}<extra></extra>"))
    fig.add_vrect(x0=0, x1=0.1, fillcolor=BAND, line_width=0, layer="below")
    top = max(0.2, float(points["disparity"].max()) * 1.2)
    low = min(0.5, float(points["balanced accuracy"].min()) - 0.05)
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.2),
                      xaxis=dict(title=f"{disparity_name} (lower is fairer)", range=[0, top]),
                      yaxis=dict(title="balanced accuracy (higher is better)", range=[low, 1]))
    return fig
