"""Input scale: the three scales of the same images, and the claim that standardised inputs converge fastest."""
import numpy as np
import torch

from core.data_splits.scaling import SCALES, NormConfig, input_scales, normalization_experiment


def test_input_scales(mnist):
    x = mnist.train_x[:500]
    scales = input_scales(mnist, x, x)
    raw, unit, std = (scales[s] for s in SCALES)
    assert torch.allclose(raw, unit * 255) and unit.min() >= -1e-6 and unit.max() <= 1 + 1e-6
    assert abs(std.mean().item()) < 1e-4 and abs(std.std().item() - 1) < 1e-4  # statistics of these images


def test_claim_standardised_inputs_converge_faster_than_raw_pixels(mnist):
    result = normalization_experiment(mnist, NormConfig())  # the page's default, one seed: 2000 images, 2 epochs, SGD
    raw, unit, std = SCALES
    assert result.mean_loss(std) < result.mean_loss(unit) < result.mean_loss(raw)
    settled = result.steps_to_target(std)
    assert settled is not None
    assert result.steps_to_target(raw) is None or result.steps_to_target(raw) > settled
    assert result.curves[std].val_acc[-1] > result.curves[raw].val_acc[-1]


def test_sgd_on_raw_pixels_is_caught_not_crashed(mnist):
    result = normalization_experiment(mnist, NormConfig(n_train=256, epochs=1, optimizer="sgd", lr=0.1))
    assert result.mean_loss(SCALES[0]) > result.mean_loss(SCALES[2])  # raw diverges or stalls: inf or high


def test_claim_the_default_orders_the_scales_on_every_seed(mnist):
    """The page's default (SGD at lr 0.01, 3 seeds): standardised > [0, 1] > raw on each seed, beyond the spread.

    Raw pixels: 255 times the input makes the fixed step overshoot, and the network ends at chance.
    """
    from core.data_splits import noise
    from core.data_splits.scaling import compare_scales, one_seed

    cfg = NormConfig()
    assert cfg.seeds >= 3
    result = compare_scales(cfg, lambda seed: normalization_experiment(mnist, one_seed(cfg, seed)))
    raw, unit, std = (result.final_acc(s) for s in SCALES)
    assert np.all(std > unit) and np.all(unit > np.nan_to_num(raw, nan=0.0))  # on every seed
    assert noise.ahead(std, unit) and noise.ahead(unit, np.nan_to_num(raw, nan=0.0))  # beyond the spread
    assert np.all(np.nan_to_num(raw, nan=0.0) < 0.2)  # raw pixels: no better than guessing among 10 digits
    assert np.all(result.mean_loss(SCALES[2]) < result.mean_loss(SCALES[1]))  # and standardised converges fastest
