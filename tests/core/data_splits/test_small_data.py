"""Small data: the comparison is fair, repeatable and reports whatever comes out."""
import numpy as np
import pytest

from core.data_splits.small_data import MODELS, SmallDataConfig, compare, load_table, run_repeat


def test_logistic_regression_matches_an_independent_sklearn_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    cfg = SmallDataConfig("wine", n_train=30, repeats=1, seed=2)
    ours = run_repeat(cfg, 0)["logistic regression"]
    x, y = load_table("wine")
    xtr, xte, ytr, yte = train_test_split(x, y, train_size=30, stratify=y, random_state=2000)
    reference = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(xtr, ytr).score(xte, yte)
    assert np.isclose(ours, reference, atol=1e-6)


def test_repeats_are_repeatable_and_differ_from_each_other():
    cfg = SmallDataConfig("breast cancer", n_train=40, repeats=2)
    a, b = run_repeat(cfg, 0), run_repeat(cfg, 0)
    assert a == b and set(a) == set(MODELS)
    assert run_repeat(cfg, 1) != a


@pytest.mark.parametrize("dataset", ["wine", "digits 8×8"])
def test_every_model_beats_chance_with_under_100_rows(dataset):
    result = compare(SmallDataConfig(dataset, n_train=60, repeats=2))
    chance = 1 / result.classes
    assert all(result.mean(m) > chance + 0.3 for m in MODELS)
    assert result.ranking == sorted(MODELS, key=result.mean, reverse=True)
    assert result.n_test == len(load_table(dataset)[1]) - 60


def test_too_few_rows_for_the_classes_is_refused():
    with pytest.raises(ValueError):
        run_repeat(SmallDataConfig("digits 8×8", n_train=5), 0)


def test_spread_is_the_mean_standard_deviation_over_repeats():
    from core.data_splits.small_data import SmallDataResult

    acc = {m: np.array([0.8, 0.9]) for m in MODELS}
    acc["random forest"] = np.array([0.7, 0.7])
    result = SmallDataResult(acc, 40, 100, 13, 3)
    assert result.repeats == 2 and np.isclose(result.spread, 0.05 * 3 / 4)
    assert result.ranking[-1] == "random forest"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_claim_the_network_is_never_ahead_of_the_best_simple_model_on_the_default(seed):
    """The page's default (wine, 40 rows, 5 repeats): the network earns nothing over the best classical model."""
    from core.data_splits import noise

    result = compare(SmallDataConfig(seed=seed))
    best = max(MODELS[1:], key=result.mean)
    assert not noise.ahead(result.accuracy["neural network"], result.accuracy[best])
    assert result.mean(best) >= result.mean("neural network") - 0.01
