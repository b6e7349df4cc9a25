"""Group fairness metrics: fairlearn's, plus the AIF360-style signed ones fairlearn lacks.

fairlearn measures disparity as max minus min over every group (never negative).
AIF360, Aequitas and the four-fifths rule compare an *unprivileged* side with a
*privileged* reference group and keep the sign, so a learner can see who is
favoured. Both views are computed here from the same fairlearn `MetricFrame`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
from fairlearn.metrics import (
    MetricFrame,
    count,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    false_positive_rate,
    selection_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score

true_positive_rate_1 = partial(true_positive_rate, pos_label=1)
false_positive_rate_1 = partial(false_positive_rate, pos_label=1)


@dataclass(frozen=True)
class Metric:
    """One fairness criterion: its formula, the band counted as fair, and what it asks for."""

    key: str
    name: str
    latex: str
    band: tuple[float, float]  # values inside are usually called fair
    ideal: float
    meaning: str

    def is_fair(self, value: float) -> bool:
        return math.isfinite(value) and self.band[0] <= value <= self.band[1]


METRICS = (
    Metric("spd", "Statistical parity difference",
           r"\mathrm{SPD} = P(\hat Y=1 \mid A=u) - P(\hat Y=1 \mid A=p)", (-0.1, 0.1), 0.0,
           "Both sides are selected at the same rate (demographic parity), whatever the true labels."),
    Metric("di", "Disparate impact",
           r"\mathrm{DI} = \frac{P(\hat Y=1 \mid A=u)}{P(\hat Y=1 \mid A=p)}", (0.8, 1.25), 1.0,
           "The four-fifths rule: the unprivileged selection rate is at least 80% of the privileged one."),
    Metric("eod", "Equal opportunity difference",
           r"\mathrm{EOD} = \mathrm{TPR}_u - \mathrm{TPR}_p,\quad \mathrm{TPR} = P(\hat Y=1 \mid Y=1)", (-0.1, 0.1),
           0.0, "People who truly deserve the good outcome get it equally often on both sides."),
    Metric("aod", "Average odds difference",
           r"\mathrm{AOD} = \tfrac12\big[(\mathrm{FPR}_u - \mathrm{FPR}_p) + (\mathrm{TPR}_u - \mathrm{TPR}_p)\big]",
           (-0.1, 0.1), 0.0, "Mistakes and hits are balanced on average: true and false positive rates match."),
    Metric("eq_odds", "Equalized odds difference",
           r"\mathrm{EqOdds} = \max\big(\Delta\mathrm{TPR},\ \Delta\mathrm{FPR}\big),\quad "
           r"\Delta x = \max_a x_a - \min_a x_a", (0.0, 0.1), 0.0,
           "fairlearn's worst case over all groups: both TPR and FPR are equal across groups."),
)
METRIC = {m.key: m for m in METRICS}


def base_rate(y_true, y_pred) -> float:
    """Share of true positives in the data, P(Y=1): what a group 'deserves' before any model."""
    return float(np.mean(y_true))


def group_frame(y_true, y_pred, groups, name: str = "group") -> MetricFrame:
    """fairlearn's MetricFrame with the What-If / Aequitas columns, one row per group (index named `name`)."""
    return MetricFrame(metrics={"count": count, "base rate": base_rate, "selection rate": selection_rate,
                                "accuracy": accuracy_score, "TPR": true_positive_rate_1,
                                "FPR": false_positive_rate_1},
                       y_true=np.asarray(y_true), y_pred=np.asarray(y_pred),
                       sensitive_features=pd.Series(np.asarray(groups), name=name))


@dataclass(frozen=True)
class FairnessReport:
    """The five criteria of METRICS for one set of predictions; `values[key]` per metric."""

    privileged: str
    values: dict[str, float]
    dp_difference: float  # fairlearn, max - min selection rate over all groups
    dp_ratio: float  # fairlearn, min / max selection rate over all groups
    eo_difference: float  # fairlearn, max - min TPR over all groups

    def fair(self) -> dict[str, bool]:
        return {k: METRIC[k].is_fair(v) for k, v in self.values.items()}


def fairness_report(y_true, y_pred, groups, privileged: str) -> FairnessReport:
    """Signed metrics pool every other group as the unprivileged side u, against reference p.

    The unsigned ones come straight from fairlearn over all groups. With two groups
    |SPD| equals fairlearn's demographic parity difference, and so on.
    """
    y_true, y_pred, groups = np.asarray(y_true), np.asarray(y_pred), np.asarray(groups)
    if not (groups == privileged).any() or (groups == privileged).all():
        raise ValueError(f"the reference group {privileged!r} must be some, but not all, of the rows")
    side = np.where(groups == privileged, "privileged", "unprivileged")
    by = MetricFrame(metrics={"sr": selection_rate, "tpr": true_positive_rate_1, "fpr": false_positive_rate_1},
                     y_true=y_true, y_pred=y_pred, sensitive_features=side).by_group
    u, p = by.loc["unprivileged"], by.loc["privileged"]
    values = {
        "spd": u.sr - p.sr,
        "di": u.sr / p.sr if p.sr > 0 else float("nan"),
        "eod": u.tpr - p.tpr,
        "aod": 0.5 * ((u.fpr - p.fpr) + (u.tpr - p.tpr)),
        "eq_odds": equalized_odds_difference(y_true, y_pred, sensitive_features=groups),
    }
    return FairnessReport(
        privileged, {k: float(v) for k, v in values.items()},
        float(demographic_parity_difference(y_true, y_pred, sensitive_features=groups)),
        float(demographic_parity_ratio(y_true, y_pred, sensitive_features=groups)),
        float(equal_opportunity_difference(y_true, y_pred, sensitive_features=groups)))


def accuracy_by_group(y_true, y_pred, groups) -> MetricFrame:
    """Accuracy per group; `.group_min()` is the worst-group accuracy, `.difference()` the gap."""
    return MetricFrame(metrics=accuracy_score, y_true=np.asarray(y_true), y_pred=np.asarray(y_pred),
                       sensitive_features=np.asarray(groups))


def recall_by_class_and_group(y_true, y_pred, groups) -> pd.DataFrame:
    """Recall of each class within each group (rows: groups, columns: classes); 1 is ideal.

    Accuracy restricted to the examples of one true class is that class's recall,
    so fairlearn's control features (the true class) give it directly.
    """
    y_true = np.asarray(y_true)
    frame = MetricFrame(metrics=accuracy_score, y_true=y_true, y_pred=np.asarray(y_pred),
                        sensitive_features=np.asarray(groups), control_features=y_true)
    return frame.by_group.unstack(0)


@dataclass(frozen=True)
class Calibration:
    """Per group: mean confidence, accuracy and expected calibration error, plus reliability bins."""

    confidence: dict[str, float]
    accuracy: dict[str, float]
    ece: dict[str, float]
    bins: dict[str, pd.DataFrame]  # columns: confidence, accuracy, count (non-empty bins only)


def calibration_by_group(confidence, correct, groups, n_bins: int = 10) -> Calibration:
    """ECE = sum over confidence bins of (bin share) x |accuracy - mean confidence|; 0 is perfectly calibrated.

    fairlearn has no calibration metric, so this is the textbook binned estimate (Guo et al. 2017).
    """
    confidence, correct, groups = np.asarray(confidence, float), np.asarray(correct, float), np.asarray(groups)
    edges = np.linspace(0, 1, n_bins + 1)
    conf, acc, ece, bins = {}, {}, {}, {}
    for g in pd.unique(groups):
        c, ok = confidence[groups == g], correct[groups == g]
        which = np.clip(np.digitize(c, edges[1:-1], right=True), 0, n_bins - 1)
        table = pd.DataFrame({"bin": which, "confidence": c, "accuracy": ok}).groupby("bin").agg(
            confidence=("confidence", "mean"), accuracy=("accuracy", "mean"), count=("accuracy", "size"))
        key = str(g)
        conf[key], acc[key] = float(c.mean()), float(ok.mean())
        ece[key] = float((table["count"] / len(c) * (table["accuracy"] - table["confidence"]).abs()).sum())
        bins[key] = table.reset_index(drop=True)
    return Calibration(conf, acc, ece, bins)
