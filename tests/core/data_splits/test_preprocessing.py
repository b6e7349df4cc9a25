"""Preprocessing: input scales, imputers against NumPy references, and the normalisation claim."""
import numpy as np
import pytest
import torch

from core.data_splits.encoding import ENCODINGS, EncodingConfig, encode, encoding_experiment, naive_target_encoding
from core.data_splits.scaling import (
    IMPUTERS,
    SCALES,
    MissingConfig,
    NormConfig,
    input_scales,
    make_imputer,
    missing_values_experiment,
    normalization_experiment,
    remove_at_random,
)


def test_input_scales(mnist):
    x = mnist.train_x[:500]
    scales = input_scales(mnist, x, x)
    raw, unit, std = (scales[s] for s in SCALES)
    assert torch.allclose(raw, unit * 255) and unit.min() >= -1e-6 and unit.max() <= 1 + 1e-6
    assert abs(std.mean().item()) < 1e-4 and abs(std.std().item() - 1) < 1e-4  # statistics of these images


def test_claim_standardised_inputs_converge_faster_than_raw_pixels(mnist):
    result = normalization_experiment(mnist, NormConfig())  # the page's default: 2000 images, 2 epochs, Adam
    raw, unit, std = SCALES
    assert result.mean_loss(std) < result.mean_loss(unit) < result.mean_loss(raw)
    settled = result.steps_to_target(std)
    assert settled is not None
    assert result.steps_to_target(raw) is None or result.steps_to_target(raw) > settled
    assert result.curves[std].val_acc[-1] > result.curves[raw].val_acc[-1]


def test_sgd_on_raw_pixels_is_caught_not_crashed(mnist):
    result = normalization_experiment(mnist, NormConfig(n_train=256, epochs=1, optimizer="sgd", lr=0.1))
    assert result.mean_loss(SCALES[0]) > result.mean_loss(SCALES[2])  # raw diverges or stalls: inf or high


def test_values_removed_at_the_requested_rate():
    x = remove_at_random(np.random.default_rng(0), np.ones((400, 50)), 0.2)
    assert abs(np.isnan(x).mean() - 0.2) < 0.01


@pytest.mark.parametrize("name,reference", [("mean", np.nanmean), ("median", np.nanmedian)])
def test_imputers_fill_with_training_column_statistics(name, reference):
    rng = np.random.default_rng(1)
    train = remove_at_random(rng, rng.normal(size=(50, 3)), 0.3)
    test = np.full((2, 3), np.nan)
    filled = make_imputer(name).fit(train).transform(test)
    assert np.allclose(filled[0], reference(train, axis=0))


def test_no_missing_values_means_every_method_agrees():
    result = missing_values_experiment(MissingConfig(missing_pct=0, repeats=1))
    accuracies = {result.accuracy[n][0] for n in IMPUTERS}
    assert len(accuracies) == 1 and accuracies.pop() > 0.9
    assert all(result.coverage[n][0] == 1 for n in IMPUTERS)


def test_dropping_rows_loses_most_of_a_wide_table():
    """30 columns, 10% missing: (0.9)^30 ≈ 4% of rows are complete; imputers keep all 398 training rows."""
    result = missing_values_experiment(MissingConfig(missing_pct=10, repeats=2))
    assert result.train_rows["drop rows"].mean() < 0.1 * 398 and result.coverage["drop rows"].mean() < 0.1
    assert (result.train_rows["mean"] == 398).all()
    assert all(result.accuracy[n].mean() > 0.85 for n in IMPUTERS[1:])


def test_missing_share_is_validated():
    with pytest.raises(ValueError):
        missing_values_experiment(MissingConfig(missing_pct=100))


# --- categorical encoding ---------------------------------------------------------------------------------


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
