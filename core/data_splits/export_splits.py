"""Scripts for the lesson's honest-evaluation experiments: splits and leakage (see core.data_splits.export).

Both are exact: NumPy, scikit-learn and (for the leakage simulator's neighbours) PyTorch on the CPU.
"""
from __future__ import annotations

from core.data_splits.export_parts import MAIN_GUARD, ONE_THREAD, command_line, constants, imports, script, step
from core.data_splits.leakage import FRESH_ROWS, K_CHOICES, SEPARATION, TAIL, LeakageConfig
from core.data_splits.splits import SplitConfig
from core.export import Script

SETTINGS_WORDS = "The settings are the page's when you downloaded this script."


def splits(cfg: SplitConfig) -> Script:
    """Splits: a seeded sample of MNIST's labels cut three ways, stratified and at random, and their class balance."""
    main = f'''def main():
{command_line("Splits: train, validation and test, stratified or at random", device=False, mnist=True)}
    labels = all_labels(args.data_dir)
    labels = labels[np.random.default_rng(SEED).permutation(len(labels))[:EXAMPLES]]  # a seeded sample
    shown, other = cut(labels, STRATIFIED), cut(labels, not STRATIFIED)
    stratified, random = (shown, other) if STRATIFIED else (other, shown)
    for name, counts in zip(("train", "validation", "test"), shown, strict=True):
        print(f"{{name:>10}}: {{counts.sum():>6,}} examples, per class {{counts.tolist()}}")
    print(json.dumps({{
        "largest_gap": largest_gap(shown, labels), "stratified_gap": largest_gap(stratified, labels),
        "random_gap": largest_gap(random, labels), "examples": float(len(labels)),
        "train_examples": float(shown[0].sum()), "validation_examples": float(shown[1].sum()),
        "test_examples": float(shown[2].sum()),
    }}))'''
    settings = constants(("SIZES", (cfg.train, cfg.val, cfg.test), "train / validation / test, rescaled to 100%"),
                         ("STRATIFIED", cfg.stratify, "cut each class on its own"),
                         ("SEED", cfg.seed, "draws the sample and shuffles the cut"),
                         ("EXAMPLES", cfg.n_samples, "labelled digits to split"))
    return script("data_splits", (
        "Splits, from the Neural Network Basics Lab (Data & splits › Splits): a sample of MNIST's digits cut into "
        "train, validation and test, stratified and at random, and how far each class's share in each split "
        "drifts from its share overall. Its last line is the page's numbers as JSON, and they match the page "
        "exactly."), (
        imports(SETTINGS_WORDS, ("import argparse", "import json", "", "import numpy as np",
                                 "from torchvision import datasets"), settings),
        step("Data", "Every MNIST label in the order the lab holds them: its 55,000 training digits and 5,000 "
             "validation digits (a seeded draw from MNIST's training set), then the 10,000 test digits.",
             '''def all_labels(data_dir):
    train = datasets.MNIST(data_dir, train=True, download=True)
    test = datasets.MNIST(data_dir, train=False, download=True)
    order = np.random.default_rng(0).permutation(len(train.targets))
    y = train.targets.numpy()
    return np.concatenate([y[order[5000:]], y[np.sort(order[:5000])], test.targets.numpy()])'''),
        step("Split", "**train** is what the weights learn from, **validation** what you tune on, **test** is "
             "touched once, at the very end. Stratified splitting cuts each class on its own, so every split keeps "
             "the class balance of the whole set (to within one example per class).", SPLIT_CODE),
        step("Measure", "How far any class's share in any non-empty split is from its share overall, in points: "
             "0 means every split has exactly the balance of the whole set.", '''def largest_gap(counts, labels):
    overall = np.bincount(labels, minlength=counts.shape[1]) / len(labels)
    sizes = counts.sum(1)
    shares = counts / np.maximum(sizes[:, None], 1)
    return float(np.abs(shares[sizes > 0] - overall).max() * 100) if (sizes > 0).any() else 0.0'''),
        step("Main", "Cut the same sample both ways: the page shows one and compares it with the other.",
             main + "\n\n\n" + MAIN_GUARD)))


SPLIT_CODE = '''def allocate(n, fractions):
    """n items in three counts as close to n × fractions as whole numbers allow (largest remainder)."""
    exact = n * fractions
    counts = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - counts), kind="stable")[: n - counts.sum()]:
        counts[i] += 1
    return counts


def stratified_counts(class_sizes, fractions):
    """(classes, 3) counts: each class cut in the given proportions, the split totals as asked."""
    exact = class_sizes[:, None] * fractions[None, :]
    counts = np.floor(exact).astype(int)
    targets = allocate(int(class_sizes.sum()), fractions)
    for cell in np.argsort(-(exact - counts), axis=None, kind="stable"):  # leftovers to the largest remainders
        c, s = divmod(int(cell), 3)
        if counts[c].sum() < class_sizes[c] and counts[:, s].sum() < targets[s]:
            counts[c, s] += 1
    for c in range(len(class_sizes)):  # rarely needed: whatever is left goes where there is most room
        while counts[c].sum() < class_sizes[c]:
            counts[c, int(np.argmax(targets - counts.sum(0)))] += 1
    return counts


def cut(labels, stratified):
    """Shuffle with SEED and cut three ways; returns (3, classes) counts of each class in each split."""
    parts = np.array(SIZES, dtype=float)
    fractions = parts / parts.sum()
    rng = np.random.default_rng(SEED)
    classes = int(labels.max()) + 1
    if stratified:
        parts = [[], [], []]
        per_class = stratified_counts(np.bincount(labels, minlength=classes), fractions)
        for c in range(classes):
            rows = rng.permutation(np.flatnonzero(labels == c))
            for part, chunk in zip(parts, np.split(rows, np.cumsum(per_class[c])[:2]), strict=True):
                part.append(chunk)
        splits = [rng.permutation(np.concatenate(p)).astype(int) for p in parts]
    else:
        splits = np.split(rng.permutation(len(labels)), np.cumsum(allocate(len(labels), fractions))[:2])
    return np.stack([np.bincount(labels[i], minlength=classes) for i in splits])'''


def leakage(cfg: LeakageConfig) -> Script:
    """Leakage: three ways a test score learns about the test set, each beside an honest pipeline, many times."""
    main = f'''def main():
{command_line("Leakage: three leaks, each beside an honest pipeline", device=True, mnist=False)}
{ONE_THREAD}
    rng = np.random.default_rng(SEED)
    scores = {{kind: [] for kind in KINDS}}
    for _ in range(REPEATS):
        x, y = make_table(rng, ROWS)
        fx, fy = make_table(rng, FRESH_ROWS)  # never touched by any step: the truth
        for kind, run in KINDS.items():
            scores[kind].append(run(rng, x, y, fx, fy, args.device))
    metrics = {{}}
    for kind, s in scores.items():
        s = np.asarray(s, dtype=float)  # (repeats, 4): leaky reported, leaky true, honest reported, honest true
        leaky, honest = s[:, 0] - s[:, 1], s[:, 2] - s[:, 3]  # optimism: reported − true
        error = leaky.std(ddof=1) / np.sqrt(len(leaky))  # the mean optimism's own noise
        lost = s[:, 1].mean() - s[:, 3].mean()  # true accuracy the honest pipeline gives up
        print(f"({{kind}}) leaky optimism {{leaky.mean() * 100:+.1f}} ± {{2 * error * 100:.1f}} points, honest "
              f"{{honest.mean() * 100:+.1f}}; true accuracy: leaky {{s[:, 1].mean():.1%}}, "
              f"honest {{s[:, 3].mean():.1%}}")
        metrics |= {{f"leaky_optimism_{{kind}}": float(leaky.mean()), f"honest_optimism_{{kind}}": float(honest.mean()),
                    f"leaky_optimism_{{kind}}_low": float(leaky.mean() - 2 * error),
                    f"leaky_optimism_{{kind}}_points": round(float(leaky.mean()) * 100, 1),
                    f"accuracy_lost_{{kind}}": float(lost),
                    f"true_accuracy_change_{{kind}}": 0.0 if -lost < -0.01 else 2.0 if -lost > 0.01 else 1.0}}
    metrics["leakage_repeats"] = float(REPEATS)
    print(json.dumps(metrics))'''
    settings = constants(("ROWS", cfg.n_samples, "the development set, split 50/25/25 into train/val/test"),
                         ("NOISE_COLUMNS", cfg.noise_features, "heavy-tailed columns that carry no signal"),
                         ("K", cfg.k, "(a) neighbours the model votes with"),
                         ("CANDIDATES", cfg.candidates, "(b) settings tried while tuning"),
                         ("DUPLICATE_SHARE", cfg.duplicate_share, "(c) share of rows recorded twice"),
                         ("REPEATS", cfg.repeats, "the whole experiment, drawn again from scratch"),
                         ("SEED", cfg.seed, ""), ("SEPARATION", SEPARATION, "class means at ±SEPARATION"),
                         ("TAIL", TAIL, "Student-t degrees of freedom: below 1, a few values are enormous"),
                         ("FRESH_ROWS", FRESH_ROWS, ""), ("K_CHOICES", K_CHOICES, "odd: two classes never tie"))
    return script("data_leakage", (
        "Leakage, from the Neural Network Basics Lab (Data & splits › Leakage): three ways a test score learns "
        "about the test set, (a) a scaler fitted before the split, (b) tuning on the test set and (c) duplicates "
        "across the split, each beside an honest pipeline, all scored on fresh rows nobody touched. The optimism "
        "is how far a reported score sits above that truth. Its last line is the page's numbers as JSON; on the "
        "CPU, where the page computes them, they match exactly."), (
        imports(SETTINGS_WORDS, ("import argparse", "import json", "", "import numpy as np", "import torch",
                                 "from sklearn.model_selection import GroupShuffleSplit",
                                 "from sklearn.preprocessing import StandardScaler"), settings),
        step("Data", "A small table: two measurements that differ by class, plus columns of heavy-tailed noise.",
             LEAK_DATA),
        step("Model", "k-nearest neighbours: cheap enough to repeat the whole experiment many times. A neural "
             "network makes the same mistakes, only more slowly.", LEAK_MODEL),
        step("The three leaks", "Each returns (leaky reported, leaky true, honest reported, honest true).",
             LEAK_KINDS),
        step("Main", "Every kind on every repeat; the same draws feed every kind.", main + "\n\n\n" + MAIN_GUARD)))


LEAK_DATA = '''def make_table(rng, n):
    """n rows: two informative Gaussian columns shifted by class, then heavy-tailed noise columns."""
    y = rng.integers(0, 2, n)
    signal = rng.normal(size=(n, 2)) + SEPARATION * (2 * y - 1)[:, None]  # (n, 2)
    noise = rng.standard_t(TAIL, size=(n, NOISE_COLUMNS))  # wild values now and then
    return np.hstack([signal, noise]).astype(np.float32), y


def split_rows(rng, n):
    """A random 50/25/25 train/validation/test split of row numbers."""
    perm = rng.permutation(n)
    return perm[:n // 2], perm[n // 2:n // 2 + n // 4], perm[n // 2 + n // 4:]


def standardise(fit_on, *arrays):
    """A scaler fitted on `fit_on`: which rows those are is the whole difference in (a)."""
    scaler = StandardScaler().fit(fit_on)
    return [scaler.transform(a) for a in arrays]'''

LEAK_MODEL = '''def knn(train_x, train_y, x, ks, masks, device):
    """Majority vote of the k nearest training rows, for several (k, columns) settings at once: (settings, rows)."""
    m = torch.as_tensor(masks, dtype=torch.float32, device=device)[:, None, :]  # (S, 1, columns)
    a = torch.as_tensor(train_x, device=device)[None] * m  # (S, train rows, columns)
    b = torch.as_tensor(x, device=device)[None] * m  # (S, rows, columns)
    kmax = int(min(max(ks), a.shape[1]))
    near = torch.cdist(b, a).topk(kmax, dim=2, largest=False).indices  # (S, rows, kmax), nearest first
    votes = torch.as_tensor(train_y, device=device)[near].cumsum(2)  # ones among the nearest j + 1
    k = torch.as_tensor(np.minimum(ks, kmax), device=device)
    ones = votes.gather(2, (k - 1)[:, None, None].expand(-1, votes.shape[1], 1)).squeeze(2)
    return (2 * ones > k[:, None]).long().cpu().numpy()


def predict(train_x, train_y, x, k, device):
    """One setting: k neighbours on every column."""
    return knn(train_x, train_y, x, np.array([k]), np.ones((1, train_x.shape[1]), np.float32), device)[0]


def accuracy(pred, y):
    return (pred == y).mean(axis=-1)'''

LEAK_KINDS = '''def leak_a(rng, x, y, fx, fy, device):
    """(a) The scaler's mean and std come from all rows (test rows included), or from the training rows only."""
    tr, _, te = split_rows(rng, len(y))
    out = []
    for stats in (x, x[tr]):
        xtr, xte, xf = standardise(stats, x[tr], x[te], fx)
        out += [accuracy(predict(xtr, y[tr], xte, K, device), y[te]), accuracy(predict(xtr, y[tr], xf, K, device), fy)]
    return out


def leak_b(rng, x, y, fx, fy, device):
    """(b) Among many settings (k and which columns), keep the best by test score, or by validation score."""
    tr, va, te = split_rows(rng, len(y))
    xtr, xva, xte, xf = standardise(x[tr], x[tr], x[va], x[te], fx)
    ks = rng.choice(K_CHOICES, CANDIDATES)
    masks = (rng.random((CANDIDATES, x.shape[1])) < 0.5).astype(np.float32)
    masks[np.arange(CANDIDATES), rng.integers(0, x.shape[1], CANDIDATES)] = 1  # at least one column each
    val_acc, test_acc, fresh_acc = (accuracy(knn(xtr, y[tr], data, ks, masks, device), target)
                                    for data, target in ((xva, y[va]), (xte, y[te]), (xf, fy)))
    by_test, by_val = int(np.argmax(test_acc)), int(np.argmax(val_acc))
    return [test_acc[by_test], fresh_acc[by_test], test_acc[by_val], fresh_acc[by_val]]


def group_split(rng, groups):
    """50/25/25 of whole groups (scikit-learn's GroupShuffleSplit, twice): every copy lands in one split."""
    n = len(np.unique(groups))
    state = np.random.RandomState(int(rng.integers(2**32)))

    def split(rows, first, second):
        splitter = GroupShuffleSplit(n_splits=1, train_size=first, test_size=second, random_state=state)
        a, b = next(splitter.split(rows, groups=groups[rows]))
        return rows[a], rows[b]

    train, rest = split(np.arange(len(groups)), n // 2, n - n // 2)
    val, test = split(rest, n // 4, n - n // 2 - n // 4)
    return train, val, test


def leak_c(rng, x, y, fx, fy, device):
    """(c) Rows recorded twice, split at random (copies on both sides) or by original row.

    The model is 1-nearest-neighbour: it memorises its training rows, as a large network trained to zero loss does.
    """
    base = int(round(len(y) / (1 + DUPLICATE_SHARE)))  # keep the development set at ROWS rows
    x, y = x[:base], y[:base]
    again = rng.choice(base, int(round(DUPLICATE_SHARE * base)), replace=False)
    copies = x[again] + rng.normal(scale=0.01, size=(len(again), x.shape[1])).astype(np.float32)  # tiny jitter
    groups = np.concatenate([np.arange(base), again])  # a copy belongs to its original's group
    x, y = np.vstack([x, copies]), np.concatenate([y, y[again]])
    out = []
    for tr, _, te in (split_rows(rng, len(y)), group_split(rng, groups)):
        xtr, xte, xf = standardise(x[tr], x[tr], x[te], fx)
        out += [accuracy(predict(xtr, y[tr], xte, 1, device), y[te]), accuracy(predict(xtr, y[tr], xf, 1, device), fy)]
    return out


KINDS = {"a": leak_a, "b": leak_b, "c": leak_c}'''
