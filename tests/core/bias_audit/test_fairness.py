"""Fairness metrics against fairlearn and hand-worked textbook values on fixed predictions."""
import math

import numpy as np
import pytest
from fairlearn.metrics import (
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import recall_score

from core.bias_audit.fairness import (
    METRIC,
    accuracy_by_group,
    calibration_by_group,
    fairness_report,
    group_frame,
    recall_by_class_and_group,
)

# group a (the reference): selection 5/10, TPR 3/4, FPR 2/6; group b: selection 3/10, TPR 2/6, FPR 1/4
Y_TRUE = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0] + [1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
Y_PRED = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0] + [1, 1, 0, 0, 0, 0, 1, 0, 0, 0])
GROUPS = np.array(["a"] * 10 + ["b"] * 10)


def test_signed_metrics_equal_the_textbook_formulas():
    v = fairness_report(Y_TRUE, Y_PRED, GROUPS, privileged="a").values
    assert v["spd"] == pytest.approx(0.3 - 0.5)  # P(Ŷ=1|u) - P(Ŷ=1|p)
    assert v["di"] == pytest.approx(0.3 / 0.5)  # P(Ŷ=1|u) / P(Ŷ=1|p)
    assert v["eod"] == pytest.approx(2 / 6 - 3 / 4)  # TPR_u - TPR_p
    assert v["aod"] == pytest.approx(0.5 * ((1 / 4 - 2 / 6) + (2 / 6 - 3 / 4)))
    assert v["eq_odds"] == pytest.approx(max(abs(2 / 6 - 3 / 4), abs(1 / 4 - 2 / 6)))


def test_with_two_groups_the_signed_metrics_match_fairlearn():
    r = fairness_report(Y_TRUE, Y_PRED, GROUPS, privileged="a")
    kw = dict(sensitive_features=GROUPS)
    assert abs(r.values["spd"]) == pytest.approx(demographic_parity_difference(Y_TRUE, Y_PRED, **kw))
    assert min(r.values["di"], 1 / r.values["di"]) == pytest.approx(demographic_parity_ratio(Y_TRUE, Y_PRED, **kw))
    assert abs(r.values["eod"]) == pytest.approx(equal_opportunity_difference(Y_TRUE, Y_PRED, **kw))
    assert r.values["eq_odds"] == pytest.approx(equalized_odds_difference(Y_TRUE, Y_PRED, **kw))
    assert r.dp_difference == pytest.approx(0.2) and r.dp_ratio == pytest.approx(0.6)
    assert r.eo_difference == pytest.approx(3 / 4 - 2 / 6)
    # swapping the reference flips the sign of the differences and inverts the ratio
    s = fairness_report(Y_TRUE, Y_PRED, GROUPS, privileged="b").values
    assert s["spd"] == pytest.approx(-r.values["spd"]) and s["di"] == pytest.approx(1 / r.values["di"])


def test_group_frame_matches_fairlearn_per_group():
    table = group_frame(Y_TRUE, Y_PRED, GROUPS).by_group
    for g in ("a", "b"):
        m = GROUPS == g
        assert table.loc[g, "count"] == 10
        assert table.loc[g, "base rate"] == pytest.approx(Y_TRUE[m].mean())
        assert table.loc[g, "selection rate"] == pytest.approx(selection_rate(Y_TRUE[m], Y_PRED[m]))
        assert table.loc[g, "TPR"] == pytest.approx(true_positive_rate(Y_TRUE[m], Y_PRED[m], pos_label=1))
        assert table.loc[g, "FPR"] == pytest.approx(false_positive_rate(Y_TRUE[m], Y_PRED[m], pos_label=1))
        assert table.loc[g, "accuracy"] == pytest.approx((Y_TRUE[m] == Y_PRED[m]).mean())


def test_more_than_two_groups_pool_the_unprivileged_side():
    groups = np.array(["a"] * 10 + ["b"] * 5 + ["c"] * 5)
    r = fairness_report(Y_TRUE, Y_PRED, groups, privileged="a")
    assert r.values["spd"] == pytest.approx(Y_PRED[10:].mean() - Y_PRED[:10].mean())
    rates = [Y_PRED[groups == g].mean() for g in "abc"]
    assert r.dp_difference == pytest.approx(max(rates) - min(rates))
    assert r.dp_ratio == pytest.approx(min(rates) / max(rates))


def test_reference_group_must_exist():
    with pytest.raises(ValueError, match="reference group"):
        fairness_report(Y_TRUE, Y_PRED, GROUPS, privileged="z")


def test_fair_bands():
    assert METRIC["di"].is_fair(0.8) and not METRIC["di"].is_fair(0.79) and METRIC["di"].is_fair(1.25)
    assert METRIC["spd"].is_fair(-0.1) and not METRIC["spd"].is_fair(-0.11)
    assert not METRIC["eq_odds"].is_fair(float("nan"))


def test_accuracy_by_group_worst_group_and_gap():
    frame = accuracy_by_group(Y_TRUE, Y_PRED, GROUPS)
    acc_a, acc_b = (Y_TRUE[:10] == Y_PRED[:10]).mean(), (Y_TRUE[10:] == Y_PRED[10:]).mean()
    assert frame.group_min() == pytest.approx(min(acc_a, acc_b))
    assert frame.difference() == pytest.approx(abs(acc_a - acc_b))


def test_recall_by_class_and_group_equals_sklearn():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 200)
    pred = np.where(rng.random(200) < 0.7, y, rng.integers(0, 4, 200))
    groups = np.where(rng.random(200) < 0.5, "x", "y")
    table = recall_by_class_and_group(y, pred, groups)
    for g in ("x", "y"):
        m = groups == g
        np.testing.assert_allclose(table.loc[g].to_numpy(), recall_score(y[m], pred[m], average=None))


def test_expected_calibration_error_by_hand():
    conf = np.array([0.95, 0.95, 0.55, 0.55, 0.95, 0.95])
    correct = np.array([1, 0, 1, 1, 1, 1])
    groups = np.array(["g", "g", "g", "g", "h", "h"])
    cal = calibration_by_group(conf, correct, groups)
    # g: bin 0.9-1.0 has accuracy 0.5 at confidence 0.95, bin 0.5-0.6 accuracy 1 at 0.55
    assert cal.ece["g"] == pytest.approx(2 / 4 * 0.45 + 2 / 4 * 0.45)
    assert cal.ece["h"] == pytest.approx(0.05)
    assert cal.accuracy["g"] == pytest.approx(0.75) and cal.confidence["g"] == pytest.approx(0.75)
    assert cal.bins["g"]["count"].sum() == 4 and not math.isnan(cal.ece["h"])
