"""Every MNIST challenge is reached by a known solution and missed by a known non-solution, on real training
runs, through `train_result`: the very function the Train tab records its runs with."""
import math

import pytest

from core.challenges import by_id
from core.goals import parse_goal
from core.mnist.challenges import (
    CHALLENGES,
    FAST_SETUP,
    METRICS,
    NAN_SETUP,
    OVERFIT_SETUP,
    RESULT,
    configs,
    settings_changed,
    train_result,
)
from core.mnist.lab import new_run
from core.train import train

ALL = by_id(CHALLENGES)
_RUNS: dict = {}


def result_of(mnist, setup: dict) -> dict[str, float]:
    """Train a setup of the Train tab's controls as the tab does (its seeded subset, its model) and record it."""
    key = tuple(sorted(setup.items()))
    if key not in _RUNS:
        model_cfg, train_cfg, images = configs(setup)
        data = mnist.subset(images, train_cfg.seed)
        run, model = new_run(model_cfg, train_cfg, data, "cpu")
        result = train(model, data, train_cfg, report_every_s=5.0)
        _RUNS[key] = train_result(model_cfg, train_cfg, len(data.train_y), result, run.parameters)
    return _RUNS[key]


def solved(challenge_id: str, metrics: dict[str, float]) -> bool:
    return ALL[challenge_id].solved_by({RESULT: metrics})


NAN_FIXED = {**NAN_SETUP, "mnist_lr": 0.03}
SMALL_CNN = {**FAST_SETUP, "mnist_kind": "cnn", "mnist_epochs": 2}


def test_challenges_cover_the_lesson_with_at_least_four_each_with_a_goal_on_recorded_metrics():
    assert len(CHALLENGES) >= 4
    for ch in CHALLENGES:
        assert ch.id.startswith("mnist.") and ch.result == RESULT
        for goal in ch.goals:
            assert goal.metric in METRICS
            parse_goal(goal.to_text(), {n: m for n, (_, m) in METRICS.items()})
        assert ch.setup["mnist_tab"] == "Train"
        configs(ch.setup)  # every setup is a valid Train-tab setup
        if ch.prediction:
            assert ch.prediction.metric in METRICS
    for name in ("test_accuracy", "test_loss", "train_seconds", "parameters", "nan_loss"):
        assert METRICS[name][0] == RESULT


def test_challenge_settings_changed_counts_one_change_per_control():
    model, train_cfg, images = configs(NAN_SETUP)
    assert settings_changed(model, train_cfg, images) == 0
    assert settings_changed(*configs(NAN_FIXED)) == 1
    assert settings_changed(*configs({**NAN_FIXED, "mnist_opt": "adam"})) == 2
    assert settings_changed(*configs({**NAN_SETUP, "mnist_width": 128})) == 1  # the hidden layers, once


def test_challenge_nan_is_reached_by_learning_rate_10_and_missed_at_0_03(mnist):
    broken, fixed = result_of(mnist, NAN_SETUP), result_of(mnist, NAN_FIXED)
    assert solved("mnist.nan", broken) and broken["loss_outcome"] == 2
    assert math.isnan(broken["test_accuracy"])
    assert not solved("mnist.nan", fixed)


def test_challenge_nan_fix_is_reached_by_one_smaller_learning_rate_only(mnist):
    fixed = result_of(mnist, NAN_FIXED)
    assert solved("mnist.nan_fix", fixed), fixed
    assert not solved("mnist.nan_fix", result_of(mnist, NAN_SETUP))  # still NaN
    two_changes = {**fixed, "settings_changed": float(settings_changed(*configs({**NAN_FIXED, "mnist_seed": 1})))}
    assert not solved("mnist.nan_fix", two_changes)  # same run numbers, but two settings changed


def test_challenge_overfit_is_reached_by_the_big_mlp_on_1000_images_and_missed_with_two_epochs(mnist):
    memorised = result_of(mnist, OVERFIT_SETUP)
    assert solved("mnist.overfit", memorised), memorised
    assert 1 <= memorised["best_epoch"] < OVERFIT_SETUP["mnist_epochs"]
    assert not solved("mnist.overfit", result_of(mnist, {**OVERFIT_SETUP, "mnist_epochs": 1}))


def test_challenge_small_is_reached_by_the_cnn_and_missed_by_a_big_mlp(mnist):
    cnn = result_of(mnist, SMALL_CNN)
    assert cnn["parameters"] <= 25_000 and cnn["cnn"] == 1
    assert solved("mnist.small", cnn), cnn
    assert not solved("mnist.small", result_of(mnist, NAN_FIXED))  # 270k parameters


def test_challenge_fast_is_reached_by_the_cnn_and_missed_by_the_default_mlp(mnist):
    assert not solved("mnist.fast", result_of(mnist, FAST_SETUP))  # the default MLP: about 93%
    cnn = result_of(mnist, {**SMALL_CNN, "mnist_epochs": 5})
    assert cnn["test_accuracy"] >= 0.975, cnn
    goal_s = next(g.value for g in ALL["mnist.fast"].goals if g.metric == "train_seconds")
    if cnn["train_seconds"] > goal_s:
        pytest.skip(f"this machine is too busy for the time goal: {cnn['train_seconds']:.0f} s > {goal_s:.0f} s")
    assert solved("mnist.fast", cnn)
