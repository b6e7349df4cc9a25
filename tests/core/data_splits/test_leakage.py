"""Leakage simulator: the k-NN and scaler against scikit-learn, and every kind's claim."""
import numpy as np
import pytest

from core.data_splits.leakage import (
    LeakageConfig,
    add_duplicates,
    group_split,
    knn_predict,
    make_table,
    simulate,
    standardise,
)


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(0)
    return make_table(rng, 80, 4), make_table(rng, 200, 4)


@pytest.mark.parametrize("k", [1, 5, 9])
def test_knn_matches_sklearn(table, k):
    from sklearn.neighbors import KNeighborsClassifier

    (x, y), (q, _) = table
    ours = knn_predict(x, y, q, k)[0]
    reference = KNeighborsClassifier(k).fit(x, y).predict(q)
    assert (ours == reference).mean() == 1.0


def test_knn_with_column_masks_matches_sklearn_on_those_columns(table):
    from sklearn.neighbors import KNeighborsClassifier

    (x, y), (q, _) = table
    masks = np.array([[1, 1, 0, 0, 0, 0], [0, 1, 0, 1, 1, 0]], dtype=np.float32)
    preds = knn_predict(x, y, q, [3, 7], masks)
    for pred, k, m in zip(preds, [3, 7], masks.astype(bool), strict=True):
        assert (pred == KNeighborsClassifier(k).fit(x[:, m], y).predict(q[:, m])).all()


def test_standardise_matches_sklearn_standard_scaler(table):
    from sklearn.preprocessing import StandardScaler

    (x, _), (q, _) = table
    (ours,) = standardise(x[:40], q)
    assert np.allclose(ours, StandardScaler().fit(x[:40]).transform(q), atol=1e-4)


def test_group_split_keeps_every_copy_on_one_side():
    rng = np.random.default_rng(1)
    x, y = make_table(rng, 40, 2)
    x2, y2, groups = add_duplicates(rng, x, y, 0.5)
    assert len(y2) == 60 and np.array_equal(y2[40:], y[groups[40:]])
    parts = group_split(rng, groups)
    assert sorted(np.concatenate(parts).tolist()) == list(range(60))
    sides = [set(groups[p].tolist()) for p in parts]
    assert not (sides[0] & sides[1] or sides[0] & sides[2] or sides[1] & sides[2])


def test_simulation_is_repeatable():
    a = simulate(LeakageConfig(repeats=3, seed=4), "b")[0]
    b = simulate(LeakageConfig(repeats=3, seed=4), "b")[0]
    assert np.array_equal(a.leaky_estimate, b.leaky_estimate)


def check_claim(outcome, margin):
    """The leaky pipeline's estimate exceeds its score on never-touched rows; the honest one's does not (much)."""
    assert outcome.leaky_estimate.mean() > outcome.leaky_fresh.mean() + margin
    assert outcome.leaky_optimism > outcome.honest_optimism + margin
    assert abs(outcome.honest_optimism) < 0.06  # an honest estimate is right on average (SE about 0.02)


def test_claim_a_standardising_before_the_split_flatters_the_estimate():
    """The smallest leak, so it needs many repeats: about +3 points, honest about 0 (SE under 1 point)."""
    (a,) = simulate(LeakageConfig(repeats=120), "a")
    check_claim(a, 0.01)


def test_claims_b_and_c_tuning_on_test_and_duplicates_flatter_the_estimate():
    b, c = simulate(LeakageConfig(repeats=30), "bc")
    check_claim(b, 0.05)  # the best of 30 settings by test score: about +12 points
    check_claim(c, 0.04)  # copies on both sides of the split: 1-NN finds the answer


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_claim_every_leak_shows_on_the_default_settings_on_every_seed(seed):
    """The page's default (100 repeats): each kind's leaky optimism is positive beyond two standard errors."""
    for outcome in simulate(LeakageConfig(seed=seed)):
        assert outcome.leak_shows, (outcome.kind, outcome.leaky_optimism, outcome.optimism_error())
        assert abs(outcome.honest_optimism) < 3 * outcome.optimism_error("honest") + 0.01  # honest: right on average
