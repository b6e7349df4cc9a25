"""The audit of the baseline, thresholds, and the claim that mitigation reduces disparity."""
import numpy as np
import pytest

from core.bias_audit.mitigation import predict_with_thresholds, run_mitigations, run_tabular_audit
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
