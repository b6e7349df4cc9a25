"""Loss values against torch.nn.functional, slopes against autograd, and the page's two claims about losses."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.loss_optimization import losses

REGRESSION = [(-1.3, 0.5), (0.2, 0.2001), (2.5, 1.0), (-4.0, 2.0), (0.7, -0.4)]  # (prediction, target)
PROBABILITIES = [(0.01, 1.0), (0.2, 1.0), (0.5, 0.0), (0.93, 0.0), (0.6, 0.3), (0.999, 1.0)]


@pytest.mark.parametrize("name", ["mse", "mae", "huber"])
@pytest.mark.parametrize("pred,target", REGRESSION)
def test_regression_losses_equal_torch_functional(name, pred, target):
    for delta in (0.5, 1.0, 2.0):
        assert losses.loss(name, pred, target, delta) == pytest.approx(losses.torch_loss(name, pred, target, delta),
                                                                       rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", ["bce", "cce"])
@pytest.mark.parametrize("pred,target", PROBABILITIES)
def test_probabilistic_losses_equal_torch_functional(name, pred, target):
    if name == "cce":
        target = 1.0
    assert losses.loss(name, pred, target) == pytest.approx(losses.torch_loss(name, pred, target), rel=1e-9)


def test_cce_is_cross_entropy_of_logits():
    """-log p of the true class is what F.cross_entropy computes from logits through a softmax."""
    logits = torch.tensor([[2.0, -1.0, 0.5]], dtype=torch.float64)
    p_true = torch.softmax(logits, 1)[0, 0].item()
    assert losses.loss("cce", p_true, 1.0) == pytest.approx(F.cross_entropy(logits, torch.tensor([0])).item())


def reference(name: str, p: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """The loss built from torch operations, for autograd to differentiate."""
    if name == "mse":
        return (p - t) ** 2
    if name == "mae":
        return (p - t).abs()
    if name == "huber":
        return F.huber_loss(p, t, delta=1.0)
    return F.binary_cross_entropy(p, t) if name == "bce" else -p.log()


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_gradients_equal_autograd(name):
    cases = PROBABILITIES if name in losses.PROBABILISTIC else REGRESSION
    for pred, target in cases:
        if name == "cce":
            target = 1.0
        p = torch.tensor(pred, dtype=torch.float64, requires_grad=True)
        t = torch.tensor(target, dtype=torch.float64)
        reference(name, p, t).backward()
        assert losses.gradient(name, pred, target) == pytest.approx(p.grad.item(), rel=1e-9, abs=1e-12)


def test_explain_writes_the_numbers_into_the_formula():
    point = losses.explain("mse", 2.5, 1.0)
    assert point.loss == pytest.approx(2.25) and point.grad == pytest.approx(3.0)
    assert "2.500" in point.formula and "2.2500" in point.formula and "3.0000" in point.grad_formula
    assert point.torch_loss == pytest.approx(point.loss)


def test_unknown_loss_is_refused():
    with pytest.raises(ValueError):
        losses.loss("hinge", 0.1, 1.0)


# --- claims ---

def test_claim_bce_after_sigmoid_has_a_larger_gradient_than_mse_when_confidently_wrong():
    """Checked with autograd through torch.sigmoid, for both labels."""
    for target, z0 in ((1.0, -6.0), (0.0, 6.0)):
        grads = {}
        for name, fn in (("bce", F.binary_cross_entropy), ("mse", F.mse_loss)):
            z = torch.tensor([z0], dtype=torch.float64, requires_grad=True)
            fn(torch.sigmoid(z), torch.tensor([target], dtype=torch.float64)).backward()
            grads[name] = abs(z.grad.item())
        assert grads["bce"] > 100 * grads["mse"]  # 0.9975 against 0.0049
        mse, bce = losses.logit_gradients(z0, target)
        assert abs(float(bce)) == pytest.approx(grads["bce"]) and abs(float(mse)) == pytest.approx(grads["mse"])


def test_near_the_target_both_gradients_are_small():
    mse, bce = losses.logit_gradients(6.0, 1.0)
    assert abs(bce) < 0.01 and abs(mse) < 0.01


def test_claim_an_outlier_moves_the_mse_line_but_not_the_mae_line():
    """However far the outlier goes, the MAE line stays put; the MSE line follows it."""
    fits = [losses.fit_with_outlier(o) for o in (5.0, 10.0, 20.0, 30.0)]
    mse_slopes = [f.mse_line[0] for f in fits]
    assert all(a < b for a, b in zip(mse_slopes, mse_slopes[1:], strict=False)) and mse_slopes[-1] - mse_slopes[0] > 1
    for f in fits[1:]:
        assert f.mae_line == pytest.approx(fits[0].mae_line, abs=1e-9)
    clean = losses.fit_with_outlier(0.0)
    assert abs(fits[2].mae_line[0] - clean.mae_line[0]) < 0.1 * abs(fits[2].mse_line[0] - clean.mse_line[0])


def test_mse_line_is_least_squares_and_mae_line_is_optimal():
    """References: numpy's lstsq for MSE; scikit-learn's median (quantile 0.5) regression for MAE."""
    from sklearn.linear_model import QuantileRegressor

    x, y = losses.outlier_points(15.0)
    fit = losses.fit_with_outlier(15.0)
    ref = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y, rcond=None)[0]
    assert fit.mse_line == pytest.approx(tuple(ref))
    q = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(x[:, None], y)
    cost = lambda line: np.abs(y - (line[0] * x + line[1])).sum()  # noqa: E731
    assert cost(fit.mae_line) <= cost((q.coef_[0], q.intercept_)) + 1e-9


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_claim_on_three_draws_of_the_points_the_outlier_moves_mse_far_more_than_mae(seed):
    """The page's caption on other noise draws: the MSE slope chases the outlier, the MAE slope barely moves."""
    clean, pushed = losses.fit_with_outlier(0.0, seed), losses.fit_with_outlier(15.0, seed)
    mse_move, mae_move = abs(pushed.mse_line[0] - clean.mse_line[0]), abs(pushed.mae_line[0] - clean.mae_line[0])
    assert mse_move > 0.5 and mae_move < 0.1 * mse_move
