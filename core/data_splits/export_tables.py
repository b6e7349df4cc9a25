"""Scripts for the lesson's experiments on tables: missing values, categories, small data (see ...export).

They run on the CPU, as the page does, with one thread, so their numbers match the page's exactly.
"""
from __future__ import annotations

from core.data_splits.encoding import EncodingConfig
from core.data_splits.export_parts import (
    JSON_OUT,
    MAIN_GUARD,
    ONE_THREAD,
    command_line,
    constants,
    imports,
    script,
    step,
)
from core.data_splits.missing import IMPUTERS, MissingConfig
from core.data_splits.names import ENCODINGS
from core.data_splits.small_data import MODELS, SmallDataConfig
from core.export import Script

SETTINGS_WORDS = "The settings are the page's when you downloaded this script."


def missing(cfg: MissingConfig) -> Script:
    """Missing values: remove cells at random, drop rows or impute (fitted on train only), then score."""
    main = f'''def main():
{command_line("Missing values: drop the rows or fill the gaps", device=False, mnist=False)}
    x, y = load_breast_cancer(return_X_y=True)
    rng = np.random.default_rng(SEED)
    runs = {{name: [] for name in IMPUTERS}}
    for r in range(REPEATS):
        xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, stratify=y, random_state=SEED * 1000 + r)
        xtr, xte = remove_at_random(rng, xtr, MISSING_PCT / 100), remove_at_random(rng, xte, MISSING_PCT / 100)
        for name in IMPUTERS:
            runs[name].append(score(name, xtr, ytr, xte, yte))
        print(f"repeat {{r + 1}}: " + ", ".join(f"{{n}} {{runs[n][-1][0]:.1%}} on {{runs[n][-1][1]:.0%}}"
                                               for n in IMPUTERS))
    accuracy = {{name: np.array([a for a, _, _ in runs[name]]) for name in IMPUTERS}}
    imputers = {{name: float(accuracy[name].mean()) for name in IMPUTERS[1:]}}
    drop = accuracy["drop rows"][np.isfinite(accuracy["drop rows"])]
    answered = float(np.mean([c for _, c, _ in runs["drop rows"]]))
    print(json.dumps({{
        "drop_rows_answered": answered, "drop_rows_answered_percent": round(answered * 100, 1),
        "drop_rows_accuracy": finite(float(drop.mean()) if len(drop) else math.nan),
        "mean_imputer_accuracy": imputers["mean"], "best_imputer_accuracy": max(imputers.values()),
        "missing_repeats": float(REPEATS),
    }}))'''
    settings = constants(("MISSING_PCT", cfg.missing_pct, "share of all cells removed, in train and test alike"),
                         ("REPEATS", cfg.repeats, "fresh random splits and removals"), ("SEED", cfg.seed, ""),
                         ("IMPUTERS", IMPUTERS, "dropping rows, then the imputers"))
    return script("data_missing_values", (
        "Missing values, from the Neural Network Basics Lab (Data & splits › Missing values): the Wisconsin "
        f"breast-cancer table with {cfg.missing_pct}% of its cells removed at random; dropping incomplete rows "
        "against four imputers, each fitted on the training rows, before a logistic regression. Its last line is "
        "the page's numbers as JSON, and they match the page exactly."), (
        imports(SETTINGS_WORDS, ("import argparse", "import json", "import math", "", "import numpy as np",
                                 "from sklearn.datasets import load_breast_cancer",
                                 "from sklearn.impute import KNNImputer, SimpleImputer",
                                 "from sklearn.linear_model import LogisticRegression",
                                 "from sklearn.model_selection import train_test_split",
                                 "from sklearn.pipeline import make_pipeline",
                                 "from sklearn.preprocessing import StandardScaler"), settings),
        step("Data", "569 tumours, 30 measurements each. Values go missing completely at random, in the training "
             "and the test rows alike.", '''def remove_at_random(rng, x, share):
    """A copy of x with a share of its cells set to NaN, each cell independently."""
    x = x.astype(float)
    x[rng.random(x.shape) < share] = np.nan
    return x'''),
        step("Model", "Each imputer is fitted on the training rows only and then fills the test rows, as a "
             "deployed model would meet new data; a scaler and a logistic regression follow.", '''def make_model(name):
    """imputer → scaler → logistic regression; dropping rows needs no imputer."""
    if name == "drop rows":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    if name == "KNN (k=5)":
        imputer = KNNImputer(n_neighbors=5)
    else:
        imputer = SimpleImputer(strategy=name.replace(" ", "_"), keep_empty_features=True)
    return make_pipeline(imputer, StandardScaler(), LogisticRegression(max_iter=2000))'''),
        step("Train and test", "Dropping rows can only learn from, and only answer for, the rows that kept every "
             "value.", '''def score(name, xtr, ytr, xte, yte):
    """(test accuracy on the rows answered, share of test rows answered, training rows used)."""
    coverage = 1.0
    if name == "drop rows":
        keep_tr, keep_te = ~np.isnan(xtr).any(1), ~np.isnan(xte).any(1)
        xtr, ytr, xte, yte = xtr[keep_tr], ytr[keep_tr], xte[keep_te], yte[keep_te]
        coverage = float(keep_te.mean())
        if len(np.unique(ytr)) < 2 or len(yte) == 0:  # too few complete rows to learn or to test
            return math.nan, coverage, len(ytr)
    model = make_model(name).fit(xtr, ytr)
    return float(model.score(xte, yte)), coverage, len(ytr)'''),
        step("Main", "Every way of handling the gaps on every repeat.", JSON_OUT + "\n\n\n" + main + "\n\n\n"
             + MAIN_GUARD)))


def small_data(cfg: SmallDataConfig) -> Script:
    """Small data: a neural network against classical models on a table of fewer than 100 training rows."""
    loader = {"wine": "load_wine", "breast cancer": "load_breast_cancer", "digits 8×8": "load_digits"}[cfg.dataset]
    main = f'''def main():
{command_line("Small data: a neural network against classical models", device=True, mnist=False)}
{ONE_THREAD}
    x, y = {loader}(return_X_y=True)
    x = x.astype(np.float32)
    classes = int(y.max()) + 1
    scores = {{model: [] for model in MODELS}}
    for r in range(REPEATS):
        seed = SEED * 1000 + r
        xtr, xte, ytr, yte = train_test_split(x, y, train_size=TRAIN_ROWS, stratify=y, random_state=seed)
        scaler = StandardScaler().fit(xtr)  # fitted on the training rows only
        xtr, xte = scaler.transform(xtr).astype(np.float32), scaler.transform(xte).astype(np.float32)
        for model in MODELS:
            pred = (neural_network(xtr, ytr, xte, classes, seed, args.device) if model == "neural network"
                    else classical(model, seed).fit(xtr, ytr).predict(xte))
            scores[model].append(float((pred == yte).mean()))
        print(f"repeat {{r + 1}}: " + ", ".join(f"{{m}} {{scores[m][-1]:.1%}}" for m in MODELS))
    mean = {{m: float(np.mean(s)) for m, s in scores.items()}}
    ranking = sorted(mean, key=mean.get, reverse=True)
    best = max((m for m in MODELS if m != "neural network"), key=mean.get)
    print(json.dumps({{
        "network_test_accuracy": mean["neural network"], "best_classical_accuracy": mean[best],
        "network_gap": mean["neural network"] - mean[best],
        "network_place": float(ranking.index("neural network") + 1), "small_data_repeats": float(REPEATS),
    }}))'''
    settings = constants(("TRAIN_ROWS", cfg.n_train, "the rest of the table is the test set"),
                         ("REPEATS", cfg.repeats, "random training samples, averaged"), ("SEED", cfg.seed, ""),
                         ("MODELS", MODELS, ""))
    return script("data_small_data", (
        f"Small data, from the Neural Network Basics Lab (Data & splits › Small data): on the {cfg.dataset} table "
        f"with {cfg.n_train} training rows, a small neural network against three classical models, each with "
        "default settings and the same standardised rows. Its last line is the page's numbers as JSON; on the "
        "CPU, where the page trains it, they match exactly."), (
        imports(SETTINGS_WORDS, ("import argparse", "import json", "", "import numpy as np", "import torch",
                                 "import torch.nn.functional as F",
                                 f"from sklearn.datasets import {loader}",
                                 "from sklearn.ensemble import RandomForestClassifier",
                                 "from sklearn.linear_model import LogisticRegression",
                                 "from sklearn.model_selection import train_test_split",
                                 "from sklearn.preprocessing import StandardScaler", "from sklearn.svm import SVC",
                                 "from torch import nn"), settings),
        step("Model", "One hidden layer of 64 ReLUs for the network; no tuning for anyone.", CLASSICAL),
        step("Train and test", "The network learns from every row at every step (full-batch Adam with weight "
             "decay, 300 steps), then predicts the test rows.", NETWORK),
        step("Main", "Every model on every repeat, each repeat a different stratified training sample.",
             main + "\n\n\n" + MAIN_GUARD)))


CLASSICAL = '''def classical(name, seed):
    return {"logistic regression": LogisticRegression(max_iter=2000), "SVM (RBF)": SVC(),
            "random forest": RandomForestClassifier(n_estimators=100, random_state=seed)}[name]'''

NETWORK = '''def neural_network(xtr, ytr, xte, classes, seed, device):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(xtr.shape[1], 64), nn.ReLU(), nn.Linear(64, classes)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)
    x, y = torch.from_numpy(xtr).to(device), torch.from_numpy(ytr).long().to(device)
    model.train()
    for _ in range(300):
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(xte).to(device)).argmax(1).cpu().numpy()'''


def categories(cfg: EncodingConfig) -> Script:
    """Categorical encodings: the same small network reads a city column encoded five ways, over several seeds."""
    main = f'''def main():
{command_line("Categories: one city column, five encodings", device=True, mnist=False)}
{ONE_THREAD}
    runs = [experiment(SEED + i, args.device) for i in range(SEEDS)]
    train = {{name: float(np.mean([r[name][0] for r in runs])) for name in ENCODINGS}}
    test = {{name: float(np.mean([r[name][1] for r in runs])) for name in ENCODINGS}}
    gaps = [float(np.mean([r[name][0] - r[name][1] for r in runs])) for name in ENCODINGS]
    for name, gap in zip(ENCODINGS, gaps, strict=True):
        print(f"{{name:>22}}: train {{train[name]:.1%}}, test {{test[name]:.1%}}, gap {{gap * 100:+.1f}} points")
    print(json.dumps({{
        "naive_gap": gaps[2], "cross_fitted_gap": gaps[3], "best_test_accuracy": max(test.values()),
        "largest_gap_encoding": float(int(np.argmax(gaps))), "categories_seeds": float(SEEDS),
    }}))'''
    settings = constants(("CITIES", cfg.categories, "a few common, many rare"),
                         ("CUSTOMERS", cfg.n_rows, "70% train, 30% test"),
                         ("EMBEDDING_SIZE", cfg.embedding_dim, "numbers the network learns per city"),
                         ("STEPS", cfg.steps, "full-batch Adam steps for each network"),
                         ("SEED", cfg.seed, "the first seed"), ("SEEDS", cfg.seeds, "each a fresh table"),
                         ("ENCODINGS", ENCODINGS, ""))
    return script("data_categories", (
        "Categories, from the Neural Network Basics Lab (Data & splits › Categories): a table of customers with "
        f"a city column ({cfg.categories} cities, a few common and many rare), encoded five ways, each read by the "
        "same small network. Naive target encoding leaks the label into the training score; cross-fitting does "
        "not. Its last line is the page's numbers as JSON; on the CPU, where the page trains, they match exactly."),
        (imports(SETTINGS_WORDS, ("import argparse", "import json", "", "import numpy as np", "import torch",
                                  "import torch.nn.functional as F",
                                  "from sklearn.model_selection import StratifiedKFold",
                                  "from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, TargetEncoder",
                                  "from torch import nn"), settings),
         step("Data", "Each customer has a city, two numeric columns and a yes/no label whose log-odds are a "
              "per-city effect plus age − 0.5 × spend.", DATA_CATEGORIES),
         step("Model", "The city becomes numbers (fitted on the training rows only), then the same network reads "
              "them: one hidden layer of 16 ReLUs. The learned embedding gives every city a vector that training "
              "adjusts.", MODEL_CATEGORIES),
         step("Train and test", "Every row at every step (full-batch Adam), then train and test accuracy.",
              TRAIN_CATEGORIES),
         step("Main", "Every encoding on every seed.", main + "\n\n\n" + MAIN_GUARD)))


DATA_CATEGORIES = '''def make_customers(rng):
    """City (city 0 common, the last ones rare), two numeric columns, and whether the customer left."""
    weights = 1 / np.arange(1, CITIES + 1)
    city = rng.choice(CITIES, CUSTOMERS, p=weights / weights.sum())
    effect = rng.normal(0, 1.5, CITIES)  # how much each city raises or lowers the odds
    numeric = rng.normal(size=(CUSTOMERS, 2))
    logit = effect[city] + numeric @ np.array([1.0, -0.5])
    y = (rng.random(CUSTOMERS) < 1 / (1 + np.exp(-logit))).astype(int)
    return city, numeric, y'''

MODEL_CATEGORIES = '''def encode(name, train_city, train_y, test_city, seed):
    """(train columns, test columns) for one encoding, fitted on the training rows only."""
    tr, te, cities = train_city[:, None], test_city[:, None], [list(range(CITIES))]
    if name == "one-hot":
        enc = OneHotEncoder(categories=cities, sparse_output=False, handle_unknown="ignore").fit(tr)
        return enc.transform(tr), enc.transform(te)
    if name == "ordinal":
        enc = OrdinalEncoder(categories=cities).fit(tr)
        return enc.transform(tr), enc.transform(te)
    if name == "target (naive)":  # the trap: a city's mean label *including the row being encoded*
        sums, counts = np.bincount(train_city, train_y, CITIES), np.bincount(train_city, minlength=CITIES)
        means = np.where(counts > 0, sums / np.maximum(counts, 1), train_y.mean())
        return means[train_city][:, None], means[test_city][:, None]
    # cross-fitted: each training row is encoded by the other folds' labels
    folds = StratifiedKFold(5, shuffle=True, random_state=seed)
    enc = TargetEncoder(categories=cities, target_type="binary", cv=folds)
    return enc.fit_transform(tr, train_y), enc.transform(te)


class EmbeddingNet(nn.Module):
    """City → learned vector, joined to the numeric columns, then the same small network."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(CITIES, EMBEDDING_SIZE)
        self.body = nn.Sequential(nn.Linear(EMBEDDING_SIZE + 2, 16), nn.ReLU(), nn.Linear(16, 2))

    def forward(self, city, numeric):
        return self.body(torch.cat([self.embed(city), numeric], 1))  # (rows, 2) logits'''

TRAIN_CATEGORIES = '''def fit(model, inputs, y):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(STEPS):
        loss = F.cross_entropy(model(*inputs), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def accuracy(model, inputs, y):
    model.eval()
    with torch.no_grad():
        return (model(*inputs).argmax(1) == y).float().mean().item()


def experiment(seed, device):
    """A fresh table; each encoding read by a network from the same initial weights: name → (train, test) accuracy."""
    city, numeric, y = make_customers(np.random.default_rng(seed))
    cut = int(0.7 * CUSTOMERS)
    tr, te = np.arange(cut), np.arange(cut, CUSTOMERS)
    num = torch.tensor((numeric - numeric[tr].mean(0)) / numeric[tr].std(0), dtype=torch.float32)
    yt = torch.tensor(y)
    out = {}
    for name in ENCODINGS[:-1]:
        a, b = encode(name, city[tr], y[tr], city[te], seed)
        scale = a.std(0) + 1e-9  # every encoding on a comparable scale for the network
        xa = torch.cat([torch.tensor(a / scale, dtype=torch.float32), num[tr]], 1).to(device)
        xb = torch.cat([torch.tensor(b / scale, dtype=torch.float32), num[te]], 1).to(device)
        torch.manual_seed(seed)
        model = nn.Sequential(nn.Linear(xa.shape[1], 16), nn.ReLU(), nn.Linear(16, 2)).to(device)
        fit(model, (xa,), yt[tr].to(device))
        out[name] = accuracy(model, (xa,), yt[tr].to(device)), accuracy(model, (xb,), yt[te].to(device))
    torch.manual_seed(seed)
    net = EmbeddingNet().to(device)
    ctr, cte = torch.tensor(city[tr]).to(device), torch.tensor(city[te]).to(device)
    fit(net, (ctr, num[tr].to(device)), yt[tr].to(device))
    out["learned embedding"] = (accuracy(net, (ctr, num[tr].to(device)), yt[tr].to(device)),
                                accuracy(net, (cte, num[te].to(device)), yt[te].to(device)))
    return out'''
