"""The PyTorch classifier, class weights, reweighing and the group-weighted loss."""
import numpy as np
import pytest

from core.bias_audit.arrests import TabularConfig, load_arrests, make_split
from core.bias_audit.classifiers import (
    GroupWeightedClassifier,
    TorchTabularClassifier,
    class_weights,
    constraint_violations,
    label_weights,
    reweighing,
)
from tests.core.bias_audit.test_images import one_thread  # noqa: F401  (the fixture, shared)

FAST = TabularConfig(epochs=150)  # fewer full-batch steps than the page's 200; the same conclusions


pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def df():
    return load_arrests()


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


def test_label_weights_follow_the_multipliers():
    y = np.array([1, 0, 1, 0])
    gid = np.array([0, 0, 1, 1])
    np.testing.assert_allclose(label_weights(y, gid, np.zeros(2), np.zeros(2)), 1)  # lambda = 0: the baseline
    # 2 sigma(log 3) = 1.5 for group 0's release; 2 sigma(-log 3) = 0.5 for its hold; group 1 untouched
    w = label_weights(y, gid, np.array([np.log(3), 0]), np.array([np.log(3), 0]))
    np.testing.assert_allclose(w, [1.5, 0.5, 1, 1])
    w = label_weights(y, gid, np.array([0, 0]), np.array([0, -np.log(3)]))  # only group 1's holds, upwards
    np.testing.assert_allclose(w, [1, 1, 1, 1.5])


def test_constraint_violations_by_hand():
    y = np.array([1, 1, 0, 0, 1, 1, 0, 0])
    gid = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    pred = np.array([1, 1, 1, 0, 1, 0, 0, 0])  # group 0 selected 3/4, group 1 1/4, everyone 1/2
    pos, neg = constraint_violations(pred, y, gid, 2, "demographic_parity")
    np.testing.assert_allclose(pos, [0.25, -0.25])
    np.testing.assert_allclose(neg, pos)
    pos, neg = constraint_violations(pred, y, gid, 2, "equalized_odds")
    np.testing.assert_allclose(pos, [1 - 0.75, 0.5 - 0.75])  # TPR_g - TPR
    np.testing.assert_allclose(neg, [0.5 - 0.25, 0 - 0.25])  # FPR_g - FPR


def test_classifier_is_deterministic_and_sklearn_shaped(df):
    split = make_split(df, FAST)
    a = TorchTabularClassifier(epochs=50).fit(split.x_train, split.y_train).predict_proba(split.x_test)
    b = TorchTabularClassifier(epochs=50).fit(split.x_train, split.y_train).predict_proba(split.x_test)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (len(split.y_test), 2) and np.allclose(a.sum(1), 1)


def test_group_weighted_loss_with_no_rounds_is_the_baseline(df):
    split = make_split(df, FAST)
    base = TorchTabularClassifier(epochs=50).fit(split.x_train, split.y_train).predict_proba(split.x_test)
    zero = GroupWeightedClassifier(epochs=50, rounds=0).fit(split.x_train, split.y_train, groups=split.a_train)
    np.testing.assert_allclose(zero.predict_proba(split.x_test), base, atol=1e-6)  # only the weights differ
    with pytest.raises(ValueError):
        GroupWeightedClassifier(rounds=0).fit(split.x_train, split.y_train)  # no groups


def test_group_weights_lift_the_group_released_too_rarely(df):
    split = make_split(df, FAST)
    base = TorchTabularClassifier(epochs=FAST.epochs).fit(split.x_train, split.y_train)
    clf = GroupWeightedClassifier(epochs=FAST.epochs, rounds=1).fit(split.x_train, split.y_train,
                                                                    groups=split.a_train)
    w = clf.weights_
    assert w.loc["Black", "released (y=1)"] > 1.2 and w.loc["Black", "held (y=0)"] < 0.8  # measured 1.31, 0.69
    assert w.loc["White", "released (y=1)"] < 1 < w.loc["White", "held (y=0)"]
    black = split.a_train == "Black"
    assert clf.predict(split.x_train[black]).mean() > base.predict(split.x_train[black]).mean() + 0.1
    assert clf.violations_[1] < clf.violations_[0] / 2  # the training-set gap shrinks (0.25 -> 0.07)
