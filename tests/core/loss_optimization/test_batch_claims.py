"""The batch-size tab's claims, on its default setup and 3 seeds: per epoch the many small steps win, per second
the mini-batch wins, and a mini-batch step costs far less than its number of images times a single-image step."""
import numpy as np
import pytest

from core.loss_optimization import batch_summary
from core.loss_optimization import training_figures as figures
from core.loss_optimization.batch_summary import BATCH, MINI, STOCHASTIC
from core.loss_optimization.batching import BatchConfig, compare_seeds


@pytest.fixture(scope="module")
def default(mnist):
    """The tab's default: 1,000 images of the seed-0 subset, 2 epochs, lr 0.01, mini-batch 64, seeds 0, 1, 2."""
    cfg = BatchConfig()
    sub = mnist.subset(cfg.n_train, seed=0)
    return compare_seeds(cfg, sub.train_x, sub.train_y)


def test_three_seeds_each_with_the_three_batch_sizes(default):
    assert default.seeds == [0, 1, 2]
    assert [[r.batch_size for r in runs] for runs in default.runs] == [[1000, 64, 1]] * 3
    assert len({round(runs[0].full_losses[0], 6) for runs in default.runs}) == 3  # different starting networks


def test_claim_per_epoch_stochastic_lowest_then_mini_batch_then_full_batch_on_every_seed(default):
    final = [default.final_losses(i) for i in range(3)]
    assert (final[STOCHASTIC] < final[MINI]).all() and (final[MINI] < final[BATCH]).all()
    assert batch_summary.apart(final[STOCHASTIC], final[MINI])  # beyond the spread: the page names a winner
    assert "**Per epoch** stochastic steps (one image) got lowest" in batch_summary.takeaway(default)


def test_claim_smaller_batches_see_a_noisier_loss_on_every_seed(default):
    for runs in default.runs:
        batch, mini, stochastic = (r.noise for r in runs)
        assert batch < 1e-5 < mini < stochastic / 5


def test_claim_a_mini_batch_step_costs_far_less_than_its_images_times_one_image(default):
    """Vectorised hardware: 64 images in one step take a few times one image's step, not 64 times."""
    t = default.timings
    assert t[MINI].median < 8 * t[STOCHASTIC].median
    assert default.epoch_seconds(MINI) < default.epoch_seconds(STOCHASTIC) / 4  # an epoch: 16 steps against 1,000
    assert t[BATCH].median > t[MINI].median  # all 1,000 images in one step do cost more


def test_claim_per_second_mini_batches_reach_the_loss_first_on_every_seed(default):
    level = default.target
    mini, sgd, full = (default.time_to(i, level) for i in (MINI, STOCHASTIC, BATCH))
    assert np.isfinite(mini).all() and np.isfinite(sgd).all()  # every small-batch run got there
    assert batch_summary.apart(mini, sgd)  # every seed's mini-batch before every seed's stochastic run
    assert np.isnan(full).all()  # two full-batch steps never get there
    assert "mini-batches got there first" in batch_summary.takeaway(default)
    assert batch_summary.headline(default).startswith("count epochs and the many small steps can win")


def test_table_and_figure_show_every_run_without_clipping(default):
    table = batch_summary.table(default)
    assert table["updates per epoch"] == [1, 16, 1000]
    assert table[f"seconds to loss {default.target:.2f}"][BATCH] == "not reached"
    fig = figures.batch_curves(default)
    assert fig.layout.yaxis.range is None and fig.layout.yaxis.rangemode == "tozero"  # no upper clip at 4
    assert fig.layout.xaxis2.type == "log" and fig.layout.xaxis2.dtick == 1  # time: powers of ten only
    dots = next(t for t in fig.data if t.name == "stochastic (1): one dot per update")
    assert dots.marker.opacity < 0.5 and len(dots.y) == 2000  # every update, faint
    assert any((t.name or "").startswith("stochastic (1): mean of the last") for t in fig.data)
    faint = [t for t in fig.data if t.xaxis == "x2" and t.opacity is not None and t.opacity < 0.5]
    assert len(faint) == 9  # a faint line per seed and batch size


def test_spread_and_apart():
    assert batch_summary.spread([0.2, 0.3, 0.4]) == "0.30 (0.20–0.40)"
    assert batch_summary.spread([0.5, 0.5001]) == "0.50"
    assert batch_summary.apart(np.array([1, 2]), np.array([3, 4]))
    assert not batch_summary.apart(np.array([1, 3]), np.array([2, 4]))
