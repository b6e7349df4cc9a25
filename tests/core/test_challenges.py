"""The challenge kernel: goals read the learner's recorded result; progress reads only what it wrote."""
import pytest

from core.challenges import Challenge, Prediction, Progress, by_id, next_challenge
from core.goals import Goal, Metric

ACC = {"test_accuracy": Metric("test_accuracy", "test accuracy", percent=True)}


def make(name="spiral", goals=(Goal("test_accuracy", ">=", 0.95), Goal("hidden", "<=", 24)), prediction=None):
    return Challenge(f"architectures.{name}", "Spiral", "Reach 95%.", "playground", goals,
                     {"arch_data": "spiral"}, ("Add width.",), "Depth bends the boundary.", prediction, ACC)


def test_a_challenge_is_solved_only_when_every_goal_holds_on_the_recorded_result():
    ch = make()
    assert not ch.solved_by({})  # not run yet
    assert not ch.solved_by({"playground": {"test_accuracy": 0.97, "hidden": 32}})  # too many neurons
    assert not ch.solved_by({"playground": {"test_accuracy": 0.94, "hidden": 16}})
    assert ch.solved_by({"playground": {"test_accuracy": 0.96, "hidden": 16}})
    assert not ch.solved_by({"other": {"test_accuracy": 0.99, "hidden": 1}})  # another result does not count
    described = [c.describe() for c in ch.check({"playground": {"test_accuracy": 0.9, "hidden": 16}})]
    assert described[0].startswith("5 points short of test accuracy ≥ 95%")


def test_a_nan_result_never_solves_anything():
    assert not make().solved_by({"playground": {"test_accuracy": float("nan"), "hidden": 4}})


def test_predictions_compare_with_the_outcome():
    choice = Prediction("Will SGD diverge?", "diverged", ("converges", "diverges"))
    assert choice.outcome({"diverged": 1.0}) == "diverges" and choice.outcome({}) is None
    assert choice.valid("diverges") and not choice.valid("explodes") and not choice.valid(1)
    number = Prediction("Largest stable learning rate?", "critical_lr")
    assert number.outcome({"critical_lr": 1.0}) == 1.0
    assert number.valid(0.9) and not number.valid(float("nan")) and not number.valid(True)


def test_challenges_need_an_id_goals_and_hints():
    with pytest.raises(ValueError):
        make(name="Bad Id!")
    with pytest.raises(ValueError):
        make(goals=())
    with pytest.raises(ValueError):
        by_id([make(), make()])


def test_progress_round_trips_and_rejects_anything_it_did_not_write():
    known = by_id([make(prediction=Prediction("How many neurons?", "hidden")), make("xor")])
    p = Progress().solve("architectures.spiral", "2026-12-01T10:00:00+00:00").predict("architectures.spiral", 16)
    assert Progress.read(p.to_json(), known) == p
    for bad in (None, [], "x", {"v": 2}, {"v": 1, "solved": []}, {"v": 1, "solved": {}, "predictions": []},
                {"v": 1, "solved": {"architectures.spiral": 5}, "predictions": {}},
                {"v": 1, "solved": {}, "predictions": {"architectures.xor": 3}},  # xor takes no prediction
                {"v": 1, "solved": {}, "predictions": {"architectures.spiral": float("nan")}},
                {"v": 1, "solved": {}, "predictions": {"nope.nope": 1}}):
        with pytest.raises(ValueError):
            Progress.read(bad, known)
    stale = {"v": 1, "solved": {"gone.challenge": "2026-01-01"}, "predictions": {}}
    assert Progress.read(stale, known).solved == {}  # a challenge that no longer exists is dropped


def test_the_next_challenge_is_the_first_unsolved_in_course_order():
    course = [make("a"), make("b"), make("c")]
    assert next_challenge(course, Progress()).id == "architectures.a"
    assert next_challenge(course, Progress({"architectures.a": "t"})).id == "architectures.b"
    assert next_challenge(course, Progress({c.id: "t" for c in course})) is None
