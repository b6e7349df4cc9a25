"""Every challenge of the Architectures lesson: reached by a known solution, missed by a known non-solution.

Each check trains a real Playground network and reads it through `playground_result`, the function the
page records with; nothing is mocked.
"""
import pytest

from core.architectures.challenges import CHALLENGES, METRICS, OVERFIT_SETUP, RESULT, playground_result
from core.architectures.playground import FitConfig, NetConfig, new_run
from core.architectures.points import DataConfig
from core.architectures.trainer import train_epochs
from core.challenges import by_id
from core.goals import parse_goal

BY_ID = by_id(CHALLENGES)
PLAIN = FitConfig()


def result(kind, hidden=(), feats=("x1", "x2"), act="tanh", epochs=100, fit=PLAIN, seed=0, **data):
    run = new_run(DataConfig(kind, seed=seed, **data), NetConfig(tuple(feats), tuple(hidden), (act,) * len(hidden),
                                                                 seed))
    train_epochs(run, fit, epochs, record_every=epochs)
    return {RESULT: playground_result(run)}


def solved(name, res) -> bool:
    return BY_ID[f"architectures.{name}"].solved_by(res)


def test_the_lesson_has_at_least_four_challenges_that_open_the_playground_and_name_known_metrics():
    assert len(CHALLENGES) >= 4
    for ch in CHALLENGES:
        assert ch.setup["arch_tab"] == "Playground" and ch.result == RESULT
        assert all(g.metric in METRICS for g in ch.goals)
        assert not ch.solved_by({})  # nothing run yet: nothing solved
    assert parse_goal("test_accuracy:>=:0.95", {k: m for k, (_, m) in METRICS.items()}).value == 0.95


@pytest.mark.parametrize("seed", [0, 1])
def test_challenge_xor_line_is_done_by_a_line_and_not_by_a_hidden_layer(seed):
    line = result("xor", epochs=200, points=200, seed=seed)
    assert solved("xor_line", line)
    assert line[RESULT]["above_75"] == 0  # the prediction's outcome: a line stays at or below 75%
    assert not solved("xor_line", result("xor", hidden=(4,), epochs=200, points=200, seed=seed))


@pytest.mark.parametrize("seed", [0, 1])
def test_challenge_xor_fewest_four_neurons_solve_it_a_line_does_not(seed):
    assert solved("xor_fewest", result("xor", hidden=(4,), epochs=100, seed=seed))
    assert not solved("xor_fewest", result("xor", epochs=30, points=300, seed=seed))  # no hidden layer
    assert not solved("xor_fewest", result("xor", hidden=(8,), epochs=100, points=300, seed=seed))  # too many


@pytest.mark.parametrize("seed", [0, 1])
def test_challenge_circle_features_squares_solve_it_raw_coordinates_do_not(seed):
    assert solved("circle_features", result("circle", feats=("x1^2", "x2^2"), epochs=60, points=300, seed=seed))
    assert not solved("circle_features", result("circle", epochs=60, points=300, seed=seed))


def test_challenge_spiral_small_depth_and_sines_solve_it_two_neurons_do_not():
    feats = ("x1", "x2", "sin_x1", "sin_x2")
    assert solved("spiral_small", result("spiral", hidden=(12, 12), feats=feats, epochs=300))
    assert not solved("spiral_small", result("spiral", hidden=(2,), epochs=100))


def overfit(fit=PLAIN, epochs=300, seed=0):
    s = OVERFIT_SETUP
    return result(s["arch_data"], hidden=(32, 32, 32), act="relu", epochs=epochs, fit=fit, seed=seed,
                  noise=s["arch_noise"] / 100, points=s["arch_points"])


@pytest.mark.parametrize("seed", [0, 1])
def test_challenge_overfit_gap_and_overfit_cure_plain_training_overfits_l2_cures_it(seed):
    plain, l2 = overfit(seed=seed), overfit(FitConfig(regularization="l2", reg_rate=0.01), seed=seed)
    assert solved("overfit_gap", plain) and not solved("overfit_cure", plain)
    assert solved("overfit_cure", l2) and not solved("overfit_gap", l2)
