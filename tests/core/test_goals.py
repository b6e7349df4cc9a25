"""Goals: the URL form reads back exactly, every op means what it says, bad texts say what is wrong."""
import math

import pytest

from core.goals import Goal, GoalError, Metric, check, check_all, parse_goal

METRICS = {
    "test_accuracy": Metric("test_accuracy", "test accuracy", percent=True, lo=0, hi=1),
    "dp_difference": Metric("dp_difference", "demographic-parity difference", higher_is_better=False, lo=0, hi=1),
    "balanced_accuracy": Metric("balanced_accuracy", "balanced accuracy", percent=True, lo=0, hi=1),
}


@pytest.mark.parametrize("text", ["test_accuracy:>=:0.95", "loss:<:0.001", "epochs:==:3.0", "x1:>:-2.5", "y:<=:1e-07"])
def test_text_round_trips(text):
    goal = parse_goal(text)
    assert goal.to_text() == str(goal) == text
    assert parse_goal(str(goal)) == goal


def test_parse_reads_parts_and_tolerates_spaces():
    assert parse_goal(" test_accuracy : >= : 0.95 ", METRICS) == Goal("test_accuracy", ">=", 0.95)


@pytest.mark.parametrize("op, achieved, reached", [
    (">=", 0.5, True), (">=", 0.4999, False), (">", 0.5, False), (">", 0.5001, True),
    ("<=", 0.5, True), ("<=", 0.5001, False), ("<", 0.5, False), ("<", 0.4999, True),
    ("==", 0.5, True), ("==", 0.5 + 1e-8, True), ("==", 0.501, False),
])
def test_each_op(op, achieved, reached):
    assert check(Goal("m", op, 0.5), {"m": achieved}).reached is reached


def test_equality_tolerates_float32_rounding_and_is_absolute_at_zero():
    import numpy as np

    assert check(Goal("m", "==", 0.1), {"m": np.float32(0.1)}).reached  # float32(0.1) = 0.10000000149...
    assert check(Goal("m", "==", 0.0), {"m": 1e-12}).reached
    assert not check(Goal("m", "==", 0.0), {"m": 1e-6}).reached


@pytest.mark.parametrize("text, words", [
    ("x", "form metric:op:value"), ("a:>=:1:2", "form metric:op:value"),
    ("test_accuracy:=>:0.9", "unknown comparison '=>'"), ("test_accuracy:!=:0.9", "unknown comparison"),
    ("foo:>=:1", "unknown metric 'foo'; this page's metrics are: balanced_accuracy, dp_difference, test_accuracy"),
    ("test_accuracy:>=:nan", "finite number, not nan"), ("test_accuracy:>=:inf", "finite number, not inf"),
    ("test_accuracy:>=:1e999", "finite number, not inf"), ("test_accuracy:>=:abc", "value 'abc' is not a number"),
    ("test_accuracy:>=:95", "test accuracy goes from 0% to 100%; 95 is outside that"),
    ("test_accuracy:>=:" + "9" * 200, "characters long; at most 100"),
])
def test_bad_texts_name_the_problem(text, words):
    with pytest.raises(GoalError) as err:
        parse_goal(text, METRICS)
    assert words in str(err.value)


@pytest.mark.parametrize("text", ["Test:>=:1", "_x:>=:1", "a-b:>=:1", ":>=:1", "é:>=:1", None, b"a:>=:1", "\x00:<:1"])
def test_garbage_is_a_goal_error(text):
    with pytest.raises(GoalError):
        parse_goal(text)


def test_goal_checks_itself_when_built_in_code():
    with pytest.raises(GoalError, match="unknown comparison"):
        Goal("m", "=>", 1)
    with pytest.raises(GoalError, match="finite"):
        Goal("m", ">=", math.nan)
    with pytest.raises(GoalError, match="finite"):
        Goal("m", ">=", True)
    assert isinstance(Goal("m", ">=", 1).value, float)


def test_missing_nan_and_non_numbers_never_reach():
    goal = Goal("test_accuracy", ">=", 0.0)
    for result in ({}, {"test_accuracy": None}, {"test_accuracy": "0.9"}, {"test_accuracy": [1, 2]}):
        c = check(goal, result, METRICS)
        assert (c.reached, c.achieved, c.gap, c.missing) == (False, None, None, True)
        assert c.describe() == "no test accuracy yet: run it to check test accuracy ≥ 0%"
    for bad in (math.nan, math.inf, -math.inf):
        c = check(goal, {"test_accuracy": bad}, METRICS)
        assert (c.reached, c.achieved, c.missing) == (False, None, False)
        assert "not a finite number" in c.describe()


def test_gap_is_signed_in_the_goals_direction():
    assert check(Goal("m", ">=", 0.9), {"m": 0.8}).gap == pytest.approx(0.1)
    assert check(Goal("m", ">=", 0.9), {"m": 0.95}).gap == pytest.approx(-0.05)
    assert check(Goal("m", "<", 0.1), {"m": 0.15}).gap == pytest.approx(0.05)
    assert check(Goal("m", "==", 0.5), {"m": 0.4}).gap == pytest.approx(0.1)


@pytest.mark.parametrize("goal, achieved, text", [
    ("test_accuracy:>=:0.95", 0.961, "goal reached: test accuracy 96.1% ≥ 95%"),
    ("test_accuracy:>=:0.95", 0.911, "3.9 points short of test accuracy ≥ 95%"),
    ("test_accuracy:>:0.95", 0.95, "not reached: test accuracy is 95%, and the goal is test accuracy > 95%"),
    ("test_accuracy:==:0.95", 0.93, "2 points away from test accuracy = 95%"),
    ("dp_difference:<:0.1", 0.121, "0.021 too high for demographic-parity difference < 0.1"),
    ("dp_difference:<=:0.1", 0.0833, "goal reached: demographic-parity difference 0.0833 ≤ 0.1"),
])
def test_describe(goal, achieved, text):
    assert check(parse_goal(goal, METRICS), {goal.split(":")[0]: achieved}, METRICS).describe() == text


def test_without_a_metric_table_the_name_reads_as_words():
    reached = check(Goal("train_loss", "<", 0.05), {"train_loss": 0.03})
    assert reached.describe() == "goal reached: train loss 0.03 < 0.05"
    assert Goal("test_accuracy", ">=", 0.95).label(METRICS) == "test accuracy ≥ 95%"


def test_metric_suggests_a_goal_in_its_better_direction():
    assert METRICS["test_accuracy"].goal(0.9) == Goal("test_accuracy", ">=", 0.9)
    assert METRICS["dp_difference"].goal(0.1) == Goal("dp_difference", "<=", 0.1)


def test_check_all_for_a_challenge_with_several_goals():
    goals = [parse_goal("dp_difference:<:0.1", METRICS), parse_goal("balanced_accuracy:>=:0.65", METRICS)]
    checks = check_all(goals, {"dp_difference": 0.05, "balanced_accuracy": 0.61}, METRICS)
    assert [c.reached for c in checks] == [True, False]
    assert checks[1].describe() == "4 points short of balanced accuracy ≥ 65%"
    assert all(c.reached for c in check_all(goals, {"dp_difference": 0.05, "balanced_accuracy": 0.7}, METRICS))
