"""Plotly pictures for the Playground: decision boundary, neuron images, network diagram, curves,
and the capacity sweep and FNN/CNN/RNN comparison charts.

Colours come from `core.palette`, as in TensorFlow Playground: blue for positive (class 1),
orange for negative (class 0), white for undecided. Classes also differ in marker shape,
weights in dash, and train, validation and test in colour, dash and marker alike.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots  # only for the three-panel comparison

from core import palette
from core.architectures.playground import EpochStats
from core.architectures.points import DOMAIN, FEATURE_LABELS, PlaygroundData
from core.architectures.views import Snapshot
from core.figures import integer_axis, log_axis, percent_axis, zero_based

# class 0, 1, 2, …: orange and blue as everywhere; further classes (multiclass data sets only) take the
# remaining hues, and every class has its own marker shape as well
CLASS_COLORS = (palette.ORANGE, palette.BLUE, palette.YELLOW, palette.PURPLE, palette.SKY)
CLASS_SYMBOLS = ("x", "circle", "triangle-up", "square", "diamond")
# the boundary's background: palette.DIVERGING, paler, so that the points stand out on it
PALE = [[0.0, palette.mix(palette.NEGATIVE, share=0.55)], [0.5, palette.PAPER],
        [1.0, palette.mix(palette.POSITIVE, share=0.55)]]


def class_colorscale(classes: int) -> list:
    """Class k owns z ∈ [k, k+1): pale where the network is unsure, strong where it is certain."""
    scale = []
    for k in range(classes):
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        end = 1.0 if k == classes - 1 else (k + 0.999) / classes  # Plotly needs the last stop at exactly 1
        scale += [[k / classes, palette.mix(color, share=0.9)], [end, palette.mix(color, share=0.45)]]
    return scale


def _discrete(classes: int) -> list:
    """One flat colour per class, for markers coloured by class index (cmin −0.5, cmax classes − 0.5)."""
    colors = [CLASS_COLORS[k % len(CLASS_COLORS)] for k in range(classes)]
    return [stop for k, c in enumerate(colors) for stop in ([k / classes, c], [(k + 1) / classes, c])]


def decision_boundary(snap: Snapshot, data: PlaygroundData, show_test: bool = True) -> go.Figure:
    """The network's output over the plane, with training points (white ring) and test points (dark ring).

    A class has a colour and a marker shape (class 1 a blue circle, class 0 an orange cross); a
    regression target is a colour from orange (−1) to blue (+1).
    """
    if snap.task == "multiclass":
        heat = go.Heatmap(z=snap.output, x=snap.axis, y=snap.axis, colorscale=class_colorscale(snap.classes),
                          zmin=0, zmax=snap.classes, showscale=False, hoverinfo="skip")
    else:
        low = 0.0 if snap.task == "binary" else -1.0
        heat = go.Heatmap(z=snap.output, x=snap.axis, y=snap.axis, colorscale=PALE, zmin=low, zmax=1.0,
                          colorbar=dict(title=dict(text="P(blue)" if snap.task == "binary" else "output",
                                                   side="top"), orientation="h", thickness=8, len=0.6, y=-0.18,
                                        yanchor="top"),
                          hovertemplate="x₁ %{x:.2f}, x₂ %{y:.2f}: %{z:.2f}<extra></extra>")
    fig = go.Figure(heat)
    # TensorFlow Playground's rings: white for training points, dark (the test colour) for test points; grey
    # for regression's training points, whose fill is often near white
    splits = [("train", data.train_x, data.train_y, palette.GREY if snap.task == "regression" else palette.PAPER)]
    if show_test:
        splits.append(("test", data.test_x, data.test_y, palette.SPLIT_COLOR["test"]))
    classes = 2 if snap.task == "binary" else snap.classes
    for name, x, y, ring in splits:
        x, y = x.numpy(), y.numpy().astype(np.float32)
        marker = dict(size=7, color=y, line=dict(color=ring, width=1.2))
        if snap.task == "regression":
            marker.update(colorscale=palette.DIVERGING, cmin=-1, cmax=1)
        else:
            marker.update(colorscale=_discrete(classes), cmin=-0.5, cmax=classes - 0.5, size=8,
                          symbol=[CLASS_SYMBOLS[int(k) % len(CLASS_SYMBOLS)] for k in y])
        label = "%{marker.color:.2f}" if snap.task == "regression" else "class %{marker.color}"
        fig.add_trace(go.Scatter(x=x[:, 0], y=x[:, 1], mode="markers", name=f"{name} points", marker=marker,
                                 hovertemplate=f"{name} point: {label}<extra></extra>"))
    fig.update_xaxes(range=[-DOMAIN, DOMAIN], title_text="x₁", constrain="domain")
    fig.update_yaxes(range=[-DOMAIN, DOMAIN], title_text="x₂", scaleanchor="x", constrain="domain")
    fig.update_layout(height=430, margin=dict(l=10, r=10, t=10, b=10), showlegend=False)  # the caption says it
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
    fig = go.Figure(go.Heatmap(z=canvas, colorscale=palette.DIVERGING, zmin=-1, zmax=1, showscale=False,
                               hoverinfo="skip"))
    tick_rows = [(row0 * cell + r / 2, name) for name, row0, _ in bands]
    fig.update_yaxes(autorange="reversed", tickvals=[t for t, _ in tick_rows], ticktext=[n for _, n in tick_rows],
                     showgrid=False, zeroline=False, scaleanchor="x")
    fig.update_xaxes(visible=False)
    height = min(760 * rows / cols, 70 * rows)  # tiles keep their square shape in a ~800 px wide column
    fig.update_layout(height=int(height) + 30, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor=palette.PAPER)
    return fig


def _edge_traces(xs: list[float], ys: list[np.ndarray], weights: list[np.ndarray]) -> list[go.Scatter]:
    """Edges grouped by sign and by |w| into a few traces (Plotly gives one width per trace); NaN breaks lines.

    Positive weights are solid blue lines, negative ones dashed orange lines.
    """
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
                line=dict(color=palette.POSITIVE if positive else palette.NEGATIVE, width=0.6 + 1.6 * b,
                          dash="solid" if positive else "dash")))
    return traces


def network_diagram(snap: Snapshot, feature_names: Sequence[str]) -> go.Figure:
    """Neurons as dots, weights as lines: blue solid positive, orange dashed negative, thicker = larger |w|."""
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
            marker=dict(size=16 if n <= 16 else 10, color=bias, colorscale=palette.DIVERGING, cmin=-2, cmax=2,
                        line=dict(color=palette.GREY, width=1))))
    layer_names = ["inputs", *[f"layer {i}" for i in range(1, len(sizes) - 1)], "output"]
    fig.update_xaxes(tickvals=xs, ticktext=layer_names, showgrid=False, zeroline=False, range=[-0.8, xs[-1] + 0.4])
    fig.update_yaxes(visible=False)
    fig.update_layout(height=max(260, 16 * max(sizes) + 60), margin=dict(l=10, r=10, t=10, b=10),
                      plot_bgcolor=palette.PAPER)
    return fig


def loss_curves(history: Sequence[EpochStats], task: str, best_epoch: int = -1, points: int = 600) -> go.Figure:
    """Train, validation and test loss, and the score (accuracy or R²), against epochs.

    Long runs are thinned to `points`. Each split has its colour, dash and marker (core.palette).
    """
    history = list(history)[::max(1, -(-len(history) // points))] + list(history[-1:])
    score_name = "R²" if task == "regression" else "accuracy"
    x = [h.epoch for h in history]
    fig = go.Figure()
    series = ((("train_loss", "test_loss", "val_loss"), "x", "y"), (("train_score", "test_score", None), "x2", "y2"))
    names = ("train", "test", "validation")
    markers = "lines+markers" if len(history) <= 30 else "lines"
    for keys, xaxis, yaxis in series:
        for key, name in zip(keys, names, strict=True):
            if key is None or np.isnan(getattr(history[0], key)):
                continue
            fig.add_trace(go.Scatter(x=x, y=[getattr(h, key) for h in history], name=name, mode=markers,
                                     line=palette.split_line(name), marker=dict(symbol=palette.SPLIT_SYMBOL[name]),
                                     legendgroup=name, showlegend=xaxis == "x", xaxis=xaxis, yaxis=yaxis))
    if best_epoch >= 0:
        for xref, yref in (("x", "y domain"), ("x2", "y2 domain")):
            fig.add_shape(type="line", x0=best_epoch, x1=best_epoch, y0=0, y1=1, xref=xref, yref=yref,
                          line=dict(color=palette.SPLIT_COLOR["validation"], dash="dot"),
                          label=dict(text="kept", textposition="end", font=dict(size=11)))
    panels = (("Loss (data term only)", 0.225), (score_name.capitalize(), 0.775))
    titles = [dict(text=text, x=x0, y=1.0, xref="paper", yref="paper", xanchor="center", yanchor="bottom",
                   showarrow=False) for text, x0 in panels]
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3),
                      annotations=titles, xaxis=dict(domain=[0, 0.45], title_text="epoch"),
                      xaxis2=dict(domain=[0.55, 1], title_text="epoch", anchor="y2"), yaxis2=dict(anchor="x2"),
                      yaxis=dict(rangemode="tozero"))
    integer_axis(fig, "x", upto=x[-1])
    if task != "regression":
        fig.update_layout(yaxis2=dict(tickformat=".0%", range=[0, 1.02]))  # core.figures.percent_axis, on y2
    return fig


def capacity_chart(points: Sequence, current_parameters: int | None = None, regression: bool = False) -> go.Figure:
    """Train and test error (or MSE) against the parameter count (log scale): the mean over seeds, each seed faint."""
    from core.architectures.capacity import by_network

    nets = by_network(points)
    x = [n.parameters for n in nets]
    labels = [n.label for n in nets]
    seeds = max(len(n.test) for n in nets)
    fig = go.Figure()
    fmt = "%{y:.3f}" if regression else "%{y:.1%}"
    for split, key in (("train", "train"), ("test", "test")):
        color = palette.SPLIT_COLOR[split]
        if seeds > 1:
            for k in range(seeds):  # one faint line per seed: the spread the mean is read against
                fig.add_trace(go.Scatter(x=x, y=[getattr(n, key)[k] for n in nets if k < len(getattr(n, key))],
                                         mode="lines", line=dict(color=palette.mix(color, share=0.65), width=1,
                                                                 dash=palette.SPLIT_DASH[split]),
                                         legendgroup=split, showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(
            x=x, y=[float(np.mean(getattr(n, key))) for n in nets], mode="lines+markers", text=labels,
            name=f"{split} (mean of {seeds} seeds)" if seeds > 1 else split, legendgroup=split,
            line=dict(color=color, width=2.5, dash=palette.SPLIT_DASH[split]),
            marker=dict(symbol=palette.SPLIT_SYMBOL[split], size=8),
            hovertemplate="hidden %{text}: %{x:,} parameters, " + split + " " + fmt + "<extra></extra>"))
    if current_parameters:  # a dotted line (a trace: shapes and annotations misplace themselves on log axes)
        top = max([max(n.test) for n in nets] + [max(n.train) for n in nets] + [0.01])
        fig.add_trace(go.Scatter(x=[current_parameters] * 2, y=[0, top], mode="lines", name="your network",
                                 line=dict(color=palette.CONTEXT, dash="dot"), hoverinfo="name"))
    log_axis(fig, "x")
    fig.update_xaxes(title_text="parameters (log scale)")
    fig.update_yaxes(title_text="MSE" if regression else "error (1 − accuracy)", rangemode="tozero",
                     tickformat=None if regression else ".0%")
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=20, b=10), legend=dict(orientation="h", y=-0.25))
    return fig


def compare_chart(kinds: Sequence) -> go.Figure:
    """FNN vs CNN vs RNN: parameters, seconds per epoch and test accuracy, each from zero.

    `kinds` are `compare.KindSummary` (several seeds each): a bar is the mean (the median for
    seconds), the whisker the seeds' range and each dot one seed.
    """
    fig = make_subplots(rows=1, cols=3, subplot_titles=("Parameters", "Seconds / epoch", "Test accuracy"),
                        horizontal_spacing=0.1)
    names = [k.short for k in kinds]
    colors = [palette.SKY] * len(kinds)  # one colour: the axis names each kind, and no kind is "positive"
    fig.add_trace(go.Bar(x=names, y=[k.parameters for k in kinds], marker_color=colors,
                         text=[f"{k.parameters:,}" for k in kinds], textposition="outside", showlegend=False,
                         hoverinfo="skip"), row=1, col=1)
    for col, values, middle, fmt in ((2, [k.seconds for k in kinds], [k.seconds_per_epoch for k in kinds], "{:.2f} s"),
                                     (3, [k.accuracies for k in kinds], [k.accuracy for k in kinds], "{:.1%}")):
        low = [m - min(v) for m, v in zip(middle, values, strict=True)]
        high = [max(v) - m for m, v in zip(middle, values, strict=True)]
        several = max(len(v) for v in values) > 1
        fig.add_trace(go.Bar(x=names, y=middle, marker_color=[palette.mix(c, share=0.35) for c in colors],
                             text=[fmt.format(m) for m in middle], textposition="auto", insidetextanchor="start",
                             error_y=dict(type="data", symmetric=False, array=high, arrayminus=low,
                                          color=palette.INK, visible=several),
                             showlegend=False, hoverinfo="skip"), row=1, col=col)
        if several:
            fig.add_trace(go.Scatter(x=[n for n, v in zip(names, values, strict=True) for _ in v],
                                     y=[x for v in values for x in v], mode="markers", showlegend=False,
                                     marker=dict(color=palette.INK, size=5, symbol="circle-open"),
                                     hovertemplate="%{x}, one seed: %{y:.3f}<extra></extra>"), row=1, col=col)
    zero_based(fig, "y", row=1, col=1)
    fig.update_yaxes(range=[0, max(k.parameters for k in kinds) * 1.2], row=1, col=1)
    zero_based(fig, "y", row=1, col=2)
    percent_axis(fig, "y", row=1, col=3)
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=40, b=10))
    return fig


def head_loss_chart(task: str) -> go.Figure:
    """The output head's loss for one point against what the network says: how hard a wrong answer is punished.

    Binary: −log p̂ when the point is blue (class 1) and −log(1 − p̂) when it is orange (class 0), against
    p̂ = P(blue). Multiclass: −log p̂ of the true class. Regression: (ŷ − y)² against the miss ŷ − y.
    """
    fig = go.Figure()
    if task == "regression":
        miss = np.linspace(-2, 2, 101)
        fig.add_trace(go.Scatter(x=miss, y=miss ** 2, mode="lines", name="(ŷ − y)²",
                                 line=dict(color=palette.INK)))
        fig.update_xaxes(title_text="miss ŷ − y")
    else:
        p = np.linspace(0.005, 0.995, 199)
        if task == "binary":
            fig.add_trace(go.Scatter(x=p, y=-np.log(p), mode="lines", name="point is blue (class 1)",
                                     line=dict(color=palette.POSITIVE)))
            fig.add_trace(go.Scatter(x=p, y=-np.log(1 - p), mode="lines", name="point is orange (class 0)",
                                     line=dict(color=palette.NEGATIVE, dash="dash")))
            fig.update_xaxes(title_text="p̂ = P(blue)", tickformat=".0%", range=[0, 1])
        else:
            fig.add_trace(go.Scatter(x=p, y=-np.log(p), mode="lines", name="−log p̂ of the true class",
                                     line=dict(color=palette.INK)))
            fig.update_xaxes(title_text="p̂ of the true class", tickformat=".0%", range=[0, 1])
    fig.update_yaxes(title_text="loss for this point", rangemode="tozero")
    fig.update_layout(height=230, margin=dict(l=10, r=10, t=10, b=10), showlegend=task == "binary",
                      legend=dict(orientation="h", y=-0.45, x=0))
    return fig
