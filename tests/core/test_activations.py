"""Activations and their derivatives agree with torch.nn.functional and autograd."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core import activations

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
