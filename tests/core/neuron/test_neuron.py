"""One neuron, the by-hand snippet, and the page's claims about linear stacks and bias."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core import activations
from core.neuron import bias as neuron_bias
from core.neuron import layers as neuron_layers
from core.neuron.calculator import NeuronConfig, forward, latex, numpy_snippet, run_snippet

CONFIGS = [
    NeuronConfig((1.0, 0.5, -1.5), (0.8, -0.4, 0.3), 0.1, "sigmoid"),
    NeuronConfig((2.0, -3.0), (-1.2, 0.7), -0.5, "leaky_relu", slope=0.1),
    NeuronConfig((0.3, -0.7, 1.1, 2.5, -2.0), (1.5, 2.0, -0.4, 0.2, 0.9), 0.0, "elu", alpha=0.5),
    NeuronConfig((1.0, 1.0, 1.0, 1.0), (0.5, -0.1, 0.3, -2.2), 0.2, "gelu"),
    NeuronConfig((-1.0, 2.0), (3.0, 0.4), -3.0, "relu"),
    NeuronConfig((0.5, 0.5), (0.0, 0.0), 1.0, "tanh"),
]
TORCH = {"sigmoid": lambda t, c: torch.sigmoid(t), "tanh": lambda t, c: torch.tanh(t), "relu": lambda t, c: F.relu(t),
         "leaky_relu": lambda t, c: F.leaky_relu(t, c.slope), "elu": lambda t, c: F.elu(t, c.alpha),
         "gelu": lambda t, c: F.gelu(t)}


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: c.activation)
def test_forward_matches_a_torch_linear_unit(cfg):
    layer = nn.Linear(len(cfg.x), 1).double()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([cfg.w], dtype=torch.float64))
        layer.bias.fill_(cfg.b)
    z = layer(torch.tensor([cfg.x], dtype=torch.float64))  # (1, 1)
    out = forward(cfg)
    assert out.z == pytest.approx(z.item(), abs=1e-12)
    assert out.a == pytest.approx(TORCH[cfg.activation](z, cfg).item(), abs=1e-12)


def test_hand_worked_example():
    out = forward(CONFIGS[0])  # 0.8·1 − 0.4·0.5 + 0.3·(−1.5) + 0.1 = 0.25
    assert out.terms == pytest.approx((0.8, -0.2, -0.45))
    assert out.z == pytest.approx(0.25)
    assert out.a == pytest.approx(1 / (1 + np.exp(-0.25)))  # 0.5622


def test_latex_substitutes_the_numbers():
    z_line, a_line = latex(CONFIGS[0], forward(CONFIGS[0]))
    assert r"0.8 \cdot 1 + (-0.4) \cdot 0.5 + 0.3 \cdot (-1.5) + 0.1 = 0.2500" in z_line
    assert a_line.endswith("= 0.5622")


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: c.activation)
def test_numpy_snippet_prints_the_calculators_numbers(cfg):
    out = forward(cfg)
    assert run_snippet(numpy_snippet(cfg)) == f"z = {out.z:.4f}\na = {out.a:.4f}\n"


def test_bad_configs_are_refused():
    with pytest.raises(ValueError):
        NeuronConfig((1.0, 2.0), (1.0,), 0.0)
    with pytest.raises(ValueError):
        NeuronConfig((float("nan"), 2.0), (1.0, 1.0), 0.0)
    with pytest.raises(ValueError):
        activations.value("nope", 1.0)


# --- claim: stacked linear layers equal one linear layer, to float tolerance ---

@pytest.mark.parametrize("inputs, seed", [(2, 0), (3, 1), (5, 7)])
def test_stacked_linear_layers_equal_one_linear_layer(inputs, seed):
    layers = neuron_layers.random_layers(inputs, seed)
    X = np.random.default_rng(seed).uniform(-3, 3, size=(100, inputs))
    # the reference: torch's own two Linear layers in a row, against one Linear holding W₂W₁ and W₂b₁ + b₂
    first, second, single = nn.Linear(inputs, 3).double(), nn.Linear(3, 2).double(), nn.Linear(inputs, 2).double()
    with torch.no_grad():
        for layer, (w, b) in ((first, (layers.W1, layers.b1)), (second, (layers.W2, layers.b2)),
                              (single, (layers.W, layers.b))):
            layer.weight.copy_(torch.from_numpy(w))
            layer.bias.copy_(torch.from_numpy(b))
        Xt = torch.from_numpy(X)
        torch.testing.assert_close(second(first(Xt)), single(Xt), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layers.stacked(X), second(first(Xt)).numpy(), atol=1e-12)
    res = neuron_layers.collapse(layers, X[0])
    assert res.linear_gap < 1e-12
    assert res.best_linear_rms > 0  # while the ReLU network is not linear


@pytest.mark.parametrize("seed", range(5))
def test_relu_between_layers_is_not_one_linear_layer(seed):
    layers = neuron_layers.random_layers(3, seed)
    res = neuron_layers.collapse(layers, np.array([1.0, -2.0, 0.5]))
    assert res.best_linear_rms > 0.05  # even the best-fitting matrix misses it
    t, stacked, single, relu = neuron_layers.along_input(layers, np.array([1.0, -2.0, 0.5]))
    np.testing.assert_allclose(stacked, single, atol=1e-12)
    # a linear map has constant slope along a line; the ReLU network's slope changes somewhere
    slopes = np.diff(relu, axis=0) / np.diff(t)[:, None]
    assert np.ptp(slopes, axis=0).max() > 1e-3


def test_relu_stack_matches_torch():
    layers = neuron_layers.random_layers(4, 3)
    x = np.array([0.5, -1.0, 2.0, 0.1])
    ref = torch.from_numpy(layers.W2) @ F.relu(torch.from_numpy(layers.W1) @ torch.from_numpy(x)
                                               + torch.from_numpy(layers.b1)) + torch.from_numpy(layers.b2)
    np.testing.assert_allclose(neuron_layers.collapse(layers, x).relu, ref.numpy(), atol=1e-12)


def test_bmatrix():
    assert neuron_layers.bmatrix(np.array([[1.0, -0.001], [2.5, 3.0]])) == \
        r"\begin{bmatrix}1.00 & 0.00 \\ 2.50 & 3.00\end{bmatrix}"


# --- claim: without bias, the boundary passes through the origin ---

def test_without_bias_the_boundary_passes_through_the_origin():
    points = neuron_bias.shifted_clouds(seed=0)
    with_b = neuron_bias.fit(points, bias=True)
    without_b = neuron_bias.fit(points, bias=False)
    assert without_b.b == 0.0 and without_b.distance_to_origin == 0.0
    assert with_b.distance_to_origin > 2.0  # the best line sits well away from (0, 0)
    assert with_b.accuracy >= 0.95
    assert without_b.accuracy <= 0.75  # turning a line about the origin cannot split these clouds


def test_accuracy_of_a_line_by_hand():
    points = neuron_bias.Points(np.array([[0.0, 0.0], [3.0, 3.0], [1.0, 0.0]]), np.array([0, 1, 1]))
    assert neuron_bias.accuracy(points, 1.0, 1.0, -2.0) == pytest.approx(2 / 3)  # (1, 0) is on the 0 side
    assert neuron_bias.accuracy(points, 1.0, 1.0, -0.5) == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_claim_only_a_neuron_with_a_bias_separates_the_clouds(seed):
    """The page's claim on several draws of the clouds: with a bias ≈ 100%, without one at most 75%."""
    points = neuron_bias.shifted_clouds(seed=seed)
    with_b, without_b = neuron_bias.fit(points, bias=True), neuron_bias.fit(points, bias=False)
    assert with_b.accuracy >= 0.95 and with_b.distance_to_origin > 2.0
    assert without_b.accuracy <= 0.75
