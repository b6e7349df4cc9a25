"""Input scale: the three scales of the same images, and the claim that standardised inputs converge fastest."""
import torch

from core.data_splits.scaling import SCALES, NormConfig, input_scales, normalization_experiment


def test_input_scales(mnist):
    x = mnist.train_x[:500]
    scales = input_scales(mnist, x, x)
    raw, unit, std = (scales[s] for s in SCALES)
    assert torch.allclose(raw, unit * 255) and unit.min() >= -1e-6 and unit.max() <= 1 + 1e-6
    assert abs(std.mean().item()) < 1e-4 and abs(std.std().item() - 1) < 1e-4  # statistics of these images


def test_claim_standardised_inputs_converge_faster_than_raw_pixels(mnist):
    result = normalization_experiment(mnist, NormConfig())  # the page's default: 2000 images, 2 epochs, Adam
    raw, unit, std = SCALES
    assert result.mean_loss(std) < result.mean_loss(unit) < result.mean_loss(raw)
    settled = result.steps_to_target(std)
    assert settled is not None
    assert result.steps_to_target(raw) is None or result.steps_to_target(raw) > settled
    assert result.curves[std].val_acc[-1] > result.curves[raw].val_acc[-1]


def test_sgd_on_raw_pixels_is_caught_not_crashed(mnist):
    result = normalization_experiment(mnist, NormConfig(n_train=256, epochs=1, optimizer="sgd", lr=0.1))
    assert result.mean_loss(SCALES[0]) > result.mean_loss(SCALES[2])  # raw diverges or stalls: inf or high
