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
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.model_selection import train_test_split
from torch import nn

from core.bias_audit import fairness
from core.train import fit_full_batch

ATTRIBUTES = ("colour", "sex", "age band", "citizen")
NUMERIC = ("year", "age", "checks")  # standardised with training statistics
BINARY = {"employed": "Yes", "citizen": "Yes", "colour": "White", "sex": "Male"}  # 1 when equal to this
AGE_BANDS = ((0, 17, "under 18"), (18, 24, "18-24"), (25, 200, "25 and over"))
HIDES = {"colour": ("colour",), "sex": ("sex",), "age band": ("age",), "citizen": ("citizen",)}
GOALS = {"demographic_parity": "Demographic parity (equal selection rates)",
         "equalized_odds": "Equalized odds (equal TPR and FPR)"}


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


class TorchTabularClassifier(ClassifierMixin, BaseEstimator):
    """A one-hidden-layer PyTorch network with scikit-learn's fit/predict_proba, so fairlearn can wrap it.

    The loss is the weighted mean of the rows' cross-entropies, sum_i w_i CE_i / sum_i w_i, with
    w_i = sample_weight_i x the class weight of y_i: every mitigation that trains a network
    (reweighing, the group-weighted loss) only changes `sample_weight`.
    """

    def __init__(self, hidden: int = 16, epochs: int = 200, lr: float = 0.01, seed: int = 0,
                 balance_classes: bool = True):
        self.hidden, self.epochs, self.lr, self.seed = hidden, epochs, lr, seed
        self.balance_classes = balance_classes

    def fit(self, X, y, sample_weight=None, on_progress=None):
        X, y = np.asarray(X, dtype=np.float32), np.asarray(y).astype(int)
        torch.manual_seed(self.seed)
        self.classes_ = np.array([0, 1])
        self.model_ = nn.Sequential(nn.Linear(X.shape[1], self.hidden), nn.ReLU(), nn.Linear(self.hidden, 2))
        w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if self.balance_classes:
            w = w * class_weights(y)[y]
        xt, yt = torch.from_numpy(X), torch.from_numpy(y)  # (rows, features), (rows,)
        wt = torch.as_tensor(w / w.mean(), dtype=torch.float32)  # mean 1: the loss is sum w CE / sum w
        # full batch: 3,658 rows fit in one step
        fit_full_batch(self.model_, xt, yt, self.epochs, lr=self.lr, row_weights=wt, on_progress=on_progress)
        return self

    @torch.no_grad()
    def predict_proba(self, X) -> np.ndarray:
        self.model_.eval()
        proba = torch.softmax(self.model_(torch.as_tensor(np.asarray(X, dtype=np.float32))), 1)  # (rows, 2)
        return proba.double().numpy()  # float64: fairlearn's post-processing writes float64 into it

    def predict(self, X) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)


def label_weights(y: np.ndarray, gid: np.ndarray, lam_pos: np.ndarray, lam_neg: np.ndarray) -> np.ndarray:
    """Jiang & Nachum (2020): w = 2 sigma(lambda+_g) for a released row of group g, 2 sigma(-lambda-_g) for a held one.

    All 1 when every lambda is 0. A positive lambda+ makes the group's releases count more in
    the loss, a positive lambda- makes its holds count less: both push the group's scores up.
    """
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    return np.where(np.asarray(y) == 1, 2 * sigmoid(lam_pos[gid]), 2 * sigmoid(-lam_neg[gid]))


def constraint_violations(y_pred, y, gid, n_groups: int, goal: str) -> tuple[np.ndarray, np.ndarray]:
    """Per group, how far its rate sits above everyone's: (for released rows' weights, for held rows' weights).

    Demographic parity: selection rate of g minus the overall one, for both. Equalized odds:
    TPR_g - TPR (among the truly released) and FPR_g - FPR (among the truly held).
    """
    y_pred, y, gid = np.asarray(y_pred, dtype=float), np.asarray(y), np.asarray(gid)

    def gaps(rows: np.ndarray) -> np.ndarray:
        overall = y_pred[rows].mean()
        return np.array([y_pred[rows & (gid == g)].mean() - overall if (rows & (gid == g)).any() else 0.0
                         for g in range(n_groups)])

    if goal == "demographic_parity":
        everyone = gaps(np.ones(len(y), dtype=bool))
        return everyone, everyone
    return gaps(y == 1), gaps(y == 0)


class GroupWeightedClassifier(TorchTabularClassifier):
    """In-processing: the same network trained on an adaptively group-weighted loss (Jiang & Nachum 2020).

    Round 0 is the baseline (all multipliers 0). After each round the multipliers move against the
    measured violation on the training rows, lambda <- lambda - eta x violation, and the network is
    trained again from the same initial weights with the new row weights (`label_weights`): a group
    released too rarely gets its releases weighted up and its holds weighted down until its rate
    matches. `fit` needs the groups; prediction does not.
    """

    def __init__(self, hidden: int = 16, epochs: int = 200, lr: float = 0.01, seed: int = 0,
                 balance_classes: bool = True, goal: str = "demographic_parity", rounds: int = 5, eta: float = 2.0):
        super().__init__(hidden, epochs, lr, seed, balance_classes)
        self.goal, self.rounds, self.eta = goal, rounds, eta

    def fit(self, X, y, groups=None, sample_weight=None, on_progress=None):
        if groups is None:
            raise ValueError("a group-weighted loss needs the groups")
        if self.goal not in GOALS:
            raise ValueError(f"unknown goal {self.goal!r}; choose from {list(GOALS)}")
        y = np.asarray(y).astype(int)
        self.groups_, gid = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
        n = len(self.groups_)
        lam_pos, lam_neg = np.zeros(n), np.zeros(n)
        base = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.violations_ = []  # the worst |violation| on the training rows after each round
        for r in range(self.rounds + 1):
            weights = label_weights(y, gid, lam_pos, lam_neg)
            step = (lambda f, r=r: on_progress((r + f) / (self.rounds + 1))) if on_progress else None
            super().fit(X, y, sample_weight=base * weights, on_progress=step)
            pos, neg = constraint_violations(self.predict(X), y, gid, n, self.goal)
            self.violations_.append(float(np.abs(np.r_[pos, neg]).max()))
            if r < self.rounds:  # the last round's network is the one kept
                lam_pos, lam_neg = lam_pos - self.eta * pos, lam_neg - self.eta * neg
        self.multipliers_ = pd.DataFrame({"lambda+": lam_pos, "lambda-": lam_neg}, index=self.groups_)
        self.weights_ = pd.DataFrame({"held (y=0)": 2 / (1 + np.exp(lam_neg)),
                                      "released (y=1)": 2 / (1 + np.exp(-lam_pos))}, index=self.groups_)
        return self


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
