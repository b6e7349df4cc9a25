"""This lesson's challenges: tasks checked against the learner's own runs (see core.challenges).

Each result below is computed by ONE pure function from what the page computed (`image_result`,
`audit_result`, `threshold_result`, `mitigation_result`); the page records it when the run ends
and the tests call the same function, so a check never reads a number typed into the page.
"""
from __future__ import annotations

from functools import partial

from core.challenges import Challenge, Prediction, metrics_named
from core.goals import Goal, Metric

IMAGES_TAB = ":material/draw: Images: cause bias"  # the page's tab labels, as "Open the setup" selects them
ARRESTS_TAB = ":material/gavel: Arrests: measure & fix"
FIXES = ("Reweighing", "Group-weighted loss", "ThresholdOptimizer")  # the Mitigate tab's fixes, in stage order
BASELINE = "Baseline (class weights)"  # "Your fix" may also be no fix at all, to compare
SAME = 0.005  # a gap under half a point of accuracy counts as "about the same"


def _m(name: str, label: str, percent: bool = True, higher: bool = True, lo: float = 0.0, hi: float = 1.0) -> Metric:
    return Metric(name, label, percent=percent, higher_is_better=higher, lo=lo, hi=hi)


IMAGE_METRICS = {m.name: m for m in (
    _m("test_accuracy", "test accuracy (both styles)"),
    _m("accuracy_regular", "accuracy on regular strokes"),
    _m("accuracy_subgroup", "accuracy on the subgroup's style"),
    _m("worst_group_accuracy", "worst-group accuracy"),
    _m("accuracy_gap", "accuracy gap (regular minus subgroup)", higher=False, lo=-1.0),
    _m("error_ratio", "subgroup's error rate ÷ regular strokes' error rate", percent=False, higher=False,
       hi=1000.0),
    _m("subgroup_share", "subgroup's share of training", higher=False),
    _m("subgroup_overconfidence", "subgroup's mean confidence minus its accuracy", higher=False, lo=-1.0),
)}
AUDIT_METRICS = {m.name: m for m in (
    _m("accuracy", "accuracy"),
    _m("balanced_accuracy", "balanced accuracy"),
    _m("demographic_parity_difference", "demographic-parity difference", higher=False),
    _m("equalized_odds_difference", "equalized-odds difference", higher=False),
    _m("statistical_parity_difference", "statistical parity difference (others minus reference)", lo=-1.0),
    _m("attribute_hidden", "attribute hidden from the network (1 = hidden)", percent=False, hi=1.0),
)}
THRESHOLD_METRICS = {m.name: m for m in (
    _m("threshold_balanced_accuracy", "balanced accuracy with your thresholds"),
    _m("threshold_equal_opportunity_difference", "equal-opportunity difference (TPR gap) with your thresholds",
       higher=False),
    _m("threshold_demographic_parity_difference", "demographic-parity difference with your thresholds",
       higher=False),
    _m("threshold_fair_criteria", "fairness criteria inside their band with your thresholds", percent=False,
       hi=5.0),
)}
MITIGATION_METRICS = {m.name: m for m in (
    _m("fix_balanced_accuracy", "your fix's balanced accuracy (mean over seeds)"),
    _m("fix_accuracy", "your fix's accuracy (mean over seeds)"),
    _m("fix_demographic_parity_difference", "your fix's demographic-parity difference (mean over seeds)",
       higher=False),
    _m("fix_equalized_odds_difference", "your fix's equalized-odds difference (mean over seeds)", higher=False),
    _m("fix_cost", "balanced accuracy your fix gives up (points, mean over seeds)", percent=False, higher=False,
       lo=-100.0, hi=100.0),
)}
_RESULTS = {"image": IMAGE_METRICS, "audit": AUDIT_METRICS, "thresholds": THRESHOLD_METRICS,
            "mitigation": MITIGATION_METRICS}
# metric name -> (the recorded result that holds it, how it reads): what challenges and assignment goals may use
METRICS: dict[str, tuple[str, Metric]] = {name: (result, metric) for result, table in _RESULTS.items()
                                          for name, metric in table.items()}


# The result functions: the page and the tests compute a run's metrics with these and nothing else --------

def image_result(audit) -> dict[str, float]:
    """An `images.ImageAudit` as metrics (recorded as "image" when a training run ends)."""
    regular, sub = audit.cfg.group_names
    err_regular, err_sub = 1 - audit.accuracy[regular], 1 - audit.accuracy[sub]
    floor = 1 / max(audit.test_per_group, 1)  # no error at all counts as one error, so the ratio stays finite
    cal = audit.calibration
    return {
        "test_accuracy": audit.test_accuracy,
        "accuracy_regular": audit.accuracy[regular],
        "accuracy_subgroup": audit.accuracy[sub],
        "worst_group_accuracy": audit.worst_accuracy,
        "accuracy_gap": audit.gap,
        "error_ratio": max(err_sub, floor) / max(err_regular, floor),
        "subgroup_share": audit.cfg.share,
        "subgroup_overconfidence": cal.confidence[sub] - cal.accuracy[sub],
        # which group the network serves worse: 0 regular strokes, 1 the subgroup, 2 about the same
        "worse_group": 2.0 if abs(audit.gap) < SAME else 1.0 if audit.gap > 0 else 0.0,
    }


def audit_result(audit) -> dict[str, float]:
    """A `mitigation.TabularAudit` (the Measure tab's baseline, seed 0) as metrics (recorded as "audit")."""
    report = audit.report
    return {
        "accuracy": audit.accuracy,
        "balanced_accuracy": audit.balanced_accuracy,
        "demographic_parity_difference": report.dp_difference,
        "equalized_odds_difference": report.values["eq_odds"],
        "statistical_parity_difference": report.values["spd"],
        "attribute_hidden": float(audit.cfg.blind),
        "gap_stays": float(report.dp_difference >= 0.05),  # the prediction's outcome: 1 = a gap of 5+ points stays
    }


def threshold_result(balanced_accuracy: float, report, thresholds: dict[str, float]) -> dict[str, float]:
    """The Threshold explorer's numbers for the learner's cut-offs (recorded as "thresholds")."""
    others = [t for g, t in thresholds.items() if g != report.privileged]
    reference = thresholds.get(report.privileged, 0.5)
    return {
        # the prediction's outcome: 1 when the other groups' cut-offs sit below the reference group's
        "others_threshold_lower": float(bool(others) and max(others) < reference),
        "threshold_balanced_accuracy": balanced_accuracy,
        "threshold_equal_opportunity_difference": report.eo_difference,
        "threshold_demographic_parity_difference": report.dp_difference,
        "threshold_fair_criteria": float(sum(report.fair().values())),
    }


def mitigation_result(runs, goal: str, fix: str) -> dict[str, float]:
    """The Mitigate tab's runs (seed -> outcomes) for the fix the learner chose, as means over the seeds
    (recorded as "mitigation"); `best_fix` is the fix with the lowest disparity, for the prediction."""
    from core.bias_audit.mitigation import compare_over_seeds

    summary = compare_over_seeds(runs, goal)
    row = summary.loc[fix]
    best = summary.loc[list(FIXES), "disparity"].idxmin()
    return {
        "fix_balanced_accuracy": float(row["balanced accuracy"]),
        "fix_accuracy": float(row["accuracy"]),
        "fix_demographic_parity_difference": float(_mean(runs, fix, lambda o: o.report.dp_difference)),
        "fix_equalized_odds_difference": float(row["EqOdds"]),
        "fix_cost": float(row["cost"]),
        "best_fix": float(FIXES.index(best)),
    }


def _mean(runs, fix: str, value) -> float:
    vals = [value(next(o for o in outcomes if o.name == fix)) for outcomes in runs.values()]
    return sum(vals) / len(vals)


_metrics = partial(metrics_named, METRICS)  # the Metric of each name, for a challenge


CHALLENGES: tuple[Challenge, ...] = (  # in the order the lesson teaches them
    Challenge(
        id="bias_audit.rare_style",
        title="Cause bias: make a style rare",
        task="On **Images**, make one handwriting style so rare in training that the network misreads it at "
             "least **twice as often** as regular strokes (the subgroup's error rate ÷ regular strokes' ≥ 2).",
        result="image",
        goals=(Goal("error_ratio", ">=", 2.0),),
        setup={"bias_tab": IMAGES_TAB, "bias_style": "faint", "bias_share": 50, "bias_images": 2000,
               "bias_epochs": 1, "bias_seed": 0},
        hints=("Start from 50%: both styles are common, and the two error rates are close.",
               "Lower **Subgroup's share of training** and press **Train and audit** again.",
               "At 1% only 20 of 2,000 training digits are in the rare style."),
        explanation="The network is never told who is who; it simply saw too few low-contrast digits to learn what "
                    "they look like. The test set holds the same digits in both styles, so the whole gap comes from "
                    "under-representation: the tutorial's warning about non-diverse training faces.",
        prediction=Prediction("When one style makes up only 1% of training, whose digits does the network misread "
                              "more often?", "worse_group",
                              ("regular strokes", "the rare style", "about the same")),
        metrics=_metrics("error_ratio"),
    ),
    Challenge(
        id="bias_audit.unaware",
        title="Fairness through unawareness",
        task="On **Arrests › Measure**, audit **colour** with the attribute **hidden from the network**, and "
             "show that the gap in release rates stays: a demographic-parity difference of at least 0.1.",
        result="audit",
        goals=(Goal("attribute_hidden", "==", 1.0), Goal("demographic_parity_difference", ">=", 0.1)),
        setup={"bias_tab": ARRESTS_TAB, "bias_section": "Measure", "bias_attr": "colour", "bias_blind": False},
        hints=("Turn on **Hide it from the network**.",
               "Compare the selection rates in the MetricFrame table with the baseline's.",
               "Employment, citizenship and the number of police database checks are not colour, but they "
               "differ between the groups."),
        explanation="Removing a column does not remove what it correlates with: other features (here employment, "
                    "citizenship and prior database checks) still carry part of the group, so the network keeps "
                    "releasing one group less often. Fairness has to be measured on the outcomes, not assumed from "
                    "the inputs.",
        prediction=Prediction("With colour hidden from the network, will it still release Black arrestees "
                              "noticeably less often than White ones?", "gap_stays",
                              ("no: the gap closes (under 5 points)", "yes: a gap of 5 points or more stays")),
        metrics=_metrics("attribute_hidden", "demographic_parity_difference"),
    ),
    Challenge(
        id="bias_audit.equal_opportunity",
        title="Equal opportunity by hand",
        task="On **Arrests › Threshold explorer** (colour), give each group its own cut-off so that people who "
             "truly were released get released equally often: an equal-opportunity difference of at most 0.05, "
             "while keeping balanced accuracy at 65% or more.",
        result="thresholds",
        goals=(Goal("threshold_equal_opportunity_difference", "<=", 0.05),
               Goal("threshold_balanced_accuracy", ">=", 0.65)),
        setup={"bias_tab": ARRESTS_TAB, "bias_section": "Threshold explorer", "bias_attr": "colour",
               "bias_blind": False, "bias_thr_colour_black": 0.5, "bias_thr_colour_white": 0.5},
        hints=("At 0.5 for both, the Black group's TPR is far below the White group's.",
               "Lower the Black group's threshold (or raise the White group's) and watch TPR in the table.",
               "Move both a little rather than one a lot: moving one far costs balanced accuracy."),
        explanation="Equal opportunity asks only that the truly released are released at the same rate in each "
                    "group. Different cut-offs on the same scores can give that, at a small cost in balanced "
                    "accuracy; but the selection rates and false positive rates then differ, which is why the other "
                    "criteria do not all come inside their bands at once.",
        prediction=Prediction("To equalise TPR, which group's threshold must come down relative to the other's?",
                              "others_threshold_lower",
                              ("the White group's (the reference)", "the Black group's")),
        metrics=_metrics("threshold_equal_opportunity_difference", "threshold_balanced_accuracy"),
    ),
    Challenge(
        id="bias_audit.parity_fix",
        title="Fix demographic parity at a small cost",
        task="On **Arrests › Mitigate** (colour, goal demographic parity), pick the fix you trust and cut the "
             "demographic-parity difference **below 0.1** while keeping balanced accuracy **at 65% or more** "
             "(means over the three seeds).",
        result="mitigation",
        goals=(Goal("fix_demographic_parity_difference", "<", 0.1), Goal("fix_balanced_accuracy", ">=", 0.65)),
        setup={"bias_tab": ARRESTS_TAB, "bias_section": "Mitigate", "bias_attr": "colour", "bias_blind": False,
               "bias_goal": "demographic_parity", "bias_fix": "Reweighing"},
        hints=("The baseline's difference is about 0.35: every fix is measured against it on the same rows.",
               "Pick **Your fix** below the chart; the check reads that fix's means over the three seeds.",
               "Reweighing acts once, before training; the group-weighted loss and ThresholdOptimizer aim at the "
               "goal you chose."),
        explanation="Each fix trades a little balanced accuracy for equal selection rates, and each only targets "
                    "the criterion it was given: demographic parity says nothing about equal error rates, and the "
                    "base rates in the data still differ. Which gap to close is a decision about whose errors "
                    "matter.",
        prediction=Prediction("Which fix will cut the demographic-parity difference the most?", "best_fix", FIXES),
        metrics=_metrics("fix_demographic_parity_difference", "fix_balanced_accuracy"),
    ),
)
