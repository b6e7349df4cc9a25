"""The NumPy MLP's hand-written backprop equals autograd, and trained side by side it follows PyTorch."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.mnist.numpy_mlp import NumpyMLP, ScratchConfig, compare
from core.models import mlp


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_hand_written_gradients_equal_autograd(activation):
    torch.manual_seed(0)
    net = mlp(20, (16, 8), 5, activation).double()
    scratch = NumpyMLP.from_torch(net, activation)
    x, y = torch.randn(12, 20, dtype=torch.float64), torch.randint(0, 5, (12,))
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    value, gw, gb = scratch.loss_and_grads(x.numpy(), y.numpy())
    assert value == pytest.approx(loss.item(), rel=1e-12)
    linears = [m for m in net.modules() if isinstance(m, torch.nn.Linear)]
    for m, w, b in zip(linears, gw, gb, strict=True):
        np.testing.assert_allclose(w, m.weight.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(b, m.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_one_sgd_step_matches_torch_optim():
    torch.manual_seed(1)
    net = mlp(10, (6,), 3)
    scratch = NumpyMLP.from_torch(net)
    x, y = torch.randn(8, 10), torch.randint(0, 3, (8,))
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    F.cross_entropy(net(x), y).backward()
    opt.step()
    _, gw, gb = scratch.loss_and_grads(x.numpy(), y.numpy())
    scratch.sgd_step(gw, gb, 0.5)
    np.testing.assert_allclose(scratch.weights[0], net[1].weight.detach().numpy(), atol=1e-6)


def test_from_torch_copies_the_weights():
    net = mlp(4, (3,), 2)
    scratch = NumpyMLP.from_torch(net)
    scratch.weights[0] += 1
    assert not np.allclose(scratch.weights[0], net[1].weight.detach().numpy())


def test_numpy_and_pytorch_trained_side_by_side_agree_on_mnist(mnist):
    """The page's claim: same start, same batches, same loss at every step to float32 tolerance."""
    c = compare(ScratchConfig(hidden=(64,), images=2000, lr=0.1), mnist)
    assert len(c.torch_losses) == len(c.numpy_losses) == 32  # 2000 images / batch 64
    assert c.max_loss_gap < 1e-4
    assert c.max_weight_gap < 1e-4
    assert c.torch_losses[-1] < c.torch_losses[0] - 0.5  # and both really learnt
    assert abs(c.torch_acc - c.numpy_acc) < 0.002
    assert c.torch_seconds > 0 and c.numpy_seconds > 0 and c.speedup > 0


def test_unknown_activation_and_bad_settings_are_refused(mnist):
    with pytest.raises(ValueError, match="NumPy MLP"):
        compare(ScratchConfig(activation="gelu"), mnist)
    with pytest.raises(ValueError):
        compare(ScratchConfig(lr=0.0), mnist)
