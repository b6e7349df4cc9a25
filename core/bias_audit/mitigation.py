"""The audit pipeline on the Arrests data: train the baseline and measure it, then one fix per
stage (pre-, in- and post-processing), all scored on the same test rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, balanced_accuracy_score

from core.bias_audit import fairness
from core.bias_audit.arrests import (
    Split,
    TabularConfig,
    group_order,
    group_summary,
    load_arrests,
    make_split,
    reference_group,
)
from core.bias_audit.classifiers import GOALS, GroupWeightedClassifier, TorchTabularClassifier, reweighing


@dataclass
class TabularAudit:
    """The baseline model's test scores and metrics; plain values, so it can be cached."""

    cfg: TabularConfig
    privileged: str
    groups: list[str]
    summary: pd.DataFrame  # group_summary of the whole data set
    columns: list[str]  # the network's inputs
    scores: np.ndarray  # P(released) for each test row
    y_test: np.ndarray
    a_test: np.ndarray
    accuracy: float
    balanced_accuracy: float
    table: pd.DataFrame  # MetricFrame by group at threshold 0.5
    report: fairness.FairnessReport


def evaluate(y, y_pred, groups, privileged) -> tuple[float, float, pd.DataFrame, fairness.FairnessReport]:
    """Accuracy, balanced accuracy (the mean of the two classes' recalls), the group table and the report."""
    return (accuracy_score(y, y_pred), balanced_accuracy_score(y, y_pred),
            fairness.group_frame(y, y_pred, groups).by_group, fairness.fairness_report(y, y_pred, groups, privileged))


def fit_baseline(split: Split, cfg: TabularConfig, on_progress=None) -> TorchTabularClassifier:
    return TorchTabularClassifier(cfg.hidden, cfg.epochs, cfg.lr, cfg.seed).fit(
        split.x_train, split.y_train, on_progress=on_progress)


def run_tabular_audit(cfg: TabularConfig, on_progress=None) -> TabularAudit:
    """Train the class-weighted baseline and audit it at the usual threshold of 0.5."""
    df = load_arrests()
    split = make_split(df, cfg)
    clf = fit_baseline(split, cfg, on_progress)
    scores = clf.predict_proba(split.x_test)[:, 1]
    privileged = reference_group(df, cfg.attribute)
    acc, bal, table, report = evaluate(split.y_test, (scores >= 0.5).astype(int), split.a_test, privileged)
    groups = group_order(cfg.attribute, split.a_test)
    return TabularAudit(cfg, privileged, groups, group_summary(df, cfg.attribute), split.columns, scores,
                        split.y_test, split.a_test, acc, bal, table.reindex(groups), report)


def predict_with_thresholds(scores: np.ndarray, groups: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """What-If style: each group gets its own cut-off on the same scores; release when score >= cut-off."""
    cut = np.array([thresholds.get(str(g), 0.5) for g in groups])
    return (np.asarray(scores) >= cut).astype(int)


@dataclass
class Outcome:
    """One model's test results, for the before/after comparison."""

    name: str
    stage: str  # "none", "pre-processing", "in-processing" or "post-processing"
    accuracy: float
    balanced_accuracy: float
    table: pd.DataFrame
    report: fairness.FairnessReport
    weights: pd.DataFrame | None = None  # the group-weighted loss: final weight factor per group and label
    violations: tuple[float, ...] = ()  # the group-weighted loss: worst training-set violation per round

    def disparity(self, goal: str) -> float:
        """The fairlearn disparity the goal asks to shrink: DP difference or equalized-odds difference."""
        return self.report.dp_difference if goal == "demographic_parity" else self.report.values["eq_odds"]


ROUNDS = (1, 2, 3, 5, 8)  # choices for the group-weighted loss's rounds on the page
ETA = 2.0  # its step size: 2 closes most of the training-set gap in one round on colour


def run_mitigations(cfg: TabularConfig, goal: str = "demographic_parity", rounds: int = 5,
                    on_progress=None) -> list[Outcome]:
    """Baseline, then one fix per stage of the pipeline, all scored on the same test rows.

    pre: reweighing the training rows; in: the adaptive group-weighted loss, retrained `rounds` times
    (GroupWeightedClassifier); post: fairlearn's ThresholdOptimizer on the baseline's scores
    (per-group, possibly randomised thresholds that meet the goal).
    """
    from fairlearn.postprocessing import ThresholdOptimizer

    if goal not in GOALS:
        raise ValueError(f"unknown goal {goal!r}; choose from {list(GOALS)}")
    df = load_arrests()
    split = make_split(df, cfg)
    privileged = reference_group(df, cfg.attribute)
    shares = np.cumsum([0, 1, 1, rounds + 1]) / (rounds + 3)  # progress: each network trained counts the same

    def step(i: int):
        return (lambda f: on_progress(shares[i] + f * (shares[i + 1] - shares[i]))) if on_progress else None

    baseline = fit_baseline(split, cfg, step(0))
    reweighed = TorchTabularClassifier(cfg.hidden, cfg.epochs, cfg.lr, cfg.seed).fit(
        split.x_train, split.y_train, sample_weight=reweighing(split.y_train, split.a_train), on_progress=step(1))
    weighted = GroupWeightedClassifier(cfg.hidden, cfg.epochs, cfg.lr, cfg.seed, goal=goal, rounds=rounds,
                                       eta=ETA).fit(split.x_train, split.y_train, groups=split.a_train,
                                                    on_progress=step(2))
    post = ThresholdOptimizer(estimator=baseline, constraints=goal, objective="balanced_accuracy_score",
                              prefit=True, predict_method="predict_proba")
    post.fit(split.x_train, split.y_train, sensitive_features=split.a_train)
    return [
        Outcome("Baseline (class weights)", "none", *evaluate(split.y_test, baseline.predict(split.x_test),
                                                              split.a_test, privileged)),
        Outcome("Reweighing", "pre-processing", *evaluate(split.y_test, reweighed.predict(split.x_test),
                                                          split.a_test, privileged)),
        Outcome("Group-weighted loss", "in-processing", *evaluate(split.y_test, weighted.predict(split.x_test),
                                                                  split.a_test, privileged),
                weights=weighted.weights_.reindex(group_order(cfg.attribute, weighted.groups_)),
                violations=tuple(weighted.violations_)),
        Outcome("ThresholdOptimizer", "post-processing", *evaluate(
            split.y_test, post.predict(split.x_test, sensitive_features=split.a_test, random_state=cfg.seed),
            split.a_test, privileged)),
    ]
