"""Plotly figures for the MNIST lab: histograms, weights, activations, galleries, comparisons."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.mnist.inspection import Gallery, Snapshot
from core.train import Point

RIGHT, WRONG = "#2ca02c", "#d62728"
SELECTED = "#ff7f0e"


def _blank_axes(fig: go.Figure) -> None:
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed")


def histogram_ridges(snapshots: Sequence[Snapshot], layer: int, selected_epoch: int) -> go.Figure:
    """TensorBoard's 'offset' histograms: one ridge per epoch, weights left, gradients right.

    Later epochs sit higher; the chosen epoch is drawn thick and orange.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("weights", "gradients (d loss / d weight)"),
                        horizontal_spacing=0.08)
    for col, kind in ((1, "weight"), (2, "grad")):
        for s in snapshots:
            h = s.layers[layer]
            counts, edges = getattr(h, f"{kind}_counts"), getattr(h, f"{kind}_edges")
            centres = (edges[:-1] + edges[1:]) / 2
            height = counts / max(counts.max(), 1) * 0.9
            chosen = s.epoch == selected_epoch
            fig.add_trace(go.Scatter(
                x=centres, y=height + s.epoch, mode="lines", fill="toself" if chosen else None,
                line=dict(color=SELECTED if chosen else "rgba(31,119,180,0.55)", width=3 if chosen else 1),
                name=f"epoch {s.epoch}", showlegend=False,
                hovertemplate=f"epoch {s.epoch}<br>value %{{x:.3g}}<extra></extra>"), row=1, col=col)
        fig.update_xaxes(title_text="value", row=1, col=col)
    fig.update_yaxes(title_text="epoch", row=1, col=1)
    fig.update_layout(height=360, margin=dict(l=10, r=10, t=40, b=10))
    return fig


def gradient_norms(snapshots: Sequence[Snapshot]) -> go.Figure:
    """Each layer's gradient norm per epoch on a log scale: vanishing gradients show as a floor."""
    fig = go.Figure()
    for i, h in enumerate(snapshots[0].layers):
        fig.add_trace(go.Scatter(x=[s.epoch for s in snapshots], y=[max(s.layers[i].grad_norm, 1e-12)
                                                                    for s in snapshots],
                                 mode="lines+markers", name=h.layer))
    fig.update_layout(height=280, margin=dict(l=10, r=10, t=30, b=10), yaxis_type="log",
                      xaxis_title="epoch", yaxis_title="‖gradient‖", legend=dict(orientation="h", y=-0.3))
    return fig


def weight_images(weights: np.ndarray, titles: Sequence[str], cols: int = 8, tile: int = 110) -> go.Figure:
    """Signed weights as small images, red = positive (ink here raises the output), blue = negative."""
    rows = max(1, -(-len(weights) // cols))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=list(titles),
                        horizontal_spacing=0.01, vertical_spacing=0.25 / rows)
    for i, w in enumerate(weights):
        lim = float(np.abs(w).max()) or 1.0
        fig.add_trace(go.Heatmap(z=w, colorscale="RdBu_r", zmin=-lim, zmax=lim, showscale=False,
                                 hovertemplate="weight %{z:.3f}<extra></extra>"),
                      row=i // cols + 1, col=i % cols + 1)
    _blank_axes(fig)
    fig.update_layout(height=rows * tile + 20, margin=dict(l=0, r=0, t=25, b=0))
    return fig


def activation_figure(name: str, act: np.ndarray, cols: int = 8) -> go.Figure:
    """A hidden layer's output: bars per neuron (MLP) or a grid of feature maps (CNN)."""
    if act.ndim == 1:
        fig = go.Figure(go.Bar(x=np.arange(len(act)), y=act, marker_color="#1f77b4",
                               hovertemplate="neuron %{x}: %{y:.3f}<extra></extra>"))
        active = int((act > 1e-6).sum())
        fig.update_layout(height=240, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="neuron",
                          yaxis_title="activation", title=f"{name}: {active} of {len(act)} neurons > 0")
        return fig
    maps = act[:16]
    return weight_images(maps, [f"map {i}" for i in range(len(maps))], cols=cols)


def saliency_figure(image: np.ndarray, sal: np.ndarray, target: int) -> go.Figure:
    """The digit and |d score / d pixel| side by side."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=("the image", f"saliency for '{target}'"),
                        horizontal_spacing=0.04)
    fig.add_trace(go.Heatmap(z=image, colorscale="gray", showscale=False, hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Heatmap(z=sal, colorscale="Hot", showscale=True, colorbar=dict(len=0.8),
                             hovertemplate="|gradient| %{z:.3g}<extra></extra>"), row=1, col=2)
    _blank_axes(fig)
    fig.update_layout(height=300, margin=dict(l=0, r=0, t=30, b=0))
    return fig


def gallery_figure(g: Gallery, cols: int = 6) -> go.Figure:
    """Test images titled with their top-3 digits and probabilities, green when right, red when wrong.

    One heatmap of the tiled images plus text annotations, built in a single constructor
    call rather than one subplot per image: it is redrawn every second while training,
    and this way it costs milliseconds, not a tenth of a second.
    """
    n, side = len(g.images), g.images.shape[-1]
    rows, gap, title = max(1, -(-n // cols)), side // 7, side // 2  # in pixels of the images
    width, height = cols * side + (cols - 1) * gap, rows * (side + title) + (rows - 1) * gap
    canvas = np.full((height, width), np.nan)  # NaN shows as background between tiles
    notes = []
    for i, (img, c, p, t, ok) in enumerate(zip(g.images, g.top_classes, g.top_probs, g.labels, g.correct,
                                               strict=True)):
        top, left = (i // cols) * (side + title + gap) + title, (i % cols) * (side + gap)
        canvas[top:top + side, left:left + side] = img
        notes.append(dict(x=left + side / 2, y=top - 1, yanchor="bottom", showarrow=False,
                          text=f"<b>{c[0]}: {p[0]:.0%}</b> · {c[1]}: {p[1]:.0%} · {c[2]}: {p[2]:.0%}<br>true {t}",
                          font=dict(size=11, color=RIGHT if ok else WRONG)))
    return go.Figure(
        data=[go.Heatmap(z=canvas, colorscale="gray", zmin=0, zmax=1, showscale=False, hoverinfo="skip")],
        layout=dict(annotations=notes, height=rows * 170 + 20, margin=dict(l=0, r=0, t=10, b=0),
                    plot_bgcolor="white", xaxis=dict(visible=False, range=[-0.5, width - 0.5], constrain="domain"),
                    yaxis=dict(visible=False, range=[height - 0.5, -0.5], scaleanchor="x")))


def live_curves(curve: Sequence[Point], max_points: int = 300) -> go.Figure:
    """Loss and accuracy, training and validation, for the 1-second live view.

    Two panels built in one constructor call on two hand-placed axes and thinned to
    `max_points`, so a redraw costs a few milliseconds.
    """
    step = max(1, -(-len(curve) // max_points))
    pts = list(curve[::step]) + ([curve[-1]] if (len(curve) - 1) % step else [])
    x = [p.epoch for p in pts]
    traces = [go.Scatter(x=x, y=[getattr(p, key) for p in pts], name=name, mode="lines+markers", marker_size=4,
                         line_color=color, legendgroup=name, showlegend=axis == "", xaxis=f"x{axis}",
                         yaxis=f"y{axis}")
              for axis, keys in (("", ("train_loss", "val_loss")), ("2", ("train_acc", "val_acc")))
              for key, name, color in zip(keys, ("train", "validation"), ("#1f77b4", "#ff7f0e"), strict=True)]
    return go.Figure(data=traces, layout=dict(
        height=320, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25),
        xaxis=dict(domain=[0, 0.45], title="epoch"), yaxis=dict(title="loss (cross-entropy)"),
        xaxis2=dict(domain=[0.55, 1], title="epoch"),
        yaxis2=dict(title="accuracy", anchor="x2", tickformat=".0%")))


def confusion_heatmap(cm: np.ndarray, labels: Sequence[str] | None = None) -> go.Figure:
    """Counts with the true class down and the predicted class across."""
    labels = list(labels) if labels is not None else [str(i) for i in range(len(cm))]
    fig = go.Figure(go.Heatmap(z=cm, x=labels, y=labels, colorscale="Blues", text=cm, texttemplate="%{text}",
                               hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>"))
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=30, b=10),
                      xaxis=dict(title="predicted", type="category"),
                      yaxis=dict(title="true", type="category", autorange="reversed"))
    return fig


def precision_recall_figure(precision: np.ndarray, recall: np.ndarray) -> go.Figure:
    digits = [str(i) for i in range(len(precision))]
    fig = go.Figure([go.Bar(x=digits, y=precision, name="precision", marker_color="#1f77b4"),
                     go.Bar(x=digits, y=recall, name="recall", marker_color="#ff7f0e")])
    low = float(min(precision.min(), recall.min()))
    fig.update_layout(barmode="group", height=300, margin=dict(l=10, r=10, t=20, b=10),
                      xaxis=dict(title="digit", type="category"),
                      yaxis=dict(range=[max(0.0, low - 0.05), 1.0], tickformat=".0%"),
                      legend=dict(orientation="h", y=-0.25))
    return fig


def compare_curves(runs: Sequence[tuple[str, Sequence[Point], str]]) -> go.Figure:
    """Several runs' loss and validation accuracy on shared axes: (name, curve, colour) each.

    Training is dashed, validation solid, so a gap between the two is visible at a glance.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Loss, log scale (training dashed, validation solid)",
                                                        "Validation accuracy"))
    for name, curve, color in runs:
        x = [p.epoch for p in curve]
        fig.add_trace(go.Scatter(x=x, y=[p.train_loss for p in curve], name=f"{name} · train", mode="lines",
                                 line=dict(color=color, dash="dash"), legendgroup=name), row=1, col=1)
        fig.add_trace(go.Scatter(x=x, y=[p.val_loss for p in curve], name=f"{name} · validation", mode="lines",
                                 line=dict(color=color), legendgroup=name), row=1, col=1)
        fig.add_trace(go.Scatter(x=x, y=[p.val_acc for p in curve], name=name, mode="lines", showlegend=False,
                                 line=dict(color=color), legendgroup=name), row=1, col=2)
    fig.update_xaxes(title_text="epoch")
    fig.update_yaxes(type="log", row=1, col=1)  # an exploding run and a healthy one on the same axes
    fig.update_yaxes(tickformat=".0%", row=1, col=2)
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3))
    return fig


def scratch_figure(torch_losses: Sequence[float], numpy_losses: Sequence[float]) -> go.Figure:
    """Both loss curves on top of each other, and the (tiny) gap between them on a log scale."""
    steps = np.arange(1, len(torch_losses) + 1)
    gap = np.maximum(np.abs(np.subtract(torch_losses, numpy_losses)), 1e-10)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Loss per step", "|PyTorch − NumPy|"))
    fig.add_trace(go.Scatter(x=steps, y=torch_losses, name="PyTorch", line=dict(color="#ee4c2c", width=4)),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=steps, y=numpy_losses, name="NumPy", line=dict(color="#013243", dash="dot")),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=steps, y=gap, name="difference", line=dict(color="#7f7f7f"), showlegend=False),
                  row=1, col=2)
    fig.update_yaxes(type="log", row=1, col=2)
    fig.update_xaxes(title_text="step")
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.3))
    return fig


def steps_figure(steps: Sequence[tuple[str, np.ndarray]], tile: int = 190) -> go.Figure:
    """The preprocessing pipeline, one picture per step."""
    fig = make_subplots(rows=1, cols=len(steps), subplot_titles=[t for t, _ in steps], horizontal_spacing=0.02)
    for i, (_, img) in enumerate(steps, 1):
        fig.add_trace(go.Heatmap(z=img, colorscale="gray", zmin=0, zmax=1, showscale=False, hoverinfo="skip"),
                      row=1, col=i)
    _blank_axes(fig)
    for i in range(1, len(steps) + 1):
        fig.update_yaxes(scaleanchor=f"x{i if i > 1 else ''}", row=1, col=i)
    for ann in fig.layout.annotations:
        ann.font.size = 11
    fig.update_layout(height=tile + 40, margin=dict(l=0, r=0, t=35, b=0))
    return fig


def probability_bars(probs: np.ndarray) -> go.Figure:
    """Softmax probability for each digit, the winner highlighted."""
    best = int(np.argmax(probs))
    colors = [RIGHT if i == best else "#9ecae1" for i in range(len(probs))]
    fig = go.Figure(go.Bar(x=[str(i) for i in range(len(probs))], y=probs, marker_color=colors,
                           text=[f"{p:.0%}" for p in probs], textposition="outside"))
    fig.update_layout(height=260, margin=dict(l=10, r=10, t=20, b=10), xaxis=dict(title="digit", type="category"),
                      yaxis=dict(range=[0, 1.15], tickformat=".0%", title="probability"))
    return fig
