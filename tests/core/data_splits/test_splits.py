"""Splits: sizes, disjointness, stratification, against scikit-learn and hand-worked counts."""
import numpy as np
import pytest

from core.data_splits.splits import SplitConfig, _allocate, sample_labels, split_indices


def labels(n=1000, classes=10, seed=0):
    return np.random.default_rng(seed).integers(0, classes, n)


def test_allocation_by_largest_remainder_matches_hand_worked_counts():
    assert _allocate(10, np.array([0.7, 0.15, 0.15])).tolist() == [7, 2, 1]  # 7, 1.5, 1.5 → 7, 2, 1
    assert _allocate(7, np.array([1 / 3] * 3)).sum() == 7


@pytest.mark.parametrize("stratify", [True, False])
def test_splits_are_disjoint_and_cover_every_row(stratify):
    y = labels()
    result = split_indices(y, SplitConfig(60, 20, 20, stratify=stratify, seed=3))
    rows = np.concatenate(result.indices)
    assert sorted(rows.tolist()) == list(range(len(y)))
    assert result.sizes.tolist() == [600, 200, 200]  # the split totals are exactly as asked


def test_sizes_are_rescaled_to_add_up():
    assert np.allclose(SplitConfig(140, 30, 30).fractions(), [0.7, 0.15, 0.15])
    with pytest.raises(ValueError):
        SplitConfig(0, 0, 0).fractions()


def test_stratified_counts_hit_split_totals_and_class_sizes_on_hand_worked_example():
    from core.data_splits.splits import stratified_counts

    counts = stratified_counts(np.array([5, 5]), np.array([0.7, 0.15, 0.15]))  # exact 3.5/0.75/0.75 per class
    assert counts.sum(1).tolist() == [5, 5] and counts.sum(0).tolist() == [7, 2, 1]
    assert np.abs(counts - np.array([[3.5, 0.75, 0.75]] * 2)).max() < 1


def test_stratified_keeps_each_class_within_one_example_of_its_exact_share():
    y = labels(997)
    result = split_indices(y, SplitConfig(70, 15, 15, stratify=True))
    per_class = np.bincount(y)
    exact = per_class[None, :] * np.array([0.7, 0.15, 0.15])[:, None]
    assert np.abs(result.counts - exact).max() < 1


def test_stratified_class_shares_match_sklearn_reference():
    from sklearn.model_selection import train_test_split

    y = labels(500, classes=3)
    ours = split_indices(y, SplitConfig(80, 0, 20, stratify=True)).shares
    _, test = train_test_split(np.arange(500), test_size=0.2, stratify=y, random_state=0)
    reference = np.bincount(y[test], minlength=3) / len(test)
    assert np.allclose(ours[2], reference, atol=0.011)


def test_claim_stratifying_removes_the_imbalance_of_small_random_splits():
    """The page's claim: at 300 examples, random splits drift several points; stratified ones do not."""
    y = sample_labels(labels(5000), 300, seed=0)
    gaps = {s: np.mean([split_indices(y, SplitConfig(70, 15, 15, stratify=s, seed=k)).max_gap for k in range(20)])
            for s in (True, False)}
    assert gaps[True] < 1.5 < gaps[False]


def test_same_seed_same_split_and_empty_split_is_allowed():
    y = labels()
    a = split_indices(y, SplitConfig(seed=5, stratify=False))
    b = split_indices(y, SplitConfig(seed=5, stratify=False))
    assert all(np.array_equal(p, q) for p, q in zip(a.indices, b.indices, strict=True))
    empty = split_indices(y, SplitConfig(90, 0, 10))
    assert empty.sizes[1] == 0 and np.isfinite(empty.max_gap)
