"""Batch vs mini-batch vs stochastic gradient descent on a real MNIST subset."""
import math

import numpy as np
import pytest

from core.loss_optimization.batching import BatchConfig, compare, compare_seeds, time_update


@pytest.fixture(scope="module")
def runs(mnist):
    cfg = BatchConfig(n_train=300, epochs=1, lr=0.01, mini_batch=32)
    return compare(cfg, mnist.train_x, mnist.train_y)


def test_updates_per_epoch(runs):
    assert [r.updates_per_epoch for r in runs] == [1, math.ceil(300 / 32), 300]
    assert [len(r.batch_losses) for r in runs] == [1, 10, 300]


def test_smaller_batches_give_a_noisier_loss_curve(runs):
    batch, mini, stochastic = (r.noise for r in runs)
    assert batch < 1e-5  # the full batch's loss is the true loss
    assert stochastic > mini > batch


def test_all_runs_start_from_the_same_network(runs):
    assert len({round(r.full_losses[0], 6) for r in runs}) == 1


def test_more_updates_per_epoch_lower_the_loss_faster_at_a_small_learning_rate(runs):
    batch, mini, stochastic = (r.final_loss for r in runs)
    assert stochastic < mini < batch < runs[0].full_losses[0]


def test_bad_settings_are_refused(mnist):
    with pytest.raises(ValueError):
        compare(BatchConfig(lr=float("nan")), mnist.train_x, mnist.train_y)
    with pytest.raises(ValueError):
        compare(BatchConfig(epochs=0), mnist.train_x, mnist.train_y)


def test_compare_seeds_refuses_bad_settings_too(mnist):
    with pytest.raises(ValueError):
        compare_seeds(BatchConfig(lr=float("nan")), mnist.train_x, mnist.train_y)


def test_timing_is_a_median_of_repeats_after_a_warm_up(mnist):
    timing = time_update(BatchConfig(n_train=300), 32, mnist.train_x[:300], mnist.train_y[:300], repeats=5)
    assert len(timing.seconds) == 5 and timing.low <= timing.median <= timing.high and timing.low > 0


def test_smoothed_is_the_mean_of_the_last_updates(runs):
    stochastic = runs[2]
    smooth = stochastic.smoothed(10)
    assert smooth[0] == pytest.approx(stochastic.batch_losses[0])
    assert smooth[20] == pytest.approx(np.mean(stochastic.batch_losses[11:21]))


def test_time_axis_is_updates_times_the_median_update(mnist):
    cfg = BatchConfig(n_train=200, epochs=1)
    result = compare_seeds(cfg, mnist.train_x, mnist.train_y, seeds=1)
    mini = result.first[1]
    assert result.seconds(1, mini)[-1] == pytest.approx(mini.updates_per_epoch * result.timings[1].median)
    assert result.time_to(1, mini.full_losses[0] + 1) == pytest.approx([0.0])  # already below at the start
