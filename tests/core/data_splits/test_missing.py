"""Missing values: removal at the asked rate, imputers against NumPy references, and what dropping rows costs."""
import numpy as np
import pytest

from core.data_splits.missing import IMPUTERS, MissingConfig, make_imputer, missing_values_experiment, remove_at_random


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


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_claim_the_default_drops_most_rows_and_the_plain_mean_is_as_good_as_any_imputer(seed):
    """The page's default (5% missing, 5 repeats): dropping rows keeps about a fifth of the table and answers
    about a fifth of the test rows; no imputer is ahead of the plain mean beyond the spread between repeats."""
    from core.data_splits import noise

    result = missing_values_experiment(MissingConfig(seed=seed))
    assert result.train_rows["drop rows"].mean() < 0.3 * 398 and result.coverage["drop rows"].mean() < 0.3
    assert all((result.coverage[n] == 1).all() and (result.train_rows[n] == 398).all() for n in IMPUTERS[1:])
    ranking = noise.rank({n: result.accuracy[n] for n in IMPUTERS[1:]})
    assert "mean" in ranking.tied
