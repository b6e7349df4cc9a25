"""The rule behind every "inside the noise": spread over seeds, who is ahead, and who ties with the best."""
import numpy as np

from core.data_splits.noise import ahead, mean, rank, spread


def test_spread_is_the_sample_standard_deviation_of_the_finite_scores():
    assert np.isclose(spread([0.8, 0.9, 1.0]), 0.1)  # hand-worked: deviations ±0.1, 0; 0.02 / (3 − 1) = 0.01
    assert np.isclose(spread([0.8, np.nan, 1.0]), np.std([0.8, 1.0], ddof=1))
    assert spread([0.7]) == 0.0 and spread([]) == 0.0
    assert np.isclose(mean([0.5, np.nan, 0.7]), 0.6) and np.isnan(mean([np.nan]))


def test_ahead_needs_a_gap_larger_than_the_larger_spread():
    a, b = np.array([0.90, 0.92, 0.94]), np.array([0.80, 0.82, 0.84])  # gap 0.10, spreads 0.02
    assert ahead(a, b) and not ahead(b, a)
    assert not ahead(a, a - 0.01)  # 1 point apart, spread 2 points: inside the noise
    assert not ahead([0.9], [0.1])  # one seed has no spread: nothing is ever ahead


def test_rank_names_a_winner_only_beyond_the_noise():
    clear = rank({"a": [0.90, 0.91, 0.92], "b": [0.80, 0.81, 0.82], "c": [0.70, 0.71, 0.72]})
    assert clear.order == ("a", "b", "c") and clear.tied == ("a",) and clear.clear_winner
    close = rank({"a": [0.80, 0.85, 0.90], "b": [0.79, 0.84, 0.89], "c": [0.50, 0.51, 0.52]})
    assert close.best == "a" and close.tied == ("a", "b") and not close.clear_winner
    empty = rank({"none": [np.nan, np.nan], "some": [0.5, 0.6]})
    assert empty.order == ("some", "none") and empty.tied == ("some",)
