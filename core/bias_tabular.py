"""The Arrests data (scikit-lego, shipped offline) and a small PyTorch classifier for it.

Toronto arrests for simple possession of marijuana, 1997-2002: was the arrestee
released with a summons ("Yes", 83%) or held for a bail hearing? Protected
attributes: colour, sex, an age band and citizenship. The favourable outcome
(label 1) is release, so a group's selection rate is how often the model would release it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.model_selection import train_test_split
from torch import nn

from core import fairness

ATTRIBUTES = ("colour", "sex", "age band", "citizen")
NUMERIC = ("year", "age", "checks")  # standardised with training statistics
BINARY = {"employed": "Yes", "citizen": "Yes", "colour": "White", "sex": "Male"}  # 1 when equal to this
AGE_BANDS = ((0, 17, "under 18"), (18, 24, "18-24"), (25, 200, "25 and over"))
HIDES = {"colour": ("colour",), "sex": ("sex",), "age band": ("age",), "citizen": ("citizen",)}


def load_arrests() -> pd.DataFrame:
    """The 5,226 arrests with a 0/1 `label` (1 = released) and an `age band` column; no network needed."""
    from sklego.datasets import load_arrests as sklego_arrests

    df = sklego_arrests(as_frame=True)
    df = df.assign(**{c: df[c].astype(str) for c in ("released", "colour", "sex", "employed", "citizen")})
    band = pd.Series("", index=df.index)
    for lo, hi, name in AGE_BANDS:
        band[(df.age >= lo) & (df.age <= hi)] = name
    return df.assign(label=(df.released == "Yes").astype(int), **{"age band": band})


def group_order(attribute: str, groups) -> list[str]:
    """Groups in reading order: age bands youngest first, the others alphabetically."""
    present = {str(g) for g in groups}
    if attribute == "age band":
        return [name for *_, name in AGE_BANDS if name in present]
    return sorted(present)


def group_summary(df: pd.DataFrame, attribute: str) -> pd.DataFrame:
    """Group sizes, shares and base rates P(released | group): the first thing an audit looks at."""
    table = df.groupby(attribute)["label"].agg(size="size", base_rate="mean")
    table = table.reindex(group_order(attribute, table.index))
    return table.assign(share=table["size"] / len(df))[["size", "share", "base_rate"]]


def reference_group(df: pd.DataFrame, attribute: str) -> str:
    """The group with the highest base rate: the comparison point (AIF360's 'privileged' group)."""
    return str(group_summary(df, attribute)["base_rate"].idxmax())


@dataclass(frozen=True)
class TabularConfig:
    attribute: str = "colour"  # the protected attribute under audit, one of ATTRIBUTES
    blind: bool = False  # hide that attribute from the network ("fairness through unawareness")
    hidden: int = 16  # neurons in the one hidden layer
    epochs: int = 200  # full-batch Adam steps (150-300 give the same picture)
    lr: float = 0.01
    seed: int = 0  # the train/test split, the initial weights
    test_size: float = 0.3


@dataclass
class Split:
    """Features (float32), labels and groups (strings) for training and test."""

    x_train: np.ndarray
    y_train: np.ndarray
    a_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    a_test: np.ndarray
    columns: list[str] = field(default_factory=list)


def make_split(df: pd.DataFrame, cfg: TabularConfig) -> Split:
    """Stratified split by label and group; numeric columns scaled by the training set's mean and std."""
    if cfg.attribute not in ATTRIBUTES:
        raise ValueError(f"unknown attribute {cfg.attribute!r}; choose from {ATTRIBUTES}")
    strata = df["label"].astype(str) + "|" + df[cfg.attribute]
    train, test = train_test_split(df, test_size=cfg.test_size, random_state=cfg.seed, stratify=strata)
    hidden = HIDES[cfg.attribute] if cfg.blind else ()
    columns = [c for c in (*NUMERIC, *BINARY) if c not in hidden]

    def features(part: pd.DataFrame) -> np.ndarray:
        cols = [(part[c] - train[c].mean()) / train[c].std() if c in NUMERIC else (part[c] == BINARY[c]) * 1.0
                for c in columns]
        return np.stack([np.asarray(c, dtype=np.float32) for c in cols], axis=1)  # (rows, features)

    a = lambda part: part[cfg.attribute].to_numpy(dtype=str)  # noqa: E731
    return Split(features(train), train["label"].to_numpy(), a(train), features(test), test["label"].to_numpy(),
                 a(test), columns)


def class_weights(y: np.ndarray) -> np.ndarray:
    """w_c = n / (2 n_c): each class carries half the loss, so the 83% majority cannot drown the rest."""
    counts = np.bincount(y, minlength=2)
    return len(y) / (2 * np.maximum(counts, 1))


def reweighing(y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Kamiran & Calders: w(a, y) = P(A=a) P(Y=y) / P(A=a, Y=y), so group and label look independent."""
    w = np.ones(len(y))
    for g in np.unique(groups):
        for c in (0, 1):
            cell = (groups == g) & (y == c)
            if cell.any():
                w[cell] = (groups == g).mean() * (y == c).mean() / cell.mean()
    return w


def fairness_penalty(score: torch.Tensor, gid: torch.Tensor, y: torch.Tensor, goal: str) -> torch.Tensor:
    """Spread (variance) across groups of the mean score P(released): 0 when every group gets the same.

    Demographic parity compares all rows; equalized odds compares within each true label.
    """
    def spread(mask: torch.Tensor) -> torch.Tensor:
        n = int(gid.max()) + 1
        sums = torch.zeros(n).index_add_(0, gid[mask], score[mask])
        counts = torch.bincount(gid[mask], minlength=n)
        means = sums[counts > 0] / counts[counts > 0]  # (groups present,)
        return means.var(unbiased=False) if len(means) > 1 else score.new_zeros(())

    if goal == "demographic_parity":
        return spread(torch.ones_like(y, dtype=torch.bool))
    return spread(y == 0) + spread(y == 1)


class TorchTabularClassifier(ClassifierMixin, BaseEstimator):
    """A one-hidden-layer PyTorch network with scikit-learn's fit/predict_proba, so fairlearn can wrap it.

    With `penalty` > 0, `fit(..., groups=...)` adds penalty x fairness_penalty to the loss
    (in-processing): the network is pushed to give every group the same mean score.
    """

    def __init__(self, hidden: int = 16, epochs: int = 200, lr: float = 0.01, seed: int = 0,
                 balance_classes: bool = True, penalty: float = 0.0, goal: str = "demographic_parity"):
        self.hidden, self.epochs, self.lr, self.seed = hidden, epochs, lr, seed
        self.balance_classes, self.penalty, self.goal = balance_classes, penalty, goal

    def fit(self, X, y, sample_weight=None, groups=None, on_progress=None):
        X, y = np.asarray(X, dtype=np.float32), np.asarray(y).astype(int)
        torch.manual_seed(self.seed)
        self.classes_ = np.array([0, 1])
        self.model_ = nn.Sequential(nn.Linear(X.shape[1], self.hidden), nn.ReLU(), nn.Linear(self.hidden, 2))
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if self.balance_classes:
            w = w * class_weights(y)[y]
        xt, yt = torch.from_numpy(X), torch.from_numpy(y)  # (rows, features), (rows,)
        wt = torch.as_tensor(w / w.mean(), dtype=torch.float32)
        if self.penalty > 0:
            if groups is None:
                raise ValueError("a fairness penalty needs the groups")
            gid = torch.as_tensor(np.unique(np.asarray(groups, dtype=str), return_inverse=True)[1])  # (rows,)
        optimizer = torch.optim.Adam(self.model_.parameters(), lr=self.lr)
        self.model_.train()
        for epoch in range(self.epochs):  # full batch: 3,658 rows fit in one step
            logits = self.model_(xt)  # (rows, 2)
            loss = (F.cross_entropy(logits, yt, reduction="none") * wt).mean()
            if self.penalty > 0:
                loss = loss + self.penalty * fairness_penalty(torch.softmax(logits, 1)[:, 1], gid, yt, self.goal)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if on_progress and (epoch + 1) % 50 == 0:
                on_progress((epoch + 1) / self.epochs)
        return self

    @torch.no_grad()
    def predict_proba(self, X) -> np.ndarray:
        self.model_.eval()
        proba = torch.softmax(self.model_(torch.as_tensor(np.asarray(X, dtype=np.float32))), 1)  # (rows, 2)
        return proba.double().numpy()  # float64: fairlearn's post-processing writes float64 into it

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


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


GOALS = {"demographic_parity": "Demographic parity (equal selection rates)",
         "equalized_odds": "Equalized odds (equal TPR and FPR)"}


@dataclass
class Outcome:
    """One model's test results, for the before/after comparison."""

    name: str
    stage: str  # "none", "pre-processing", "in-processing" or "post-processing"
    accuracy: float
    balanced_accuracy: float
    table: pd.DataFrame
    report: fairness.FairnessReport

    def disparity(self, goal: str) -> float:
        """The fairlearn disparity the goal asks to shrink: DP difference or equalized-odds difference."""
        return self.report.dp_difference if goal == "demographic_parity" else self.report.values["eq_odds"]


def run_mitigations(cfg: TabularConfig, goal: str = "demographic_parity", penalty: float = 30.0,
                    on_progress=None) -> list[Outcome]:
    """Baseline, then one fix per stage of the pipeline, all scored on the same test rows.

    pre: reweighing the training rows; in: a fairness penalty in the loss, weighted by `penalty`;
    post: fairlearn's ThresholdOptimizer on the baseline's scores (per-group, possibly randomised
    thresholds that meet the goal).
    """
    from fairlearn.postprocessing import ThresholdOptimizer

    if goal not in GOALS:
        raise ValueError(f"unknown goal {goal!r}; choose from {list(GOALS)}")
    df = load_arrests()
    split = make_split(df, cfg)
    privileged = reference_group(df, cfg.attribute)
    step = (lambda i: (lambda f: on_progress((i + f) / 3))) if on_progress else (lambda i: None)
    baseline = fit_baseline(split, cfg, step(0))
    reweighed = TorchTabularClassifier(cfg.hidden, cfg.epochs, cfg.lr, cfg.seed).fit(
        split.x_train, split.y_train, sample_weight=reweighing(split.y_train, split.a_train), on_progress=step(1))
    penalised = TorchTabularClassifier(cfg.hidden, cfg.epochs, cfg.lr, cfg.seed, penalty=penalty, goal=goal).fit(
        split.x_train, split.y_train, groups=split.a_train, on_progress=step(2))
    post = ThresholdOptimizer(estimator=baseline, constraints=goal, objective="balanced_accuracy_score",
                              prefit=True, predict_method="predict_proba")
    post.fit(split.x_train, split.y_train, sensitive_features=split.a_train)
    predictions = {
        ("Baseline (class weights)", "none"): baseline.predict(split.x_test),
        ("Reweighing", "pre-processing"): reweighed.predict(split.x_test),
        ("Fairness penalty", "in-processing"): penalised.predict(split.x_test),
        ("ThresholdOptimizer", "post-processing"): post.predict(split.x_test, sensitive_features=split.a_test,
                                                                random_state=cfg.seed),
    }
    return [Outcome(name, stage, *evaluate(split.y_test, y_pred, split.a_test, privileged))
            for (name, stage), y_pred in predictions.items()]
