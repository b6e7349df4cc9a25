"""The activation table: every row's NumPy f and f' agree with torch (functional, module and autograd),
its by-hand code computes the same f, and every lesson's menu is a selection of its names."""
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core import activations, models
from core.architectures import playground
from core.loss_optimization.gradient_flow import FLOW_ACTIVATIONS
from core.mnist.inspection import ACTIVATION_LAYERS
from core.mnist.numpy_mlp import SCRATCH_ACTIVATIONS
from core.neuron.calculator import NEURON_ACTIVATIONS

Z = np.concatenate([np.linspace(-8, 8, 161), [-50.0, -1e-3, 0.0, 1e-3, 50.0]])
PARAMS = [(0.01, 1.0), (0.2, 0.5), (0.0, 2.5)]  # (Leaky ReLU slope, ELU alpha)


def torch_f(name: str, slope: float, alpha: float):
    return {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": F.relu,
        "leaky_relu": lambda t: F.leaky_relu(t, negative_slope=slope),
        "elu": lambda t: F.elu(t, alpha=alpha),
        "gelu": lambda t: F.gelu(t, approximate="none"),
        "linear": lambda t: t,
    }[name]


@pytest.mark.parametrize("slope, alpha", PARAMS)
@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
def test_value_and_derivative_match_torch(name, slope, alpha):
    z = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
    a = torch_f(name, slope, alpha)(z)
    a.sum().backward()  # each output depends on its own z only, so this gives f'(z) elementwise
    np.testing.assert_allclose(activations.value(name, Z, slope, alpha), a.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(activations.derivative(name, Z, slope, alpha), z.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_extreme_inputs_stay_finite_without_warnings():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        for name in activations.ACTIVATIONS:
            for z in (-1000.0, 1000.0):
                assert np.isfinite(activations.value(name, z)) and np.isfinite(activations.derivative(name, z))


def test_weak_gradient_regions():
    zs = np.linspace(-6, 6, 1201)
    sig = activations.weak_gradient_regions("sigmoid", zs)
    assert [r.dead for r in sig] == [False, False]  # both tails saturate; the gradient never hits exactly 0
    # σ(1 − σ) = 0.05 at σ = (1 − √0.8)/2, i.e. |z| = 2.887
    assert sig[0].hi == pytest.approx(-2.887, abs=0.02) and sig[1].lo == pytest.approx(2.887, abs=0.02)
    relu = activations.weak_gradient_regions("relu", zs)
    assert len(relu) == 1 and relu[0].dead and relu[0].lo == -6 and relu[0].hi == pytest.approx(0.0)


def test_leaky_relu_and_elu_never_die():
    """The dying-ReLU note: below zero ReLU passes no gradient, Leaky ReLU and ELU always pass some."""
    zs = np.linspace(-6, 6, 1201)
    assert np.all(activations.derivative("relu", zs[zs < 0]) == 0)
    for name in ("leaky_relu", "elu"):
        assert np.all(activations.derivative(name, zs, slope=0.01, alpha=1.0) > 0)
        assert not any(r.dead for r in activations.weak_gradient_regions(name, zs, slope=0.01, alpha=1.0))


def test_unknown_activation_is_refused():
    with pytest.raises(ValueError, match="unknown activation"):
        activations.value("swishy", 0.0)
    with pytest.raises(ValueError, match="unknown activation"):
        activations.module("swishy")


@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
def test_each_rows_torch_module_computes_its_numpy_f_and_autograd_its_f_prime(name):
    """The module a network is built with (at SLOPE and ALPHA) is the f the NumPy maths and the formulas describe."""
    layer = activations.module(name)
    assert isinstance(layer, activations.ACTIVATIONS[name].module)
    z = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
    a = layer(z)
    a.sum().backward()
    np.testing.assert_allclose(activations.value(name, Z), a.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(activations.derivative(name, Z), z.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_the_default_parameters_are_pytorchs():
    assert torch.nn.LeakyReLU().negative_slope == activations.SLOPE and torch.nn.ELU().alpha == activations.ALPHA


@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
def test_float32_stays_float32_and_matches_torch_in_float32(name):
    """The NumPy MLP runs in float32 beside its PyTorch twin: the table must not widen its arrays."""
    z = Z.astype(np.float32)
    a, d = activations.value(name, z), activations.derivative(name, z)
    assert a.dtype == d.dtype == np.float32
    t = torch.tensor(z, requires_grad=True)
    out = activations.module(name)(t)
    out.sum().backward()
    np.testing.assert_allclose(a, out.detach().numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(d, t.grad.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("slope, alpha", PARAMS)
@pytest.mark.parametrize("name", list(activations.ACTIVATIONS))
def test_each_rows_by_hand_code_and_latex_state_the_same_f(name, slope, alpha):
    row = activations.ACTIVATIONS[name]
    code = row.code.format(slope=slope, alpha=alpha)
    for z in (-2.5, -0.1, 0.0, 0.7, 3.0):
        by_hand = eval(code, {"np": np, "math": math, "z": z})  # our own table's text, never a visitor's
        assert by_hand == pytest.approx(float(activations.value(name, z, slope, alpha)), rel=1e-12, abs=1e-15)
    assert "1.5" in row.applied.format(z="1.5", slope=f"{slope:g}", alpha=f"{alpha:g}")
    assert row.label and row.formula and row.derivative


@pytest.mark.parametrize("menu", [models.ACTIVATIONS, playground.ACTIVATIONS, SCRATCH_ACTIVATIONS, FLOW_ACTIVATIONS,
                                  NEURON_ACTIVATIONS], ids=["mnist", "playground", "scratch", "flow", "neuron"])
def test_every_lessons_menu_is_a_selection_of_the_table(menu):
    assert set(menu) <= set(activations.ACTIVATIONS) and len(set(menu)) == len(menu)


def test_the_menus_keep_their_url_values_and_order():
    """Links name these values (mnist_act, arch_act, neuron_act, mnist_np_act); the first is each menu's default."""
    assert models.ACTIVATIONS == ("relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu")
    assert playground.ACTIVATIONS == ("tanh", "relu", "sigmoid", "linear", "leaky_relu", "elu", "gelu")
    assert NEURON_ACTIVATIONS == ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu")
    assert SCRATCH_ACTIVATIONS == ("relu", "sigmoid", "tanh") and FLOW_ACTIVATIONS == ("sigmoid", "tanh", "relu")
    assert [activations.get(a).label for a in playground.ACTIVATIONS] == [
        "tanh", "ReLU", "Sigmoid", "linear", "Leaky ReLU", "ELU", "GELU"]


def test_inspection_finds_the_layers_of_every_mnist_activation():
    assert set(ACTIVATION_LAYERS) == {type(activations.module(a)) for a in models.ACTIVATIONS}
    assert torch.nn.ReLU in ACTIVATION_LAYERS  # the CNN's
