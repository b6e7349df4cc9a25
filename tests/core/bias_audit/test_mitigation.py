"""The audit of the baseline, thresholds, and the claim that mitigation reduces disparity."""
from dataclasses import replace

import numpy as np
import pytest

from core.bias_audit.arrests import TabularConfig
from core.bias_audit.mitigation import (
    SEEDS,
    compare_over_seeds,
    outcome_points,
    predict_with_thresholds,
    run_mitigations,
    run_tabular_audit,
)
from tests.core.bias_audit.test_classifiers import FAST
from tests.core.bias_audit.test_images import one_thread  # noqa: F401  (the fixture, shared)

pytestmark = pytest.mark.usefixtures("one_thread")


def test_baseline_learns_despite_the_imbalance():
    audit = run_tabular_audit(FAST)
    assert audit.balanced_accuracy > 0.6  # better than 'release everyone' (0.5)
    assert 0.3 < (audit.scores >= 0.5).mean() < 0.9  # class weights: not everyone released
    assert audit.report.values["spd"] < -0.1  # Black arrestees are released less often: the bias to audit


def test_lower_threshold_releases_more_of_that_group():
    scores = np.array([0.2, 0.4, 0.6, 0.8, 0.2, 0.4, 0.6, 0.8])
    groups = np.array(["a"] * 4 + ["b"] * 4)
    pred = predict_with_thresholds(scores, groups, {"a": 0.5, "b": 0.3})
    np.testing.assert_array_equal(pred, [0, 0, 1, 1, 0, 1, 1, 1])


@pytest.mark.parametrize("goal", ["demographic_parity", "equalized_odds"])
def test_each_mitigation_reduces_the_disparity_it_targets(goal):
    outcomes = {o.name: o for o in run_mitigations(FAST, goal)}
    base = outcomes["Baseline (class weights)"]
    assert base.disparity(goal) > 0.2  # measured 0.354 (DP), 0.370 (equalized odds)
    targeted = ("Reweighing", "Group-weighted loss", "ThresholdOptimizer") if goal == "demographic_parity" \
        else ("Group-weighted loss", "ThresholdOptimizer")  # reweighing only aims at demographic parity
    for name in targeted:
        assert outcomes[name].disparity(goal) < base.disparity(goal) * 0.6, name
        assert outcomes[name].balanced_accuracy > base.balanced_accuracy - 0.05, name  # a modest cost
    weighted = outcomes["Group-weighted loss"]
    # measured: DP 0.354 -> 0.025 at balanced accuracy 0.685 -> 0.666; equalized odds 0.370 -> 0.164 at 0.672
    if goal == "demographic_parity":
        assert weighted.disparity(goal) < base.disparity(goal) / 4
    assert weighted.violations[-1] < weighted.violations[0] / 4  # on the training rows: 0.25 -> 0.01, 0.24 -> 0.02
    assert len(weighted.violations) == 6 and list(weighted.weights.index) == ["Black", "White"]


@pytest.fixture(scope="module")
def default_runs():
    """The Mitigate tab's default: colour, demographic parity, 5 rounds, the page's 200 steps, on every seed."""
    return {seed: run_mitigations(replace(TabularConfig(), seed=seed), "demographic_parity", 5) for seed in SEEDS}


def test_every_fix_cuts_the_default_disparity_at_a_small_cost_on_every_seed(default_runs):
    """The Mitigate tab's claim, seed by seed.

    Measured here over seeds 0, 1, 2: DP difference 0.37, 0.38, 0.30 for the baseline, 0.003-0.06 for every
    fix, at a cost of 1.2 to 5.0 points of balanced accuracy.
    """
    assert len(default_runs) >= 3
    points = outcome_points(default_runs, "demographic_parity")
    for seed, part in points.groupby("seed"):
        base, fixes = part.iloc[0], part.iloc[1:]
        assert base["model"] == "Baseline (class weights)" and base["disparity"] > 0.2, seed
        assert (fixes["disparity"] < base["disparity"] * 0.6).all(), part  # every fix cuts it on every seed
        assert (fixes["cost"] < 6).all() and (fixes["cost"] > -2).all(), part  # a small cost, in points
    summary = compare_over_seeds(default_runs, "demographic_parity")
    fixes = summary.iloc[1:]
    assert (fixes["disparity high"] < summary.iloc[0]["disparity low"]).all()  # beyond the seed-to-seed noise
    assert (fixes["cost"] > 0).all() and (fixes["cost"] < 5).all()  # on average each fix costs some accuracy


def test_the_baseline_repeats_the_gap_in_the_data_on_every_seed(default_runs):
    """The Measure tab's claim: Black arrestees are released less often by the network too, on every seed."""
    for seed, outcomes in default_runs.items():
        assert outcomes[0].report.values["spd"] < -0.1, seed


def test_comparison_over_seeds_is_the_mean_and_range_of_each_model(default_runs):
    points = outcome_points(default_runs, "demographic_parity")
    summary = compare_over_seeds(default_runs, "demographic_parity")
    assert list(summary.index) == [o.name for o in default_runs[SEEDS[0]]]
    assert summary.loc["Baseline (class weights)", "cost"] == 0 and summary["stage"].iloc[2] == "in-processing"
    one = points[points["model"] == "Reweighing"]
    row = summary.loc["Reweighing"]
    assert row["disparity"] == pytest.approx(one["disparity"].mean())
    assert (row["disparity low"], row["disparity high"]) == (one["disparity"].min(), one["disparity"].max())
    seed0 = default_runs[SEEDS[0]]
    assert one["cost"].iloc[0] == pytest.approx(100 * (seed0[0].balanced_accuracy - seed0[1].balanced_accuracy))
