"""This lesson's challenges: tasks checked against the learner's own runs (see core.challenges).

Each experiment's tab records what the learner's run gave, through one of the `*_result` functions
below (the page and the tests call the same ones), under the name in `RESULTS`. A challenge's goals
read those numbers; `METRICS` names every number a challenge or an assignment link may ask for.
"""
from __future__ import annotations

import math
from functools import partial

import numpy as np

from core.challenges import Challenge, Prediction, metrics_named
from core.data_splits import noise
from core.data_splits.names import ENCODINGS, SCALES
from core.goals import Goal, Metric

# --- what each run records ---------------------------------------------------------------------------------


def splits_result(shown, other, stratified: bool) -> dict[str, float]:
    """The split on screen (`stratified` or not) and the same cut the other way: class-share gaps in points."""
    strat, rand = (shown, other) if stratified else (other, shown)
    train, val, test = (float(n) for n in shown.sizes)
    return {"largest_gap": shown.max_gap, "stratified_gap": strat.max_gap, "random_gap": rand.max_gap,
            "examples": float(shown.sizes.sum()), "train_examples": train, "validation_examples": val,
            "test_examples": test}


def leakage_result(outcomes) -> dict[str, float]:
    """Per kind (a, b, c): each pipeline's optimism, the low end of the leak's 95% interval, the true accuracy lost."""
    out: dict[str, float] = {}
    for o in outcomes:
        k = o.kind
        lost = float(o.leaky_fresh.mean() - o.honest_fresh.mean())  # true accuracy the honest pipeline gives up
        out |= {f"leaky_optimism_{k}": o.leaky_optimism, f"honest_optimism_{k}": o.honest_optimism,
                f"leaky_optimism_{k}_low": o.leaky_optimism - 2 * o.optimism_error("leaky"),
                f"leaky_optimism_{k}_points": round(o.leaky_optimism * 100, 1),
                f"accuracy_lost_{k}": lost, f"true_accuracy_change_{k}": _three_way(-lost, 0.01)}
    out["leakage_repeats"] = float(len(outcomes[0].leaky_estimate)) if outcomes else 0.0
    return out


def scaling_result(comparison, cfg) -> dict[str, float]:
    """Validation accuracy per input scale, the mean over seeds; a seed whose loss became NaN counts as 0."""
    acc = {scale: float(np.nan_to_num(comparison.final_acc(scale), nan=0.0).mean()) for scale in SCALES}
    raw, std = acc["raw 0–255"], acc["standardised"]
    return {"raw_accuracy": raw, "unit_accuracy": acc["[0, 1]"], "standardised_accuracy": std,
            "raw_diverged": float(comparison.diverged("raw 0–255")), "raw_vs_standardised": _three_way(raw - std, 0.05),
            "scaling_seeds": float(cfg.seeds),
            **{f"{key}_mean_loss": float(np.mean(comparison.mean_loss(scale)))  # inf when a seed diverged
               for key, scale in zip(("raw", "unit", "standardised"), SCALES, strict=True)}}


def missing_result(result, cfg) -> dict[str, float]:
    """What dropping incomplete rows keeps, and how the imputers score (means over the repeats)."""
    imputers = {name: noise.mean(result.accuracy[name]) for name in result.accuracy if name != "drop rows"}
    answered = float(result.coverage["drop rows"].mean())
    return {"drop_rows_answered": answered, "drop_rows_answered_percent": round(answered * 100, 1),
            "drop_rows_accuracy": noise.mean(result.accuracy["drop rows"]), "mean_imputer_accuracy": imputers["mean"],
            "best_imputer_accuracy": max(imputers.values()), "missing_repeats": float(cfg.repeats)}


def encoding_result(seeds, cfg) -> dict[str, float]:
    """Train − test gaps of the two target encodings and which encoding flatters most (means over the seeds)."""
    gaps = [float(seeds.gap(name).mean()) for name in ENCODINGS]
    return {"naive_gap": gaps[ENCODINGS.index("target (naive)")],
            "cross_fitted_gap": gaps[ENCODINGS.index("target (cross-fitted)")],
            "best_test_accuracy": max(float(seeds.accuracy(name).mean()) for name in ENCODINGS),
            "largest_gap_encoding": float(int(np.argmax(gaps))), "categories_seeds": float(cfg.seeds)}


def augmentation_result(result, cfg) -> dict[str, float]:
    """Mean test accuracy with and without augmentation over the seeds, and the gain."""
    out = {"augmented_test_accuracy": float(result.test_acc("augmented").mean()),
           "plain_test_accuracy": float(result.test_acc("none").mean()), "augmentation_gain": result.gain(),
           "augmentation_seeds": float(cfg.seeds)}
    if cfg.with_flips:
        out["flips_gain"] = result.gain("augmented + flips")
    return out


def fitting_result(result) -> dict[str, float]:
    """How far the too-large network's validation loss rose after its best epoch (on its least-rising seed)."""
    large = result.runs["too large"]
    rises = [run.curve.val_loss[-1] / min(run.curve.val_loss) - 1 for run in large]
    return {"overfit_rise": float(min(rises)), "large_best_epoch": float(np.mean(result.best_epochs("too large"))),
            "large_best_val_loss": float(np.mean([run.regime.best_val_loss for run in large])),
            "right_best_val_loss": float(np.mean([run.regime.best_val_loss for run in result.runs["right"]])),
            "fitting_seeds": float(len(large))}


def bias_variance_result(bv) -> dict[str, float]:
    """Where the expected test error (bias² + variance + noise²) is lowest, and how low."""
    return {"best_width": float(bv.best_width), "lowest_test_error": float(bv.test_mse.min())}


def small_data_result(result) -> dict[str, float]:
    """The network's mean test accuracy against the best classical model's, and its place."""
    best = max((m for m in result.accuracy if m != "neural network"), key=result.mean)
    network = result.mean("neural network")
    return {"network_test_accuracy": network, "best_classical_accuracy": result.mean(best),
            "network_gap": network - result.mean(best),
            "network_place": float(result.ranking.index("neural network") + 1),
            "small_data_repeats": float(result.repeats)}


def _three_way(change: float, band: float) -> float:
    """0: lower by more than `band`, 1: within it, 2: higher by more (an index into a prediction's choices)."""
    if not math.isfinite(change):
        return float("nan")
    return 0.0 if change < -band else 2.0 if change > band else 1.0


# --- the numbers a goal may name ----------------------------------------------------------------------------

def _m(result: str, name: str, label: str, percent: bool = False, higher: bool = True, lo: float = -math.inf,
       hi: float = math.inf) -> tuple[str, tuple[str, Metric]]:
    return name, (result, Metric(name, label, percent, higher, lo, hi))


_PERCENT = dict(percent=True, lo=0.0, hi=1.0)
_SIGNED = dict(percent=True, lo=-1.0, hi=1.0)
METRICS: dict[str, tuple[str, Metric]] = dict([  # metric name -> (the recorded result that holds it, how it reads)
    _m("splits", "largest_gap", "largest class-share gap of the split (points)", higher=False, lo=0, hi=100),
    _m("splits", "random_gap", "largest class-share gap of a random split (points)", lo=0, hi=100),
    _m("splits", "stratified_gap", "largest class-share gap of a stratified split (points)", higher=False,
       lo=0, hi=100),
    *[_m("leakage", f"leaky_optimism_{k}", f"optimism of the leaky pipeline ({k})", **_SIGNED) for k in "abc"],
    *[_m("leakage", f"honest_optimism_{k}", f"optimism of the honest pipeline ({k})", higher=False, **_SIGNED)
      for k in "abc"],
    _m("leakage", "leaky_optimism_a_low", "low end of the 95% interval of (a)'s optimism", **_SIGNED),
    _m("leakage", "accuracy_lost_b", "true accuracy lost by choosing on validation (b)", higher=False, **_SIGNED),
    _m("scaling", "standardised_accuracy", "validation accuracy on standardised pixels", **_PERCENT),
    _m("scaling", "raw_accuracy", "validation accuracy on raw pixels", **_PERCENT),
    _m("scaling", "scaling_seeds", "seeds of the scaling run", lo=1, hi=100),
    _m("missing", "mean_imputer_accuracy", "test accuracy with the mean imputer", **_PERCENT),
    _m("missing", "drop_rows_answered", "share of test rows that dropping rows answers", higher=False, **_PERCENT),
    _m("missing", "missing_repeats", "repeats of the missing-values run", lo=1, hi=100),
    _m("categories", "naive_gap", "train − test gap of naive target encoding", **_SIGNED),
    _m("categories", "cross_fitted_gap", "train − test gap of cross-fitted target encoding", higher=False,
       **_SIGNED),
    _m("categories", "best_test_accuracy", "best test accuracy of any encoding", **_PERCENT),
    _m("categories", "categories_seeds", "seeds of the encoding run", lo=1, hi=100),
    _m("augmentation", "augmented_test_accuracy", "test accuracy with augmentation", **_PERCENT),
    _m("augmentation", "augmentation_gain", "gain in test accuracy from augmentation", **_SIGNED),
    _m("fitting", "overfit_rise", "rise of the large network's validation loss after its best epoch",
       percent=True, lo=0, hi=100),
    _m("fitting", "right_best_val_loss", "best validation loss of the right-sized network", higher=False,
       lo=0, hi=100),
    _m("fitting", "fitting_seeds", "seeds of the fitting run", lo=1, hi=100),
    _m("bias_variance", "lowest_test_error", "lowest expected test error over capacity", higher=False,
       lo=0, hi=100),
    _m("small_data", "network_test_accuracy", "test accuracy of the neural network on the small table", **_PERCENT),
    _m("small_data", "network_gap", "network minus the best classical model", **_SIGNED),
])


_metrics = partial(metrics_named, METRICS)  # the Metric of each name, for a challenge


def _goal(text: str) -> Goal:
    name, op, value = text.split(" ")
    return Goal(name, op, float(value))


# --- the challenges, in the order the lesson teaches them ---------------------------------------------------

CHALLENGES: tuple[Challenge, ...] = (
    Challenge(
        id="data_splits.drift",
        title="Small sets drift out of balance",
        task="Cut a small set of digits at random so that some class's share in some split is **at least 15 points** "
             "off its share overall, while the stratified cut of the same digits stays **within 6 points**.",
        result="splits",
        goals=(_goal("random_gap >= 15"), _goal("stratified_gap <= 6")),
        setup={"data_tab": "Splits", "data_n": 100, "data_stratify": False},
        prediction=Prediction("With 100 digits cut 70/15/15 at random, how many points off its overall share will "
                              "the worst class be, in the worst split?", "random_gap", unit=" points"),
        hints=("A test split of 15 digits holds one or two of each class: one digit more or less moves a class's "
               "share by almost 7 points.",
               "Each seed is a different random cut; try a few, and watch the largest class-share gap.",
               "The gap of the other kind of cut is in the metric's delta: stratified cuts stay within one digit "
               "of the exact share."),
        explanation="A random cut of a small set is a small sample of each class, and small samples are noisy: one "
                    "split can end up with twice its share of 7s and hardly any 1s, so its score says more about "
                    "that luck than about the model. Stratifying cuts each class on its own, which keeps every "
                    "class within one example of its share in every split.",
        metrics=_metrics("random_gap", "stratified_gap")),
    Challenge(
        id="data_splits.leak_a",
        title="The quiet leak, beyond doubt",
        task="Make leak **(a)**, the scaler fitted before the split, flatter its reported score by more than "
             "**5 points** on average, beyond the noise: the low end of its 95% interval must stay above zero.",
        result="leakage",
        goals=(_goal("leaky_optimism_a > 0.05"), _goal("leaky_optimism_a_low > 0")),
        setup={"data_tab": "Leakage"},
        prediction=Prediction("At the default settings leak (a) flatters the score by about 3 points. At its "
                              "largest, how many points do you expect it to reach?", "leaky_optimism_a_points",
                              unit=" points"),
        hints=("A test row with a wild value widens its own column's scale, and so tames that very row: more "
               "heavy-tailed columns give the leak more to work with.",
               "With fewer development rows, each test row weighs more in the mean and standard deviation.",
               "A model that trusts one neighbour (k = 1) is the most sensitive to how each row was scaled.",
               "More repeats narrow the 95% interval, so its low end rises towards the mean."),
        explanation="Statistics computed on all rows carry a little of every test row into the preprocessing. "
                    "With few rows and wild columns that little is a lot: a test row's outlier sets its own "
                    "column's scale. The fix is the same as for every leak: fit the scaler on the training rows "
                    "only, and let test rows meet it as new data would.",
        metrics=_metrics("leaky_optimism_a", "leaky_optimism_a_low")),
    Challenge(
        id="data_splits.leak_b",
        title="Remove the leak without losing accuracy",
        task="Make tuning on the test set, leak **(b)**, flatter the score by **at least 15 points**; then check that "
             "the honest pipeline (choose on validation, report test once) flatters by **at most 2 points** and "
             "loses **at most 1 point** of true accuracy on never-touched rows.",
        result="leakage",
        goals=(_goal("leaky_optimism_b >= 0.15"), _goal("honest_optimism_b <= 0.02"),
               _goal("accuracy_lost_b <= 0.01")),
        setup={"data_tab": "Leakage"},
        prediction=Prediction("When the setting is chosen on validation instead of on test, what happens to the "
                              "true accuracy on never-touched rows?", "true_accuracy_change_b",
                              choices=("it drops by more than a point", "it stays within a point",
                                       "it rises by more than a point")),
        hints=("The more settings you try, the luckier the best one by test score looks.",
               "A small development set makes each test score noisier, so the luckiest one is luckier still.",
               "Compare the pale bars (true accuracy) of the two pipelines in (b): both picked a setting from the "
               "same candidates."),
        explanation="Picking the best of many settings by their test score picks the luckiest split, so the "
                    "reported score is the maximum of many noisy numbers, far above the truth. Picking on a "
                    "separate validation set finds a setting just as good (the true accuracies match) and leaves "
                    "the test set untouched, so its score is an honest estimate.",
        metrics=_metrics("leaky_optimism_b", "honest_optimism_b", "accuracy_lost_b")),
    Challenge(
        id="data_splits.raw_pixels",
        title="Rescue raw pixels",
        task="Get the network to learn from **raw pixels (0–255)**: at least **80%** validation accuracy, the "
             "mean over **2 or more seeds**.",
        result="scaling",
        goals=(_goal("raw_accuracy >= 0.8"), _goal("scaling_seeds >= 2")),
        setup={"data_tab": "Scaling", "data_norm_n": 2000, "data_norm_seeds": 2},
        prediction=Prediction("Once raw pixels learn, how will they compare with standardised pixels?",
                              "raw_vs_standardised", choices=("more than 5 points behind", "within 5 points",
                                                              "more than 5 points ahead")),
        hints=("With SGD every weight takes a step of the same size; inputs 255 times larger make the first "
               "layer's gradients 255 times larger, so each step overshoots.",
               "A much smaller learning rate shrinks the step back to a sensible size for raw inputs (and makes "
               "it too small for the others).",
               "Adam divides each weight's step by the size of its own recent gradients, so it does not care "
               "much about the inputs' scale."),
        explanation="Nothing is wrong with raw pixels except their size: the step that suits inputs of size 1 is "
                    "far too large for inputs of size 255. Either shrink the step, or let the optimiser scale each "
                    "weight's step (Adam). Standardising the inputs fixes it at the source, so one learning rate "
                    "suits every weight, which is why it is the default in practice.",
        metrics=_metrics("raw_accuracy", "scaling_seeds")),
    Challenge(
        id="data_splits.drop_rows",
        title="What dropping rows costs",
        task="Remove enough values that dropping incomplete rows can answer **at most 10%** of the test rows, while "
             "the mean imputer still scores **at least 93%**, over **3 or more repeats**.",
        result="missing",
        goals=(_goal("drop_rows_answered <= 0.1"), _goal("mean_imputer_accuracy >= 0.93"),
               _goal("missing_repeats >= 3")),
        setup={"data_tab": "Missing values", "data_miss_repeats": 3},
        prediction=Prediction("With 10% of the cells removed at random, what share of the test rows can dropping "
                              "rows still answer (in %)?", "drop_rows_answered_percent", unit="%"),
        hints=("A row survives only if all 30 of its values survive: (1 − p)³⁰.",
               "(1 − 0.1)³⁰ is about 4%: a small share of missing cells removes most of a wide table's rows."),
        explanation="Gaps scattered over 30 columns leave almost no row complete, so dropping rows learns from a "
                    "handful of tumours and cannot answer for the rest at all. The mean imputer, fitted on the "
                    "training rows, keeps every row and loses hardly any accuracy: with values missing at random, "
                    "a simple fill is usually enough.",
        metrics=_metrics("drop_rows_answered", "mean_imputer_accuracy", "missing_repeats")),
    Challenge(
        id="data_splits.target_trap",
        title="Spring the target-encoding trap",
        task="Make naive target encoding's train score beat its test score by **at least 15 points**, while the "
             "cross-fitted encoding's gap stays **under 7 points**: means over **3 or more seeds**.",
        result="categories",
        goals=(_goal("naive_gap >= 0.15"), _goal("cross_fitted_gap < 0.07"), _goal("categories_seeds >= 3")),
        setup={"data_tab": "Categories", "data_enc_seeds": 3},
        prediction=Prediction("At your settings, which encoding's training score will flatter the network most "
                              "(the largest train − test gap)?", "largest_gap_encoding", choices=ENCODINGS),
        hints=("The trap is in rare cities: a city seen once is encoded as that row's own label.",
               "More cities, or fewer customers, make more cities rare.",
               "Cross-fitting encodes each row with the other folds' labels, so a rare city hands over nothing."),
        explanation="Naive target encoding computes a city's mean label with the row itself included, so a rare "
                    "city's code is its row's answer: training accuracy soars and test accuracy does not follow. "
                    "Cross-fitting encodes every training row from labels it does not contribute to, as test rows "
                    "are encoded. One-hot codes can flatter too, but honestly: that gap is a network memorising "
                    "rare cities, not a label handed over by the encoding.",
        metrics=_metrics("naive_gap", "cross_fitted_gap", "categories_seeds")),
    Challenge(
        id="data_splits.overfit",
        title="Watch a network overfit",
        task="Train long enough that the too-large network's validation loss ends **at least 30%** above its best "
             "epoch, on **every one of 2 or more seeds**. Early stopping would have kept that best epoch.",
        result="fitting",
        goals=(_goal("overfit_rise >= 0.3"), _goal("fitting_seeds >= 2")),
        setup={"data_tab": "Fitting", "data_fit_seeds": 2},
        prediction=Prediction("In which epoch will the too-large network's validation loss be lowest?",
                              "large_best_epoch", unit=""),
        hints=("The training loss keeps falling; the validation loss turns upward once the network starts "
               "memorising its training images.",
               "Every epoch after the best one adds to the rise: train for more epochs.",
               "Fewer training images are memorised sooner."),
        explanation="A network with 269,000 weights and 1,000 images can memorise every image: its training loss "
                    "goes to zero while its validation loss climbs, because confident mistakes on new digits cost "
                    "more and more. The best weights were those of the lowest validation loss; early stopping keeps "
                    "them, which is why it rescues a large model.",
        metrics=_metrics("overfit_rise", "fitting_seeds")),
)
