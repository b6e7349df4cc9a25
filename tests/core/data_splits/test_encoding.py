"""Categorical encodings: hand-worked target encoding, shapes, and the claim that naive target encoding flatters."""
import numpy as np
import pytest

from core.data_splits.encoding import ENCODINGS, EncodingConfig, encode, encoding_experiment, naive_target_encoding


def test_naive_target_encoding_hand_worked():
    city, y = np.array([0, 0, 1]), np.array([1, 0, 1])
    enc = naive_target_encoding(city, y, np.array([0, 1, 2]), k=3)[:, 0]
    assert np.allclose(enc, [0.5, 1.0, 2 / 3])  # city 2 is unseen: the overall mean


def test_one_hot_and_ordinal_shapes():
    city, y = np.array([0, 2, 1, 2]), np.array([0, 1, 0, 1])
    train, test, cols = encode("one-hot", city, y, np.array([3]), k=4, seed=0)
    assert train.shape == (4, 4) and np.allclose(train.sum(1), 1) and train[1, 2] == 1 and len(cols) == 4
    train, _, _ = encode("ordinal", city, y, city, k=4, seed=0)
    assert train[:, 0].tolist() == [0, 2, 1, 2]


@pytest.fixture(scope="module")
def encodings():
    return [encoding_experiment(EncodingConfig(seed=s)) for s in range(3)]


def test_every_encoding_learns_something(encodings):
    for result in encodings:
        assert set(result.encodings) == set(ENCODINGS)
        assert result.embedding.shape == (100, 2)
    for name in ENCODINGS:
        assert np.mean([r.encodings[name].test_acc for r in encodings]) > 0.6  # label base rate is about 0.5


def test_claim_naive_target_encoding_flatters_the_training_score(encodings):
    """The trap: a rare city's naive encoding is its own row's label, so train accuracy runs far ahead of test."""
    gap = {n: np.mean([r.encodings[n].train_acc - r.encodings[n].test_acc for r in encodings])
           for n in ("target (naive)", "target (cross-fitted)")}
    assert gap["target (naive)"] > gap["target (cross-fitted)"] + 0.03
    for r in encodings:
        assert r.encodings["target (naive)"].train_acc > r.encodings["target (cross-fitted)"].train_acc


@pytest.fixture(scope="module")
def default():
    """The page's default: 100 cities, 600 customers, seeds 0–4 (each a fresh table)."""
    from core.data_splits.encoding import compare_encodings

    return compare_encodings(EncodingConfig())


def test_claim_the_trap_shows_on_every_seed_of_the_default(default):
    from core.data_splits import noise

    naive, fair = default.gap("target (naive)"), default.gap("target (cross-fitted)")
    assert len(naive) >= 3 and np.all(naive > fair)  # on each seed, the naive train score flatters more
    assert noise.ahead(naive, fair)  # and beyond the spread, as the page says


def test_claim_the_default_has_no_winner_among_the_best_encodings(default):
    """The page says 'inside the noise' instead of naming a winner: the leak buys no test accuracy."""
    from core.data_splits import noise

    ranking = noise.rank({n: default.accuracy(n) for n in ENCODINGS})
    assert not ranking.clear_winner
    assert not noise.ahead(default.accuracy("target (naive)"), default.accuracy("target (cross-fitted)"))
