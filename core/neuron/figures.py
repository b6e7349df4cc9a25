"""Plotly figures for the Neuron lesson: the neuron diagram, the activation gallery, decision lines.

Colours follow `core.palette`: a positive weight is blue and solid, a negative one orange and dashed;
class 1 is a blue circle and class 0 an orange square; a wrong answer is a vermillion cross.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core import activations, palette
from core.neuron.calculator import NEURON_ACTIVATIONS, NeuronConfig, NeuronOutput

CLASS_COLORS = (palette.NEGATIVE, palette.POSITIVE)  # class 0, class 1
CLASS_SYMBOLS = ("square", "circle")  # class 0, class 1: shape as well as colour
NODE_FILL = palette.mix(palette.SLATE, share=0.9)  # the diagram's nodes: a pale, neutral tint
DEAD = palette.mix(palette.GREY, share=0.55)  # f' = 0 exactly: solid grey
WEAK = palette.mix(palette.GREY, share=0.35)  # 0 < |f'| < VANISH: thin grey hatching, lighter than DEAD


def _edge_style(w: float) -> dict:
    """A weight's edge: blue and solid when positive, orange and dashed when negative, grey and dotted at 0."""
    if w > 0:
        return dict(color=palette.POSITIVE, dash="solid")
    if w < 0:
        return dict(color=palette.NEGATIVE, dash="dash")
    return dict(color=palette.CONTEXT, dash="dot")


def neuron_diagram(cfg: NeuronConfig, out: NeuronOutput, terms: bool = False) -> go.Figure:
    """Inputs on the left, the neuron in the middle, its output on the right; edge colour = sign, width = |w|.

    With `terms` each edge also shows its product wᵢ·xᵢ, the numbers the by-hand program adds up.
    """
    n = len(cfg.x)
    ys = np.linspace(1, -1, n + 1)  # the inputs, then the constant 1 that carries the bias
    weights = [*cfg.w, cfg.b]
    products = [*out.terms, cfg.b]  # what each edge adds to z
    biggest = max(max(abs(v) for v in weights), 1e-9)
    fig = go.Figure()
    for i, (y, w) in enumerate(zip(ys, weights, strict=True)):
        style = _edge_style(w)
        fig.add_trace(go.Scatter(x=[0, 2], y=[y, 0], mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(width=1.5 + 8.5 * abs(w) / biggest, **style)))
        name = f"w{i + 1}" if i < n else "b"
        text = f"{name} = {w:g}"
        if terms:
            text += f"<br>{name}·x{i + 1} = {products[i]:.4g}" if i < n else f"<br>b·1 = {products[i]:.4g}"
        at = 0.3 if terms else 0.375  # how far along the edge its label sits
        fig.add_annotation(x=2 * at, y=y * (1 - at), text=text, showarrow=False, yshift=14 if terms else 10,
                           font=dict(color=style["color"], size=13), bgcolor="rgba(255,255,255,0.85)")
    fig.add_trace(go.Scatter(x=[2, 3.2], y=[0, 0], mode="lines", line=dict(color=palette.INK, width=3),
                             hoverinfo="skip", showlegend=False))
    labels = [f"x{i + 1} = {v:g}" for i, v in enumerate(cfg.x)] + ["1 (bias input)"]
    fig.add_trace(go.Scatter(x=[0] * (n + 1), y=ys, mode="markers+text", text=labels, textposition="middle left",
                             textfont=dict(size=14, color=palette.INK),
                             marker=dict(size=26, color=NODE_FILL, line=dict(color=palette.INK, width=1.5)),
                             hoverinfo="skip", showlegend=False))
    label = activations.get(cfg.activation).label
    fig.add_trace(go.Scatter(x=[2], y=[0], mode="markers+text", text=["Σ → f"], textfont=dict(size=15),
                             marker=dict(size=70, color=NODE_FILL, line=dict(color=palette.INK, width=2)),
                             hoverinfo="skip", showlegend=False))
    fig.add_annotation(x=2, y=-0.5, text=f"z = {out.z:.4f}<br>f = {label}", showarrow=False,
                       font=dict(size=14, color=palette.INK))
    fig.add_trace(go.Scatter(x=[3.2], y=[0], mode="markers+text", text=[f"a = {out.a:.4f}"],
                             textposition="middle right", textfont=dict(size=15, color=palette.INK),
                             marker=dict(size=18, color=palette.INK),
                             hoverinfo="skip", showlegend=False))
    fig.update_xaxes(visible=False, range=[-1.4, 4.4])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3])
    fig.update_layout(height=(300 if n <= 3 else 360) + (60 if terms else 0), margin=dict(l=10, r=10, t=10, b=10),
                      plot_bgcolor=palette.PAPER)
    return fig


def _zone(fig: go.Figure, region: activations.Region, y: tuple[float, float], row: int, col: int, legend: bool):
    """Shade one stretch of z: solid grey where f' = 0 exactly, light grey hatching where f' is small but not 0."""
    lo, hi = region.lo, region.hi
    style = (dict(fillcolor=DEAD) if region.dead else
             dict(fillcolor="rgba(0,0,0,0)", fillpattern=dict(shape="/", fgcolor=WEAK, size=10, solidity=0.12)))
    fig.add_trace(go.Scatter(x=[lo, hi, hi, lo, lo], y=[y[0], y[0], y[1], y[1], y[0]], fill="toself", mode="none",
                             hoverinfo="skip", showlegend=legend, legendgroup="dead" if region.dead else "weak",
                             legendrank=1001 if region.dead else 1002,  # after the curves, "none" before "small"
                             name=ZONE_NAMES[region.dead], **style), row=row, col=col)


ZONE_NAMES = {True: "f′ = 0: no gradient at all",
              False: f"0 < |f′| < {activations.VANISH}: a small gradient still flows"}


def activation_gallery(z: float, slope: float, alpha: float, selected: str = "") -> go.Figure:
    """Every activation (solid) with its derivative (dashed), the current z as two points.

    Shaded solid grey: f'(z) = 0 exactly, so no gradient passes back (ReLU below 0). Hatched: f'(z) is
    small (below `activations.VANISH`) but not zero, so a weaker gradient still flows (Leaky ReLU below 0,
    sigmoid's tails).
    """
    names = NEURON_ACTIVATIONS
    titles = [f"<b>{activations.get(k).label}</b>" if k == selected else activations.get(k).label for k in names]
    fig = make_subplots(rows=2, cols=3, subplot_titles=titles, horizontal_spacing=0.06, vertical_spacing=0.14)
    lo, hi = min(-6.0, np.floor(z) - 1), max(6.0, np.ceil(z) + 1)
    zs = np.linspace(lo, hi, 601)
    shown = set()  # which zone kinds already have a legend entry
    for k, name in enumerate(names):
        row, col = k // 3 + 1, k % 3 + 1
        y_range = (-0.3, 1.3) if name == "sigmoid" else (-1.6, 3.2)
        for region in activations.weak_gradient_regions(name, zs, slope, alpha):
            _zone(fig, region, y_range, row, col, legend=region.dead not in shown)
            shown.add(region.dead)
        f, df = activations.value(name, zs, slope, alpha), activations.derivative(name, zs, slope, alpha)
        first = k == 0
        fig.add_trace(go.Scatter(x=zs, y=f, name="f(z)", line=dict(color=palette.BLUE, width=2.5),
                                 legendgroup="f", showlegend=first, hoverinfo="skip"), row=row, col=col)
        fig.add_trace(go.Scatter(x=zs, y=df, name="f′(z)", line=dict(color=palette.ORANGE, width=2, dash="dash"),
                                 legendgroup="df", showlegend=first, hoverinfo="skip"), row=row, col=col)
        fz = float(activations.value(name, z, slope, alpha))
        dfz = float(activations.derivative(name, z, slope, alpha))
        fig.add_trace(go.Scatter(x=[z, z], y=[fz, dfz], mode="markers", name="f and f′ at the calculator's z",
                                 legendgroup="z", showlegend=first,
                                 marker=dict(size=10, color=[palette.BLUE, palette.ORANGE],
                                             symbol=["circle", "diamond"], line=dict(color=palette.PAPER, width=1.5)),
                                 hovertemplate="z = %{x:.3f}<br>%{y:.4f}<extra></extra>"), row=row, col=col)
        fig.update_yaxes(range=list(y_range), row=row, col=col)
        fig.update_xaxes(range=[lo, hi], row=row, col=col)
    for dead in (True, False):  # both zone kinds are named in the legend, even when none is in view
        if dead not in shown:
            _zone(fig, activations.Region(lo - 2, lo - 1, dead), (-1.6, 3.2), 1, 2, legend=True)
    fig.update_layout(height=580, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.08))
    return fig


def _boundary(w1: float, w2: float, b: float, lo: float, hi: float) -> tuple[list, list] | None:
    """Two far points of the line w₁x₁ + w₂x₂ + b = 0 (the plot clips it), or None when w = 0."""
    if w1 == 0 and w2 == 0:
        return None
    ends = np.array([lo - 10, hi + 10])
    if abs(w2) >= abs(w1):
        return ends.tolist(), (-(w1 * ends + b) / w2).tolist()
    return (-(w2 * ends + b) / w1).tolist(), ends.tolist()


def _shade(fig: go.Figure, w1: float, w2: float, b: float, lo: float, hi: float, row: int = 1, col: int = 1):
    """Tint the half-plane where the neuron says 1 (w·x + b > 0)."""
    pad = (hi - lo) / 2  # past the axes' range, so equal-aspect axes that widen one range still show colour
    g = np.linspace(lo - pad, hi + pad, 120)
    zz = (w1 * g[None, :] + w2 * g[:, None] + b > 0).astype(float)  # rows: x₂, columns: x₁
    fig.add_trace(go.Heatmap(x=g, y=g, z=zz, zmin=0, zmax=1, showscale=False, hoverinfo="skip", opacity=0.16,
                             colorscale=[[0, CLASS_COLORS[0]], [1, CLASS_COLORS[1]]]), row=row, col=col)


def _line(fig, ends, name: str, color: str, dash: str = "solid", row: int = 1, col: int = 1, legend: bool = True):
    if ends is not None:
        fig.add_trace(go.Scatter(x=ends[0], y=ends[1], mode="lines", name=name, showlegend=legend,
                                 line=dict(color=color, width=3, dash=dash)), row=row, col=col)


def _points(fig, X: np.ndarray, y: np.ndarray, row: int = 1, col: int = 1, size: int = 9, legend: bool = True):
    for cls in (0, 1):
        pts = X[y == cls]
        fig.add_trace(go.Scatter(x=pts[:, 0], y=pts[:, 1], mode="markers", name=f"class {cls}", legendgroup=str(cls),
                                 showlegend=legend, marker=dict(size=size, color=CLASS_COLORS[cls],
                                                                symbol=CLASS_SYMBOLS[cls],
                                                                line=dict(color=palette.PAPER, width=1))),
                      row=row, col=col)


def _origin(fig, row: int = 1, col: int = 1, legend: bool = True):
    fig.add_trace(go.Scatter(x=[0], y=[0], mode="markers", name="origin (0, 0)", showlegend=legend,
                             marker=dict(symbol="x", size=13, color=palette.INK)), row=row, col=col)


def bias_figure(X: np.ndarray, y: np.ndarray, mine: tuple[float, float, float], fits: Sequence,
                lo: float, hi: float) -> go.Figure:
    """Left: the learner's line. Right: the best lines trained with and without a bias.

    `fits` holds (legend name, Fit) pairs.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Your neuron", "Trained neurons"),
                        horizontal_spacing=0.08)
    _shade(fig, *mine, lo, hi)
    _line(fig, _boundary(*mine, lo, hi), "your line", palette.INK)
    for col in (1, 2):
        _points(fig, X, y, col=col, legend=col == 1)
        _origin(fig, col=col, legend=col == 1)
    for (name, fit), color, dash in zip(fits, (palette.INK, palette.CONTEXT), ("solid", "dash"), strict=True):
        _line(fig, _boundary(fit.w1, fit.w2, fit.b, lo, hi), name, color, dash, col=2)
    fig.update_xaxes(range=[lo, hi], title_text="x₁", zeroline=True, zerolinecolor=palette.CONTEXT)
    fig.update_yaxes(range=[lo, hi], title_text="x₂", zeroline=True, zerolinecolor=palette.CONTEXT)
    fig.update_yaxes(scaleanchor="x", row=1, col=1)
    fig.update_yaxes(scaleanchor="x2", row=1, col=2)
    fig.update_layout(height=430, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.18))
    return fig


def perceptron_figure(X: np.ndarray, targets: np.ndarray, outputs: np.ndarray, w: tuple[float, float], b: float,
                      current: int | None = None) -> go.Figure:
    """The four points, the unit's line and the side it calls 1; wrong answers crossed in vermillion, the shown
    point ringed."""
    lo, hi = -0.6, 1.6
    fig = make_subplots(rows=1, cols=1)
    _shade(fig, w[0], w[1], b, lo, hi)
    _line(fig, _boundary(w[0], w[1], b, lo, hi), "decision line", palette.INK)
    wrong = outputs != targets
    if wrong.any():
        fig.add_trace(go.Scatter(x=X[wrong, 0], y=X[wrong, 1], mode="markers", name="misclassified",
                                 marker=dict(symbol="x-thin", size=34, line=dict(color=palette.ERROR, width=3))))
    _points(fig, X, targets, size=18)
    if current is not None:
        fig.add_trace(go.Scatter(x=[X[current, 0]], y=[X[current, 1]], mode="markers", name="shown now",
                                 marker=dict(size=34, color="rgba(0,0,0,0)", line=dict(color=palette.INK, width=3))))
    fig.update_xaxes(range=[lo, hi], title_text="x₁", dtick=1)
    fig.update_yaxes(range=[lo, hi], title_text="x₂", dtick=1, scaleanchor="x")
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.2))
    return fig


def collapse_figure(t: np.ndarray, stacked: np.ndarray, single: np.ndarray, relu: np.ndarray,
                    at: float, input_name: str) -> go.Figure:
    """Each output as one input moves: the linear stack (thick blue) and its single matrix (dotted, on top)
    coincide; the ReLU stack (orange) bends."""
    cols = stacked.shape[1]
    fig = make_subplots(rows=1, cols=cols, subplot_titles=[f"output y{j + 1}" for j in range(cols)])
    for j in range(cols):
        legend = j == 0
        fig.add_trace(go.Scatter(x=t, y=stacked[:, j], name="W₂(W₁x + b₁) + b₂", legendgroup="s", showlegend=legend,
                                 line=dict(color=palette.BLUE, width=7)), row=1, col=j + 1)
        fig.add_trace(go.Scatter(x=t, y=single[:, j], name="(W₂W₁)x + (W₂b₁ + b₂)", legendgroup="o",
                                 showlegend=legend, line=dict(color=palette.INK, width=2.5, dash="dot")),
                      row=1, col=j + 1)
        fig.add_trace(go.Scatter(x=t, y=relu[:, j], name="W₂ ReLU(W₁x + b₁) + b₂", legendgroup="r",
                                 showlegend=legend, line=dict(color=palette.ORANGE, width=3, dash="dash")),
                      row=1, col=j + 1)
        fig.add_vline(x=at, line=dict(color=palette.CONTEXT, dash="dot"), row=1, col=j + 1)
        fig.update_xaxes(title_text=input_name, row=1, col=j + 1)
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.25))
    return fig
