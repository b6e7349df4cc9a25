"""Take it home: the Arrests audit and the learner's mitigation as runnable, seeded scripts and notebooks.

`audit` reproduces the Measure tab (the baseline network at threshold 0.5, seed 0, audited with a
fairlearn MetricFrame); `mitigation` reproduces the Mitigate tab's row for the fix the learner chose
(means over the page's seeds). Both print readable progress and, as their last line, one JSON
object with the metrics the page records (`core.bias_audit.challenges`). Settings reach the code
only through `core.export.literal`.
"""
from __future__ import annotations

import textwrap

from core.bias_audit.arrests import AGE_BANDS, ATTRIBUTES, BINARY, HIDES, NUMERIC, TabularConfig
from core.bias_audit.challenges import BASELINE, FIXES
from core.bias_audit.classifiers import GOALS
from core.bias_audit.mitigation import ETA, ROUNDS, SEEDS
from core.export import Script, Step, literal

WIDTH = 110  # the words become comments: lines that stay within ruff's 120 characters

SAME_NUMBERS = ("The page trains this network on the CPU with one thread; so does this script by default, and its "
                "numbers then match the page's exactly. On a GPU (--device cuda) the float sums run in another "
                "order, so the last digits can differ.")


def _step(title: str, words: str, code: str) -> Step:
    return Step(title, textwrap.fill(words, WIDTH), code)


def _check(cfg: TabularConfig) -> None:
    """Settings from a tampered link never reach the template: each one is checked against what the page offers."""
    if cfg.attribute not in ATTRIBUTES:
        raise ValueError(f"unknown attribute {cfg.attribute!r}")
    for name in ("hidden", "epochs", "seed"):
        value = getattr(cfg, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
            raise ValueError(f"{name} must be a whole number from 0, not {value!r}")


def _head(cfg: TabularConfig, extra_imports: tuple[str, ...], extra: tuple[tuple[str, object, str], ...]) -> Step:
    """Imports (`extra_imports`: the script's own fairlearn and scikit-learn lines), then the page's settings."""
    lines = ["import argparse", "import json", "", "import numpy as np", "import torch",
             "import torch.nn.functional as F",
             *sorted((*extra_imports, "from sklearn.model_selection import train_test_split",
                      "from sklego.datasets import load_arrests", "from torch import nn"))]
    hidden = HIDES[cfg.attribute] if cfg.blind else ()
    rows = (("ATTRIBUTE", cfg.attribute, "the protected attribute under audit"),
            ("NUMERIC", tuple(c for c in NUMERIC if c not in hidden), "scaled with the training rows' mean, std"),
            ("BINARY", tuple((c, v) for c, v in BINARY.items() if c not in hidden), "1 when the column has this"),
            ("HIDDEN", cfg.hidden, "neurons in the one hidden layer"), ("EPOCHS", cfg.epochs, "full-batch Adam steps"),
            ("LR", cfg.lr, ""), ("TEST_SIZE", cfg.test_size, ""), *extra)
    settings = "\n".join(f"{name} = {literal(value)}" + (f"  # {words}" if words else "")
                         for name, value, words in rows)
    blind = (f" {', '.join(hidden)} is hidden from the network ('fairness through unawareness')." if hidden else "")
    return _step("Imports and settings", "PyTorch for the network, scikit-learn for the split, scikit-lego for the "
                 "Arrests data (it ships with the package: no download), fairlearn for the audit. The settings are "
                 "the page's when you downloaded this script." + blind, "\n".join(lines) + "\n\n" + settings)


def _data(cfg: TabularConfig, reference: bool) -> Step:
    """The data step; `reference`: with the reference group, which only the audit's signed gap needs."""
    band = ""
    if cfg.attribute == "age band":
        bands = literal(tuple((lo, hi, name) for lo, hi, name in AGE_BANDS))
        band = f'''
    df["age band"] = ""
    for lo, hi, name in {bands}:
        df.loc[(df.age >= lo) & (df.age <= hi), "age band"] = name'''
    code = f'''def load_data():
    """The 5,226 arrests; label 1 = released with a summons (the favourable outcome)."""
    df = load_arrests(as_frame=True)
    for column in ("released", "colour", "sex", "employed", "citizen"):
        df[column] = df[column].astype(str)
    df["label"] = (df.released == "Yes").astype(int){band}
    return df
{{REFERENCE}}

def split(df, seed):
    """Stratified by label and group, so both sides keep every group's share; numbers scaled on train only."""
    strata = df["label"].astype(str) + "|" + df[ATTRIBUTE]
    train, test = train_test_split(df, test_size=TEST_SIZE, random_state=seed, stratify=strata)

    def features(part):
        scaled = [(part[c] - train[c].mean()) / train[c].std() for c in NUMERIC]
        flags = [(part[c] == value) * 1.0 for c, value in BINARY]
        return np.stack([np.asarray(c, dtype=np.float32) for c in scaled + flags], axis=1)

    groups = lambda part: part[ATTRIBUTE].to_numpy(dtype=str)  # noqa: E731
    return (features(train), train["label"].to_numpy(), groups(train),
            features(test), test["label"].to_numpy(), groups(test))'''
    code = code.replace("{REFERENCE}", REFERENCE if reference else "")
    return _step("Data", "The Arrests data from scikit-lego (Toronto Star, 1997-2002): was the arrestee released with "
                "a summons or held for a bail hearing? The split and the features are the page's.", code)


REFERENCE = '''

def reference_group(df):
    """The group released most often in the data: the comparison point (AIF360's 'privileged' group)."""
    return str(df.groupby(ATTRIBUTE)["label"].mean().idxmax())
'''

MODEL = _step("Model and training", "A small network learns the past decisions. Class weights w_c = n / (2 n_c) make "
             "both outcomes count equally, so it cannot score 83% by releasing everyone; a mitigation that "
             "retrains only changes the row weights.", '''def train(x, y, seed, device, row_weights=None):
    """Full-batch Adam on the weighted mean cross-entropy; the same seed gives the same starting weights."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(x.shape[1], HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 2)).to(device)
    w = np.ones(len(y)) if row_weights is None else np.asarray(row_weights, dtype=float)
    w = w * (len(y) / (2 * np.bincount(y, minlength=2)))[y]  # class weights on top of the row weights
    xt, yt = torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)
    wt = torch.as_tensor(w / w.mean(), dtype=torch.float32, device=device)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(EPOCHS):
        loss = (F.cross_entropy(model(xt), yt, reduction="none") * wt).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


@torch.no_grad()
def release_scores(model, x, device):
    """P(released) for each row."""
    model.eval()
    return torch.softmax(model(torch.from_numpy(x).to(device)), 1)[:, 1].double().cpu().numpy()''')

MAIN_HEAD = '''def main():
    parser = argparse.ArgumentParser(description="{TITLE}")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args, _ = parser.parse_known_args()  # known args only, so the notebook's kernel arguments pass through
    torch.set_num_threads(1)  # as the page: one thread, and the same sums in the same order'''


def audit(cfg: TabularConfig) -> Script:
    """The Measure tab: the baseline network for these settings (seed `cfg.seed`), audited by group."""
    _check(cfg)
    test = _step("Audit", "Disaggregate before trusting one accuracy number: fairlearn's MetricFrame gives each "
                "group's selection rate, TPR and FPR; demographic parity compares selection rates, equalized "
                "odds the error rates.", '''def audit(y, y_pred, groups, reference):
    """The overall scores, fairlearn's by-group table, and the gap between the groups."""
    frame = MetricFrame(metrics={"count": count, "selection rate": selection_rate, "accuracy": accuracy_score,
                                 "TPR": true_positive_rate, "FPR": false_positive_rate},
                        y_true=y, y_pred=y_pred, sensitive_features=groups)
    print(frame.by_group.round(3))
    others = groups != reference
    return {
        "accuracy": accuracy_score(y, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y, y_pred),
        "demographic_parity_difference": demographic_parity_difference(y, y_pred, sensitive_features=groups),
        "equalized_odds_difference": equalized_odds_difference(y, y_pred, sensitive_features=groups),
        "statistical_parity_difference": y_pred[others].mean() - y_pred[~others].mean(),
    }''')
    head_of_main = MAIN_HEAD.replace("{TITLE}", "The Arrests audit: a network's decisions by group")
    main = _step("Main", "Train the baseline, release when its score is at least 0.5, and audit it.", head_of_main + '''
    df = load_data()
    reference = reference_group(df)
    x_train, y_train, _, x_test, y_test, a_test = split(df, SEED)
    print(f"{len(y_train):,} training rows, {len(y_test):,} test rows, {x_train.shape[1]} features")
    model = train(x_train, y_train, SEED, args.device)
    y_pred = (release_scores(model, x_test, args.device) >= 0.5).astype(int)
    metrics = audit(y_test, y_pred, a_test, reference)
    print(f"reference group: {reference}")
    print(json.dumps({name: float(value) for name, value in metrics.items()}))


if __name__ == "__main__":
    main()''')
    head = _head(cfg, ("from fairlearn.metrics import (\n    MetricFrame,\n    count,\n"
                       "    demographic_parity_difference,\n    equalized_odds_difference,\n    false_positive_rate,\n"
                       "    selection_rate,\n    true_positive_rate,\n)",
                       "from sklearn.metrics import accuracy_score, balanced_accuracy_score"),
                 (("SEED", cfg.seed, "the train/test split and the initial weights"),))
    return Script("bias_audit_arrests", textwrap.fill(
        f"The Arrests audit, from the Neural Network Basics Lab (Bias audit › Measure): a small PyTorch network "
        f"learns who was released, and fairlearn audits its decisions by {cfg.attribute}. Its last line is the "
        f"page's numbers as JSON. {SAME_NUMBERS}", WIDTH), (head, _data(cfg, True), MODEL, test, main))


_FIX_CODE = {
    "Reweighing": '''def fix(x, y, groups, baseline, seed, device):
    """Pre-processing (Kamiran & Calders): weigh each (group, label) cell by P(A=a) P(Y=y) / P(A=a, Y=y), so
    that group and label look independent in the training data, and train again."""
    w = np.ones(len(y))
    for g in np.unique(groups):
        for c in (0, 1):
            cell = (groups == g) & (y == c)
            if cell.any():
                w[cell] = (groups == g).mean() * (y == c).mean() / cell.mean()
    model = train(x, y, seed, device, row_weights=w)
    return lambda x_new, _: (release_scores(model, x_new, device) >= 0.5).astype(int)''',
    "Group-weighted loss": '''def violations(y_pred, y, gid, n_groups):
    """Per group, how far its rate sits above everyone's: (for its released rows' weight, for its held rows')."""
    def gaps(rows):
        overall = y_pred[rows].mean()
        return np.array([y_pred[rows & (gid == g)].mean() - overall if (rows & (gid == g)).any() else 0.0
                         for g in range(n_groups)])
{VIOLATIONS}


def fix(x, y, groups, baseline, seed, device):
    """In-processing (Jiang & Nachum 2020): retrain from the same start with group weights that move against
    the gap measured on the training rows, lambda <- lambda - eta * gap, ROUNDS times."""
    names, gid = np.unique(groups, return_inverse=True)
    lam_pos, lam_neg = np.zeros(len(names)), np.zeros(len(names))
    for r in range(ROUNDS + 1):
        w = np.where(y == 1, 2 / (1 + np.exp(-lam_pos[gid])), 2 / (1 + np.exp(lam_neg[gid])))
        model = train(x, y, seed, device, row_weights=w)
        y_pred = (release_scores(model, x, device) >= 0.5).astype(float)
        pos, neg = violations(y_pred, y, gid, len(names))
        print(f"  round {r}: largest gap on the training rows {np.abs(np.r_[pos, neg]).max():.3f}")
        if r < ROUNDS:
            lam_pos, lam_neg = lam_pos - ETA * pos, lam_neg - ETA * neg
    return lambda x_new, _: (release_scores(model, x_new, device) >= 0.5).astype(int)''',
    "ThresholdOptimizer": '''class Fitted(ClassifierMixin, BaseEstimator):
    """The trained baseline as fairlearn expects a fitted scikit-learn model: fit, and predict_proba."""

    def __init__(self, model, device):
        self.model, self.device = model, device
        self.classes_ = np.array([0, 1])  # what marks a scikit-learn model as fitted

    def fit(self, x, y):
        return self

    def predict_proba(self, x):
        p = release_scores(self.model, np.asarray(x, dtype=np.float32), self.device)
        return np.stack([1 - p, p], axis=1)


def fix(x, y, groups, baseline, seed, device):
    """Post-processing: fairlearn's ThresholdOptimizer picks per-group (randomised) thresholds on the
    baseline's scores that meet the goal while keeping balanced accuracy as high as it can."""
    post = ThresholdOptimizer(estimator=Fitted(baseline, device), constraints=GOAL,
                              objective="balanced_accuracy_score", prefit=True, predict_method="predict_proba")
    post.fit(x, y, sensitive_features=groups)
    return lambda x_new, g: post.predict(x_new, sensitive_features=g, random_state=seed)''',
}


def mitigation(cfg: TabularConfig, goal: str, rounds: int, fix: str) -> Script:
    """The Mitigate tab's row for `fix` (or the baseline): its metrics' means over the page's seeds."""
    _check(cfg)
    if goal not in GOALS or fix not in (*FIXES, BASELINE) or rounds not in ROUNDS:
        raise ValueError(f"unknown goal, fix or rounds: {goal!r}, {fix!r}, {rounds!r}")
    extra = [("SEEDS", SEEDS, "the page's seeds: each one a train/test split and initial weights")]
    if fix in ("Group-weighted loss", "ThresholdOptimizer"):  # reweighing has no goal: it acts once, on the data
        extra.append(("GOAL", goal, "the fairness goal the fix aims at"))
    if fix == "Group-weighted loss":
        extra += [("ROUNDS", rounds, "how often the group weights are updated"), ("ETA", ETA, "their step size")]
    fairlearn = ["demographic_parity_difference", "equalized_odds_difference"]
    extra_imports = [f"from fairlearn.metrics import {', '.join(fairlearn)}",
                     "from sklearn.metrics import accuracy_score, balanced_accuracy_score"]
    if fix == "ThresholdOptimizer":
        extra_imports += ["from fairlearn.postprocessing import ThresholdOptimizer",
                          "from sklearn.base import BaseEstimator, ClassifierMixin"]
    apply = ("    y_pred = baseline_pred  # no fix: the baseline itself\n" if fix == BASELINE else
             "    y_pred = fix(x_train, y_train, a_train, baseline, seed, device)(x_test, a_test)\n")
    steps = [_head(cfg, tuple(extra_imports), tuple(extra)), _data(cfg, False), MODEL]
    if fix != BASELINE:
        code = _FIX_CODE[fix].replace("{VIOLATIONS}", _VIOLATIONS[goal])
        steps.append(_step(f"The fix: {fix}", _WORDS[fix], code))
    steps.append(_step("Evaluate", "Every model is scored on the same test rows; cost is the balanced accuracy "
                       "the fix gives up against the baseline trained on the same split.",
                       '''def scores(y, y_pred, groups):
    return {"accuracy": accuracy_score(y, y_pred), "balanced_accuracy": balanced_accuracy_score(y, y_pred),
            "demographic_parity_difference": demographic_parity_difference(y, y_pred, sensitive_features=groups),
            "equalized_odds_difference": equalized_odds_difference(y, y_pred, sensitive_features=groups)}


def one_seed(df, seed, device):
    """Train the baseline, apply the fix, and score both on this seed's test rows."""
    x_train, y_train, a_train, x_test, y_test, a_test = split(df, seed)
    baseline = train(x_train, y_train, seed, device)
    baseline_pred = (release_scores(baseline, x_test, device) >= 0.5).astype(int)
''' + apply + '''    base, mine = scores(y_test, baseline_pred, a_test), scores(y_test, y_pred, a_test)
    mine["cost"] = 100 * (base["balanced_accuracy"] - mine["balanced_accuracy"])
    print(f"seed {seed}: balanced accuracy {mine['balanced_accuracy']:.1%} (baseline {base['balanced_accuracy']:.1%}),"
          f" DP difference {mine['demographic_parity_difference']:.3f}"
          f" (baseline {base['demographic_parity_difference']:.3f})")
    return mine'''))
    head_of_main = MAIN_HEAD.replace("{TITLE}", "The Arrests mitigation: one fix against the baseline")
    steps.append(_step("Main", "One run per seed, then the means the page's table shows.", head_of_main + '''
    df = load_data()
    runs = [one_seed(df, seed, args.device) for seed in SEEDS]
    mean = {name: float(np.mean([run[name] for run in runs])) for name in runs[0]}
    print(json.dumps({"fix_" + name: value for name, value in mean.items()}))


if __name__ == "__main__":
    main()'''))
    what = {BASELINE: "the baseline (no fix)", "Reweighing": "Reweighing"}.get(
        fix, f"{fix} aiming at {GOALS[goal].split(' (')[0].lower()}")
    stem = {"Group-weighted loss": "group_weighted", BASELINE: "baseline"}.get(fix, fix.lower())
    return Script(f"bias_audit_mitigation_{stem}", textwrap.fill(
        f"The Arrests mitigation, from the Neural Network Basics Lab (Bias audit › Mitigate): {what}, on "
        f"{cfg.attribute}, over the page's seeds {', '.join(map(str, SEEDS))}. Its last line is the page's means as "
        f"JSON. {SAME_NUMBERS}", WIDTH), tuple(steps))


_VIOLATIONS = {  # the gap the group weights move against, for the goal chosen
    "demographic_parity": '''    everyone = gaps(np.ones(len(y), dtype=bool))  # selection rates: among every row
    return everyone, everyone''',
    "equalized_odds": '''    return gaps(y == 1), gaps(y == 0)  # TPR among the truly released, FPR among the held''',
}
_WORDS = {
    "Reweighing": "Pre-processing: reweigh the training rows once, so that group and label look independent.",
    "Group-weighted loss": "In-processing: a group-weighted loss whose weights adapt to the gap it measures; a group "
                           "released too rarely gets its releases weighted up and its holds down.",
    "ThresholdOptimizer": "Post-processing: keep the baseline's scores and give each group its own cut-off.",
}
