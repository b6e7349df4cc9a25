"""Backprop by hand against torch.autograd, and the walk-through the page steps through."""
import numpy as np
import pytest
import torch

from core.loss_optimization.backprop import NetConfig, WalkPosition, autograd_gradients, manual_gradients, walk

SAMPLES = [((0.0, 0.0), 0.0), ((0.0, 1.0), 1.0), ((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)]


def random_config(seed: int, x, y, loss: str) -> NetConfig:
    w = torch.Generator().manual_seed(seed)
    r = lambda n: tuple((torch.rand(n, generator=w, dtype=torch.float64) * 4 - 2).tolist())  # noqa: E731
    return NetConfig(x, y, r(4), r(2), r(2), r(1)[0], loss)


@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("x,y", SAMPLES)
def test_claim_manual_gradients_equal_autograd(loss, x, y):
    for seed in range(5):
        cfg = random_config(seed, x, y, loss)
        _, mine = manual_gradients(cfg)
        ref = autograd_gradients(cfg)
        for key, value in ref.items():
            torch.testing.assert_close(mine[key], value, atol=1e-6, rtol=0, msg=f"{key} (seed {seed})")


def test_every_step_of_the_walk_matches_autograd():
    w = walk(NetConfig())
    assert [s.key for s in w.steps] == ["forward", "y_hat", "z2", "W2", "b2", "h", "z1", "W1", "b1", "update"]
    checked = [s for s in w.steps if s.autograd is not None]
    assert len(checked) == 8
    assert all(s.error <= 1e-6 for s in checked)


def test_forward_values_by_hand():
    """z₁ = W₁x + b₁ with x = (1, 0) picks W₁'s first column."""
    w = walk(NetConfig())
    z1 = np.array([0.5 + 0.1, 0.3 - 0.1])
    h = 1 / (1 + np.exp(-z1))
    y_hat = 1 / (1 + np.exp(-(0.7 * h[0] - 0.6 * h[1] + 0.05)))
    np.testing.assert_allclose(w.forward["h"], h)
    np.testing.assert_allclose(w.forward["y_hat"], [y_hat])
    assert w.forward["loss"] == pytest.approx(-np.log(y_hat))


def test_bce_after_a_sigmoid_gives_dz2_equal_y_hat_minus_y():
    w = walk(NetConfig())
    assert w.grads["z2"][0] == pytest.approx(w.forward["y_hat"][0] - 1.0)


@pytest.mark.parametrize("x,y", SAMPLES)
def test_one_gradient_descent_step_lowers_the_loss(x, y):
    for loss in ("bce", "mse"):
        w = walk(NetConfig(x=x, y=y, loss=loss, lr=0.5))
        before, after = w.steps[-1].value
        assert after < before
        assert w.loss_after == after


def test_the_update_is_theta_minus_lr_times_gradient():
    cfg = NetConfig(lr=0.5)
    w = walk(cfg)
    np.testing.assert_allclose(w.new_params["W1"], np.array(cfg.w1).reshape(2, 2) - 0.5 * w.grads["W1"])
    np.testing.assert_allclose(w.new_params["b2"], [cfg.b2 - 0.5 * w.grads["b2"][0]])


def test_step_formulas_hold_numbers_and_walk_position_starts_at_zero():
    w = walk(NetConfig())
    assert "0.6108" in w.steps[0].numbers  # the loss of the default network
    assert r"\frac{\partial L}{\partial W_1}" in w.steps[7].formula
    assert WalkPosition().step == 0


def test_unknown_loss_is_refused():
    with pytest.raises(ValueError):
        walk(NetConfig(loss="hinge"))
