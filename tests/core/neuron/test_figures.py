"""The Neuron lesson's figures speak the palette: blue positive, orange negative, shapes as well as colours."""
import numpy as np
import pytest

from core import activations, palette
from core.neuron import bias as neuron_bias
from core.neuron import figures as neuron_figures
from core.neuron import layers as neuron_layers
from core.neuron import perceptron
from core.neuron.calculator import NeuronConfig, forward

RED_GREEN = {"#d62728", "#2ca02c", "red", "green"}


def colours(fig) -> set[str]:
    """Every colour a figure's traces and annotations name."""
    found = set()
    for t in fig.data:
        for part in (getattr(t, "line", None), getattr(t, "marker", None)):
            if part is not None and part.color is not None:
                found |= set(np.atleast_1d(part.color).tolist())
        if getattr(t, "fillcolor", None):
            found.add(t.fillcolor)
    found |= {a.font.color for a in fig.layout.annotations if a.font.color}
    return found


def edges(fig):
    return [t for t in fig.data if t.mode == "lines" and t.x == (0, 2)]


def test_neuron_diagram_edges_blue_positive_orange_negative_and_dashed():
    cfg = NeuronConfig((1.0, 0.5, -1.5), (0.8, -0.4, 0.0), 0.1, "sigmoid")
    fig = neuron_figures.neuron_diagram(cfg, forward(cfg))
    styles = [(e.line.color, e.line.dash) for e in edges(fig)]
    assert styles == [(palette.POSITIVE, "solid"), (palette.NEGATIVE, "dash"), (palette.CONTEXT, "dot"),
                      (palette.POSITIVE, "solid")]  # w1 > 0, w2 < 0, w3 = 0, b > 0
    assert not colours(fig) & RED_GREEN


def test_by_hand_diagram_shows_each_product_and_they_add_up_to_z():
    cfg = NeuronConfig((1.0, 0.5, -1.5), (0.8, -0.4, 0.3), 0.1, "sigmoid")
    out = forward(cfg)
    fig = neuron_figures.neuron_diagram(cfg, out, terms=True)
    text = " ".join(a.text for a in fig.layout.annotations)
    assert "w1·x1 = 0.8" in text and "w2·x2 = -0.2" in text and "w3·x3 = -0.45" in text and "b·1 = 0.1" in text
    assert f"z = {out.z:.4f}" in text and any(f"a = {out.a:.4f}" in str(t.text) for t in fig.data)


def zones(fig):
    """(name, x0, x1, dead) of every shaded zone in the gallery that lies in view."""
    found = []
    for t in fig.data:
        if t.fill == "toself":
            found.append((t.legendgroup, min(t.x), max(t.x), t.fillpattern.shape in (None, "")))
    return found


def test_gallery_shades_no_gradient_only_where_the_derivative_is_exactly_zero():
    fig = neuron_figures.activation_gallery(0.25, activations.SLOPE, activations.ALPHA)
    solid = [z for z in zones(fig) if z[0] == "dead" and z[1] > -100]
    hatched = [z for z in zones(fig) if z[0] == "weak" and z[1] > -100]
    assert len(solid) == 1 and solid[0][3]  # only ReLU's z ≤ 0: f′ = 0 there and nowhere else
    assert solid[0][2] == pytest.approx(0, abs=0.02)
    assert all(not z[3] for z in hatched)  # small-but-non-zero slopes are hatched, not filled
    # Leaky ReLU's negative side (slope 0.01) is hatched: a gradient still flows there
    assert any(z[1] <= -6 and z[2] == pytest.approx(0, abs=0.02) for z in hatched)
    legend = {t.name for t in fig.data if t.showlegend}
    assert "f′ = 0: no gradient at all" in legend
    assert f"0 < |f′| < {activations.VANISH}: a small gradient still flows" in legend


@pytest.mark.parametrize("z", [-3.0, 0.25, 4.0])
def test_gallery_zones_match_the_derivative(z):
    """Every solid zone has f′ = 0 and every hatched zone 0 < |f′| < VANISH, for every activation in view."""
    fig = neuron_figures.activation_gallery(z, 0.01, 1.0)
    for k, name in enumerate(neuron_figures.NEURON_ACTIVATIONS):
        axis = "x" if k == 0 else f"x{k + 1}"
        for t in fig.data:
            if t.fill == "toself" and t.xaxis == axis:
                mid = np.linspace(min(t.x), max(t.x), 50)[1:-1]
                d = np.abs(activations.derivative(name, mid, 0.01, 1.0))
                if t.legendgroup == "dead":
                    assert (d == 0).all()
                else:
                    assert ((d > 0) & (d < activations.VANISH)).all()


def test_leaky_relu_with_slope_zero_is_shaded_as_no_gradient():
    fig = neuron_figures.activation_gallery(0.25, 0.0, 1.0)
    solid = [t for t in fig.data if t.fill == "toself" and t.legendgroup == "dead" and min(t.x) > -100]
    assert len(solid) == 2  # ReLU and Leaky ReLU with s = 0


def test_bias_and_perceptron_classes_differ_in_colour_and_shape():
    points = neuron_bias.shifted_clouds()
    fits = [("with", neuron_bias.Fit(1, 1, -5, 1.0, 0.1)), ("without", neuron_bias.Fit(1, -1, 0, 0.6, 0.6))]
    fig = neuron_figures.bias_figure(points.X, points.y, (1.0, 1.0, -5.0), fits, neuron_bias.LO, neuron_bias.HI)
    classes = {t.name: (t.marker.color, t.marker.symbol) for t in fig.data if t.name in ("class 0", "class 1")}
    assert classes == {"class 0": (palette.NEGATIVE, "square"), "class 1": (palette.POSITIVE, "circle")}
    assert not colours(fig) & RED_GREEN
    X, t = np.array(perceptron.INPUTS), np.array(perceptron.GATES["XOR"])
    fig = neuron_figures.perceptron_figure(X, t, np.zeros(4, dtype=int), (0.0, 0.0), 0.0, current=1)
    wrong = next(tr for tr in fig.data if tr.name == "misclassified")
    assert wrong.marker.line.color == palette.ERROR and len(wrong.x) == 2
    assert not colours(fig) & RED_GREEN


def test_collapse_figure_uses_the_palette():
    layers = neuron_layers.random_layers(3, 0)
    fig = neuron_figures.collapse_figure(*neuron_layers.along_input(layers, np.array([1.0, 0.5, -1.5])), at=1.0,
                                         input_name="x1")
    assert colours(fig) <= {palette.BLUE, palette.ORANGE, palette.INK}
