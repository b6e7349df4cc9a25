"""Every Data & splits challenge is reached by a known solution and missed by a known non-solution.

Each test runs the real experiment (small settings where the challenge allows) and reads it through the
same `*_result` function the page records with, so a check is exactly what the learner's own run gets.
"""
import re

import numpy as np
import pytest

from core.challenges import by_id
from core.data_splits import challenges as chs
from core.data_splits.encoding import ENCODINGS, EncodingConfig, compare_encodings
from core.data_splits.fitting import FittingConfig, learning_curve, learning_curves, one_seed
from core.data_splits.leakage import LeakageConfig, simulate
from core.data_splits.missing import MissingConfig, missing_values_experiment
from core.data_splits.scaling import NormConfig, compare_scales, normalization_experiment
from core.data_splits.scaling import one_seed as scale_seed
from core.data_splits.splits import SplitConfig, sample_labels, split_indices

CHALLENGE = by_id(chs.CHALLENGES)


def solved(name: str, metrics: dict) -> bool:
    ch = CHALLENGE[f"data_splits.{name}"]
    return ch.solved_by({ch.result: metrics})


# --- the experiments, as the tabs run them -------------------------------------------------------------------

def splits(mnist, n: int, stratify: bool, seed: int, sizes=(70, 15, 15)) -> dict:
    """The Splits tab: a seeded sample of all the digits' labels, cut as shown and the other way."""
    labels = sample_labels(np.concatenate([mnist.train_y.numpy(), mnist.val_y.numpy(), mnist.test_y.numpy()]),
                           n, seed)
    shown = split_indices(labels, SplitConfig(*sizes, stratify, seed, n))
    other = split_indices(labels, SplitConfig(*sizes, not stratify, seed, n))
    return chs.splits_result(shown, other, stratify)


@pytest.fixture(scope="module")
def default_leakage() -> dict:
    return chs.leakage_result(simulate(LeakageConfig()))


def scaling(mnist, cfg: NormConfig) -> dict:
    return chs.scaling_result(compare_scales(cfg, lambda s: normalization_experiment(mnist, scale_seed(cfg, s))), cfg)


def fitting(mnist, cfg: FittingConfig) -> dict:
    return chs.fitting_result(learning_curves(cfg, lambda name, s: learning_curve(mnist, one_seed(cfg, s), name)))


# --- one test per challenge: the solution reaches it, the non-solution does not --------------------------------

def test_challenge_drift_a_small_random_cut_drifts_and_stratifying_holds(mnist):
    assert solved("drift", splits(mnist, 100, stratify=False, seed=2))  # random gap 19.7, stratified 4.3 points
    assert not solved("drift", splits(mnist, 1000, stratify=True, seed=0))  # the tab's default: random gap 4.3


def test_challenge_drift_is_found_on_many_seeds_not_one_lucky_one(mnist):
    hits = sum(solved("drift", splits(mnist, 100, stratify=False, seed=s)) for s in range(10))
    assert 2 <= hits <= 8  # a search of a few seeds finds one, and not every cut drifts that far


def test_challenge_leak_a_needs_few_rows_wild_columns_and_one_neighbour(default_leakage):
    result = chs.leakage_result(simulate(LeakageConfig(n_samples=40, noise_features=40, k=1, repeats=100)))
    assert result["leaky_optimism_a"] > 0.06 and result["leaky_optimism_a_low"] > 0.02 and solved("leak_a", result)
    assert 0 < default_leakage["leaky_optimism_a_low"]  # at the defaults the leak shows beyond the noise ...
    assert default_leakage["leaky_optimism_a"] < 0.04 and not solved("leak_a", default_leakage)  # ... but small


def test_challenge_leak_b_honest_tuning_removes_the_leak_and_keeps_the_accuracy(default_leakage):
    result = chs.leakage_result(simulate(LeakageConfig(n_samples=40, candidates=100, repeats=100)))
    assert solved("leak_b", result)
    assert result["true_accuracy_change_b"] == 1  # the prediction's outcome: within a point
    assert not solved("leak_b", default_leakage)  # 30 settings tried: the leak stays under 15 points


def test_challenge_raw_pixels_learn_with_adam(mnist):
    result = scaling(mnist, NormConfig(n_train=2000, epochs=2, optimizer="adam", lr=1e-3, seeds=2))
    assert solved("raw_pixels", result) and result["raw_vs_standardised"] in (0, 1)
    assert not solved("raw_pixels", scaling(mnist, NormConfig(n_train=500, epochs=1, seeds=2)))  # SGD at 0.01


def test_challenge_raw_pixels_needs_two_seeds(mnist):
    one = scaling(mnist, NormConfig(n_train=2000, epochs=2, optimizer="adam", lr=1e-3, seeds=1))
    assert one["raw_accuracy"] >= 0.8 and not solved("raw_pixels", one)


def test_challenge_drop_rows_at_ten_percent_missing():
    result = chs.missing_result(missing_values_experiment(MissingConfig(10, 3)), MissingConfig(10, 3))
    assert solved("drop_rows", result) and result["drop_rows_answered_percent"] < 10
    assert not solved("drop_rows", chs.missing_result(missing_values_experiment(MissingConfig(5, 3)),
                                                      MissingConfig(5, 3)))  # the default share: a fifth answered


def test_challenge_target_trap_with_many_rare_cities():
    cfg = EncodingConfig(categories=200, n_rows=300, seeds=3)
    result = chs.encoding_result(compare_encodings(cfg), cfg)
    assert solved("target_trap", result)
    assert ENCODINGS[int(result["largest_gap_encoding"])] in ENCODINGS
    few = EncodingConfig(categories=100, n_rows=600, seeds=3)  # the default table: the naive gap stays near 10
    assert not solved("target_trap", chs.encoding_result(compare_encodings(few), few))


def test_challenge_overfit_after_enough_epochs(mnist):
    assert solved("overfit", fitting(mnist, FittingConfig(n_train=1000, epochs=40, seeds=2)))
    assert not solved("overfit", fitting(mnist, FittingConfig(n_train=1000, epochs=5, seeds=2)))


# --- the table of metrics and the challenges' set-ups ------------------------------------------------------

def test_challenge_goals_name_metrics_of_their_own_result():
    assert len(chs.CHALLENGES) >= 4
    for ch in chs.CHALLENGES:
        for goal in ch.goals:
            assert chs.METRICS[goal.metric][0] == ch.result, (ch.id, goal.metric)
            assert goal.metric in ch.metrics
        if ch.prediction and ch.prediction.choices:
            assert ch.prediction.metric.endswith(("_encoding", "_change_b", "_vs_standardised"))


def test_challenge_setups_open_a_tab_of_the_page_with_its_own_controls():
    from lessons.data_splits.common import TABS
    from ui.assignment import known_keys

    keys = known_keys("data_splits")
    for ch in chs.CHALLENGES:
        assert ch.setup["data_tab"] in TABS, ch.id
        assert all(keys.fullmatch(k) for k in ch.setup if k != "data_tab"), ch.id  # the tab strip is ui.tabs's


def test_challenge_metric_names_fit_a_goal_in_a_link():
    for name, (result, metric) in chs.METRICS.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]{0,39}", name) and metric.name == name and result
