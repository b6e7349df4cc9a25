"""Fitting regimes: the diagnosis on hand-made curves, the overfitting claim on MNIST, bias–variance maths."""
import numpy as np
import pytest

from core.data_splits.fitting import BiasVarianceConfig, FittingConfig, bias_variance, diagnose, learning_curve
from core.data_splits.trainer import Curve


def curve(train, val):
    return Curve(train_loss=list(train), val_loss=list(val))


def test_diagnose_hand_made_curves():
    over = diagnose(curve([1.0, 0.5, 0.2, 0.1, 0.05], [1.0, 0.6, 0.5, 0.55, 0.7]))
    assert over.name == "overfitting" and over.best_epoch == 3 and over.best_val_loss == 0.5
    under = diagnose(curve([2.2, 2.0, 1.9, 1.85], [2.2, 2.05, 1.95, 1.9]))
    assert under.name == "underfitting" and under.best_epoch == 4
    good = diagnose(curve([1.0, 0.4, 0.2, 0.15], [1.0, 0.5, 0.42, 0.41]))
    assert good.name == "good fit"


@pytest.fixture(scope="module")
def small_runs(mnist):
    cfg = FittingConfig(n_train=500, epochs=15)
    return {name: learning_curve(mnist, cfg, name) for name in ("too small", "too large")}


def test_claim_too_large_model_validation_loss_turns_up_while_train_loss_keeps_falling(small_runs):
    run = small_runs["too large"]
    train, val = np.array(run.curve.train_loss), np.array(run.curve.val_loss)
    best = int(np.argmin(val))
    assert best < len(val) - 3  # the minimum is well before the end...
    assert val[-1] > 1.05 * val[best]  # ...validation loss has turned upward since...
    assert train[-1] < train[best] and np.all(np.diff(train[best:]) < 0.02)  # ...while training loss kept falling
    assert run.regime.name == "overfitting" and run.regime.best_epoch == best + 1


def test_too_small_model_underfits(small_runs):
    run = small_runs["too small"]
    assert run.regime.name == "underfitting"
    assert run.curve.train_loss[-1] > 1.0 and abs(run.curve.val_loss[-1] - run.curve.train_loss[-1]) < 0.3


@pytest.fixture(scope="module")
def bv():
    return bias_variance(BiasVarianceConfig(widths=(1, 4, 8, 64), datasets=8, steps=1500))


def test_bias_variance_decomposition_is_exact(bv):
    """mean over training sets of (fit − truth)² equals bias² + variance, point by point (hand-worked identity)."""
    for i in range(len(bv.widths)):
        err = ((bv.predictions[i] - bv.truth) ** 2).mean()
        assert np.isclose(err, bv.bias2[i] + bv.variance[i], rtol=1e-4)


def test_claim_bias_falls_and_variance_rises_with_capacity(bv):
    assert bv.bias2[0] > 5 * bv.bias2[2]  # one unit cannot bend to the curve
    assert bv.variance[-1] > bv.variance[2]  # 64 units chase each training set's noise
    assert bv.train_mse[-1] < bv.train_mse[0]
    assert bv.best_width not in (bv.widths[0], bv.widths[-1])  # expected test error is U-shaped


@pytest.fixture(scope="module")
def default_runs(mnist):
    """The page's default: 1,000 images, 20 epochs, seeds 0, 1 and 2."""
    from core.data_splits.fitting import learning_curves, one_seed

    cfg = FittingConfig()
    assert cfg.seeds >= 3
    return learning_curves(cfg, lambda name, seed: learning_curve(mnist, one_seed(cfg, seed), name))


def test_claim_the_default_shows_each_regime_on_every_seed(default_runs):
    assert default_runs.regimes("too small") == ["underfitting"] * 3
    assert default_runs.regimes("right") == ["good fit"] * 3
    assert default_runs.regimes("too large") == ["overfitting"] * 3
    assert max(default_runs.best_epochs("too large")) < 10  # early stopping acts well before the end


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_claim_the_default_bias_variance_is_u_shaped_on_every_seed(seed):
    """The page's default (9 widths, 20 training sets, 2,000 steps): bias falls, variance rises, the U's bottom
    is neither the smallest nor the largest network."""
    bv = bias_variance(BiasVarianceConfig(seed=seed))
    assert bv.bias2[0] > 5 * bv.bias2[2] and bv.variance[-1] > bv.variance[2]
    assert bv.best_width not in (bv.widths[0], bv.widths[-1])
