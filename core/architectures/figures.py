"""Plotly pictures for the Playground: decision boundary, neuron images, network diagram, curves.

Colours follow TensorFlow Playground: blue for positive (class 1), orange for negative
(class 0), white for undecided; further classes get their own colours.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots  # only for the three-panel comparison

from core.architectures.playground import EpochStats
from core.architectures.points import DOMAIN, FEATURE_LABELS, PlaygroundData
from core.architectures.views import Snapshot

BLUE, ORANGE = "#0877bd", "#f59322"


def _mix(hex_color: str, white: float) -> str:
    """`hex_color` blended with `white` parts of white."""
    rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
    r, g, b = (rgb + (255 - rgb) * white).round().astype(int)
    return f"rgb({r},{g},{b})"


CLASS_COLORS = (ORANGE, BLUE, "#2ca02c", "#9467bd", "#d62728")  # class 0, 1, 2, …
DIVERGING = [[0.0, ORANGE], [0.5, "#f7f7f7"], [1.0, BLUE]]
PALE = [[0.0, _mix(ORANGE, 0.45)], [0.5, "#f7f7f7"], [1.0, _mix(BLUE, 0.45)]]  # background, so points stand out
TRAIN_COLOR, TEST_COLOR, VAL_COLOR = "#1f77b4", "#ff7f0e", "#2ca02c"


def class_colorscale(classes: int) -> list:
    """Class k owns z ∈ [k, k+1): pale where the network is unsure, strong where it is certain."""
    scale = []
    for k in range(classes):
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        end = 1.0 if k == classes - 1 else (k + 0.999) / classes  # Plotly needs the last stop at exactly 1
        scale += [[k / classes, _mix(color, 0.9)], [end, _mix(color, 0.45)]]
    return scale


def _discrete(classes: int) -> list:
    """One flat colour per class, for markers coloured by class index (cmin −0.5, cmax classes − 0.5)."""
    colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(classes)]
    return [stop for k, c in enumerate(colors) for stop in ([k / classes, c], [(k + 1) / classes, c])]


def decision_boundary(snap: Snapshot, data: PlaygroundData, show_test: bool = True) -> go.Figure:
    """The network's output over the plane, with training points (white ring) and test points (black ring)."""
    if snap.task == "multiclass":
        heat = go.Heatmap(z=snap.output, x=snap.axis, y=snap.axis, colorscale=class_colorscale(snap.classes),
                          zmin=0, zmax=snap.classes, showscale=False, hoverinfo="skip")
    else:
        low = 0.0 if snap.task == "binary" else -1.0
        heat = go.Heatmap(z=snap.output, x=snap.axis, y=snap.axis, colorscale=PALE, zmin=low, zmax=1.0,
                          colorbar=dict(title=dict(text="P(blue)" if snap.task == "binary" else "output",
                                                   side="right"), thickness=12),
                          hovertemplate="x₁ %{x:.2f}, x₂ %{y:.2f}: %{z:.2f}<extra></extra>")
    fig = go.Figure(heat)
    # TensorFlow Playground's rings: white for training points, black for test points (grey where the fill is
    # often near white, as for regression targets close to 0)
    splits = [("train", data.train_x, data.train_y, "#777" if snap.task == "regression" else "white")]
    if show_test:
        splits.append(("test", data.test_x, data.test_y, "black"))
    classes = 2 if snap.task == "binary" else snap.classes
    for name, x, y, ring in splits:
        x, y = x.numpy(), y.numpy().astype(np.float32)
        marker = dict(size=7, color=y, line=dict(color=ring, width=1.2))
        if snap.task == "regression":
            marker.update(colorscale=DIVERGING, cmin=-1, cmax=1)
        else:
            marker.update(colorscale=_discrete(classes), cmin=-0.5, cmax=classes - 0.5)
        label = "%{marker.color:.2f}" if snap.task == "regression" else "class %{marker.color}"
        fig.add_trace(go.Scatter(x=x[:, 0], y=x[:, 1], mode="markers", name=f"{name} points", marker=marker,
                                 hovertemplate=f"{name} point: {label}<extra></extra>"))
    fig.update_xaxes(range=[-DOMAIN, DOMAIN], title_text="x₁", constrain="domain")
    fig.update_yaxes(range=[-DOMAIN, DOMAIN], title_text="x₂", scaleanchor="x", constrain="domain")
    fig.update_layout(height=430, margin=dict(l=10, r=10, t=10, b=10),
                      legend=dict(orientation="h", y=-0.15, x=0))
    return fig


def neuron_mosaic(snap: Snapshot, per_row: int = 16, gap: int = 2) -> go.Figure:
    """Every neuron as a small image of its value over the plane: one band per layer.

    Each image is scaled by its own largest |value|, so a ReLU neuron's pattern shows as
    clearly as a tanh neuron's; blue is positive, orange negative.
    """
    r = snap.layers[0].shape[-1]
    cell = r + gap
    bands = []  # (layer name, row offset, images)
    rows = 0
    for name, images in zip(snap.layer_names, snap.layers, strict=True):
        bands.append((name, rows, images))
        rows += -(-len(images) // per_row)
    cols = min(per_row, max(len(images) for images in snap.layers))
    canvas = np.full((rows * cell, cols * cell), np.nan, dtype=np.float32)
    for _, row0, images in bands:
        for j, image in enumerate(images):
            scale = np.abs(image).max()
            top, left = (row0 + j // per_row) * cell, (j % per_row) * cell
            canvas[top:top + r, left:left + r] = (image / scale if scale > 0 else image)[::-1]  # row 0 = top = +x₂
    fig = go.Figure(go.Heatmap(z=canvas, colorscale=DIVERGING, zmin=-1, zmax=1, showscale=False,
                               hoverinfo="skip"))
    tick_rows = [(row0 * cell + r / 2, name) for name, row0, _ in bands]
    fig.update_yaxes(autorange="reversed", tickvals=[t for t, _ in tick_rows], ticktext=[n for _, n in tick_rows],
                     showgrid=False, zeroline=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    height = min(760 * rows / cols, 70 * rows)  # tiles keep their square shape in a ~800 px wide column
    fig.update_layout(height=int(height) + 30, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white")
    return fig


def _edge_traces(xs: list[float], ys: list[np.ndarray], weights: list[np.ndarray]) -> list[go.Scatter]:
    """Edges grouped by sign and by |w| into a few traces (Plotly gives one width per trace); NaN breaks lines."""
    largest = max((np.abs(w).max() for w in weights if w.size), default=1.0) or 1.0
    x0, x1, y0, y1, w = [], [], [], [], []
    for layer, wl in enumerate(weights):
        out_idx, in_idx = np.indices(wl.shape)  # (out, in) each
        x0.append(np.full(wl.size, xs[layer]))
        x1.append(np.full(wl.size, xs[layer + 1]))
        y0.append(ys[layer][in_idx.ravel()])
        y1.append(ys[layer + 1][out_idx.ravel()])
        w.append(wl.ravel())
    x0, x1, y0, y1, w = (np.concatenate(a).astype(np.float32) for a in (x0, x1, y0, y1, w))
    bucket = np.minimum(4, (5 * np.abs(w) / largest).astype(int))
    traces = []
    for positive in (False, True):
        for b in range(5):
            keep = (bucket == b) & ((w >= 0) == positive)
            if not keep.any():
                continue
            gap = np.full(keep.sum(), np.nan, dtype=np.float32)
            traces.append(go.Scatter(
                x=np.stack([x0[keep], x1[keep], gap], 1).ravel(), y=np.stack([y0[keep], y1[keep], gap], 1).ravel(),
                mode="lines", hoverinfo="skip", showlegend=False, opacity=0.35 + 0.15 * b,
                line=dict(color=BLUE if positive else ORANGE, width=0.6 + 1.6 * b)))
    return traces


def network_diagram(snap: Snapshot, feature_names: Sequence[str]) -> go.Figure:
    """Neurons as dots, weights as lines: blue positive, orange negative, thicker = larger |w|."""
    sizes = [snap.weights[0].shape[1], *[w.shape[0] for w in snap.weights]]
    xs = list(range(len(sizes)))
    ys = [(n - 1) / 2 - np.arange(n) for n in sizes]
    fig = go.Figure(_edge_traces(xs, ys, snap.weights))
    labels = [[FEATURE_LABELS.get(f, f) for f in feature_names]]
    for layer, n in enumerate(sizes[1:], 1):
        name = "output" if layer == len(sizes) - 1 else f"layer {layer}"
        labels.append([f"{name}, neuron {j + 1}<br>bias {snap.biases[layer - 1][j]:+.2f}" for j in range(n)])
    for layer, n in enumerate(sizes):
        bias = snap.biases[layer - 1] if layer else np.zeros(n)
        fig.add_trace(go.Scatter(
            x=[xs[layer]] * n, y=ys[layer], mode="markers+text" if layer == 0 else "markers",
            text=labels[0] if layer == 0 else None, textposition="middle left", hovertext=labels[layer],
            hoverinfo="text", showlegend=False,
            marker=dict(size=16 if n <= 16 else 10, color=bias, colorscale=DIVERGING, cmin=-2, cmax=2,
                        line=dict(color="#444", width=1))))
    layer_names = ["inputs", *[f"layer {i}" for i in range(1, len(sizes) - 1)], "output"]
    fig.update_xaxes(tickvals=xs, ticktext=layer_names, showgrid=False, zeroline=False, range=[-0.8, xs[-1] + 0.4])
    fig.update_yaxes(visible=False)
    fig.update_layout(height=max(260, 16 * max(sizes) + 60), margin=dict(l=10, r=10, t=10, b=10),
                      plot_bgcolor="white")
    return fig


def loss_curves(history: Sequence[EpochStats], task: str, best_epoch: int = -1, points: int = 600) -> go.Figure:
    """Train and test loss, and the score (accuracy or R²), against epochs; long runs are thinned to `points`."""
    history = list(history)[::max(1, -(-len(history) // points))] + list(history[-1:])
    score_name = "R²" if task == "regression" else "accuracy"
    x = [h.epoch for h in history]
    fig = go.Figure()
    series = ((("train_loss", "test_loss", "val_loss"), "x", "y"), (("train_score", "test_score", None), "x2", "y2"))
    names, colors = ("train", "test", "validation"), (TRAIN_COLOR, TEST_COLOR, VAL_COLOR)
    for keys, xaxis, yaxis in series:
        for key, name, color in zip(keys, names, colors, strict=True):
            if key is None or np.isnan(getattr(history[0], key)):
                continue
            fig.add_trace(go.Scatter(x=x, y=[getattr(h, key) for h in history], name=name, mode="lines",
                                     line_color=color, legendgroup=name, showlegend=xaxis == "x",
                                     xaxis=xaxis, yaxis=yaxis))
    if best_epoch >= 0:
        for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):
            fig.add_shape(type="line", x0=best_epoch, x1=best_epoch, y0=0, y1=1, xref=xref, yref=yref,
                          line=dict(color=VAL_COLOR, dash="dot"))
    panels = (("Loss (data term only)", 0.225), (score_name.capitalize(), 0.775))
    titles = [dict(text=text, x=x0, y=1.0, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                   showarrow=False) for text, x0 in panels]
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3),
                      annotations=titles, xaxis=dict(domain=[0, 0.45], title_text="epoch"),
                      xaxis2=dict(domain=[0.55, 1], title_text="epoch", anchor="y2"), yaxis2=dict(anchor="x2"))
    return fig


def capacity_chart(points: Sequence, current_parameters: int | None = None, error_name: str = "error") -> go.Figure:
    """Train and test error against the parameter count (log scale), one point per network."""
    pts = sorted(points, key=lambda p: p.parameters)
    fig = go.Figure()
    for key, name, color in (("train_error", "train", TRAIN_COLOR), ("test_error", "test", TEST_COLOR)):
        fig.add_trace(go.Scatter(x=[p.parameters for p in pts], y=[getattr(p, key) for p in pts],
                                 mode="lines+markers", name=name, line_color=color, text=[p.label for p in pts],
                                 hovertemplate="hidden %{text}: %{x} parameters, " + name + " %{y:.3f}<extra></extra>"))
    if current_parameters:  # a dotted line (a trace: shapes and annotations misplace themselves on log axes)
        top = max([p.test_error for p in pts] + [p.train_error for p in pts] + [0.01])
        fig.add_trace(go.Scatter(x=[current_parameters] * 2, y=[0, top], mode="lines", name="your network",
                                 line=dict(color="#888", dash="dot"), hoverinfo="name"))
    fig.update_xaxes(type="log", title_text="parameters (log scale)")
    fig.update_yaxes(title_text=error_name, rangemode="tozero")
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=20, b=10), legend=dict(orientation="h", y=-0.25))
    return fig


def compare_chart(rows: Sequence) -> go.Figure:
    """FNN vs CNN vs RNN: parameters, seconds per epoch and accuracy side by side."""
    fig = make_subplots(rows=1, cols=3, subplot_titles=("Parameters", "Seconds per epoch", "Test accuracy"))
    names = [r.kind.upper().replace("MLP", "FNN") for r in rows]
    colors = ["#1f77b4", "#2ca02c", "#9467bd"][:len(rows)]
    values = ([r.parameters for r in rows], [r.seconds_per_epoch for r in rows], [r.test_acc for r in rows])
    formats = ("{:,}", "{:.2f} s", "{:.1%}")
    for col, (ys, fmt) in enumerate(zip(values, formats, strict=True), 1):
        fig.add_trace(go.Bar(x=names, y=ys, marker_color=colors, text=[fmt.format(v) for v in ys],
                             textposition="outside", showlegend=False, hoverinfo="skip"), row=1, col=col)
    fig.update_yaxes(range=[0, 1.1], row=1, col=3)
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10))
    return fig
