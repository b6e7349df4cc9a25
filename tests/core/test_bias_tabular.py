"""The Arrests data, the PyTorch classifier, reweighing, thresholds, and the claim that mitigation reduces disparity."""
import numpy as np
import pytest
import torch

from core.bias_tabular import (
    ATTRIBUTES,
    TabularConfig,
    TorchTabularClassifier,
    class_weights,
    fairness_penalty,
    group_summary,
    load_arrests,
    make_split,
    predict_with_thresholds,
    reference_group,
    reweighing,
    run_mitigations,
    run_tabular_audit,
)
from tests.core.test_bias_images import one_thread  # noqa: F401  (the fixture, shared)

FAST = TabularConfig(epochs=150)  # fewer full-batch steps than the page's 200; the same conclusions


pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def df():
    return load_arrests()


def test_arrests_loads_offline_with_the_protected_attributes(df):
    assert len(df) == 5226
    assert df["label"].mean() == pytest.approx(4334 / 5226)  # 83% released
    for attr in ATTRIBUTES:
        s = group_summary(df, attr)
        assert s["size"].sum() == len(df) and s["share"].sum() == pytest.approx(1)
    assert set(df["age band"]) == {"under 18", "18-24", "25 and over"}
    colour = group_summary(df, "colour")
    assert colour.loc["Black", "base_rate"] == pytest.approx(955 / 1288)  # 74% released
    assert reference_group(df, "colour") == "White" and reference_group(df, "citizen") == "Yes"


def test_split_is_stratified_and_blind_hides_the_attribute(df):
    split = make_split(df, TabularConfig(attribute="age band"))
    assert "age" in split.columns and split.x_train.dtype == np.float32
    assert abs(split.y_train.mean() - split.y_test.mean()) < 0.01
    blind = make_split(df, TabularConfig(attribute="age band", blind=True))
    assert "age" not in blind.columns and blind.x_train.shape[1] == split.x_train.shape[1] - 1
    with pytest.raises(ValueError):
        make_split(df, TabularConfig(attribute="shoe size"))


def test_class_weights_give_each_class_half_the_loss():
    y = np.array([1] * 8 + [0] * 2)
    w = class_weights(y)[y]
    assert w[y == 1].sum() == pytest.approx(w[y == 0].sum()) == pytest.approx(len(y) / 2)


def test_reweighing_makes_group_and_label_independent():
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    a = np.array(["p", "p", "p", "p", "u", "u", "u", "u"])
    w = reweighing(y, a)
    assert w[0] == pytest.approx(0.5 * 0.5 / (3 / 8))  # P(a=p) P(y=1) / P(a=p, y=1), by hand
    for g in "pu":
        for c in (0, 1):
            cell = (a == g) & (y == c)
            assert w[cell].sum() / w.sum() == pytest.approx((a == g).mean() * (y == c).mean())


def test_fairness_penalty_is_the_variance_of_group_mean_scores():
    score = torch.tensor([0.9, 0.7, 0.2, 0.4])
    gid = torch.tensor([0, 0, 1, 1])
    y = torch.tensor([1, 0, 1, 0])
    means = torch.tensor([0.8, 0.3])
    assert fairness_penalty(score, gid, y, "demographic_parity") == pytest.approx(means.var(unbiased=False).item())
    eo = torch.tensor([0.9, 0.2]).var(unbiased=False) + torch.tensor([0.7, 0.4]).var(unbiased=False)
    assert fairness_penalty(score, gid, y, "equalized_odds") == pytest.approx(eo.item())
    assert fairness_penalty(torch.full((4,), 0.5), gid, y, "demographic_parity") == 0


def test_classifier_is_deterministic_and_sklearn_shaped(df):
    split = make_split(df, FAST)
    a = TorchTabularClassifier(epochs=50).fit(split.x_train, split.y_train).predict_proba(split.x_test)
    b = TorchTabularClassifier(epochs=50).fit(split.x_train, split.y_train).predict_proba(split.x_test)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (len(split.y_test), 2) and np.allclose(a.sum(1), 1)


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


def test_reweighing_penalty_and_threshold_optimizer_reduce_the_disparity():
    outcomes = {o.name: o for o in run_mitigations(FAST, "demographic_parity")}
    base = outcomes["Baseline (class weights)"].report.dp_difference
    assert base > 0.2
    for name in ("Reweighing", "Fairness penalty", "ThresholdOptimizer"):
        assert outcomes[name].report.dp_difference < base / 2, name
        assert outcomes[name].balanced_accuracy > 0.6, name  # fairer, and still better than chance
