"""The leakage simulator: three ways a test score learns about the test set, each beside an honest score.

Every pipeline reports an *estimate* (its test-split score) and is then scored on
fresh rows that no step ever touched. A leaky pipeline's estimate sits above its
fresh score; an honest pipeline's estimate is, on average, right.

The data is a small table: two measurements that differ by class, plus columns
of heavy-tailed noise (readings with occasional wild values). The model is a
k-nearest-neighbour classifier, cheap enough to repeat the whole experiment many
times; a neural network makes the same mistakes, only more slowly.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from core.device import single_threaded

SEPARATION = 0.8  # class means of the two informative columns sit at ±SEPARATION
TAIL = 0.5  # degrees of freedom of the noise columns' Student-t: below 1, a few values are enormous
FRESH_ROWS = 500  # the never-touched rows each pipeline is finally scored on
K_CHOICES = (1, 3, 5, 7, 9, 11, 15, 21)  # odd, so two classes never tie


@dataclass(frozen=True)
class LeakageConfig:
    n_samples: int = 60  # rows in the development set, split 50/25/25 into train/val/test
    noise_features: int = 20  # heavy-tailed columns that carry no signal
    k: int = 5  # neighbours the model votes with in (a); (c) uses 1, a model that memorises its rows
    candidates: int = 30  # (b) settings tried while tuning (k and which columns to use)
    duplicate_share: float = 0.5  # (c) share of rows that were recorded twice
    repeats: int = 100  # the whole experiment, drawn again from scratch; (a) is small and needs about 100
    seed: int = 0


@dataclass(frozen=True)
class LeakageOutcome:
    """One kind of leakage: per repeat, what each pipeline reported and what it scored on fresh rows."""

    kind: str  # "a", "b" or "c"
    title: str
    leaky_label: str
    honest_label: str
    leaky_estimate: np.ndarray  # (repeats,) accuracy the leaky pipeline reports
    leaky_fresh: np.ndarray  # (repeats,) its accuracy on never-touched rows
    honest_estimate: np.ndarray
    honest_fresh: np.ndarray

    @property
    def leaky_optimism(self) -> float:
        """Mean of estimate − fresh score for the leaky pipeline: how much it flatters itself (0 is honest)."""
        return float(np.mean(self.leaky_estimate - self.leaky_fresh))

    @property
    def honest_optimism(self) -> float:
        return float(np.mean(self.honest_estimate - self.honest_fresh))

    def optimism_error(self, pipeline: str = "leaky") -> float:
        """Standard error of the mean optimism over the repeats: its spread is the mean's own noise."""
        gap = (self.leaky_estimate - self.leaky_fresh if pipeline == "leaky"
               else self.honest_estimate - self.honest_fresh)
        return float(gap.std(ddof=1) / np.sqrt(len(gap))) if len(gap) > 1 else float("inf")

    @property
    def leak_shows(self) -> bool:
        """The leaky pipeline flatters itself beyond the noise: its mean optimism is positive by more than
        two standard errors (a 95% interval that excludes zero) and larger than the honest pipeline's."""
        return self.leaky_optimism > max(2 * self.optimism_error("leaky"), self.honest_optimism)


def make_table(rng: np.random.Generator, n: int, noise_features: int) -> tuple[np.ndarray, np.ndarray]:
    """`n` rows: two informative Gaussian columns shifted by class, then heavy-tailed noise columns."""
    y = rng.integers(0, 2, n)
    signal = rng.normal(size=(n, 2)) + SEPARATION * (2 * y - 1)[:, None]  # (n, 2)
    noise = rng.standard_t(TAIL, size=(n, noise_features))  # (n, noise_features): wild values now and then
    return np.hstack([signal, noise]).astype(np.float32), y


def knn_predict(train_x: np.ndarray, train_y: np.ndarray, x: np.ndarray, ks, masks=None) -> np.ndarray:
    """Majority vote of the k nearest training rows (Euclidean), for several (k, column mask) settings at once.

    Returns (settings, len(x)) predicted labels; `masks` (settings, columns) of 0/1 picks columns.
    """
    ks = np.atleast_1d(ks)
    masks = np.ones((len(ks), train_x.shape[1]), np.float32) if masks is None else masks
    m = torch.as_tensor(masks, dtype=torch.float32)[:, None, :]  # (S, 1, d)
    a = torch.as_tensor(train_x)[None] * m  # (S, n_train, d)
    b = torch.as_tensor(x)[None] * m  # (S, n, d)
    dist = torch.cdist(b, a)  # (S, n, n_train)
    kmax = int(min(max(ks), a.shape[1]))
    near = dist.topk(kmax, dim=2, largest=False).indices  # (S, n, kmax), nearest first
    labels = torch.as_tensor(train_y)[near]  # (S, n, kmax)
    votes = labels.cumsum(2)  # ones among the first j+1 neighbours
    k_idx = torch.as_tensor(np.minimum(ks, kmax) - 1)[:, None, None].expand(-1, labels.shape[1], 1)
    ones = votes.gather(2, k_idx).squeeze(2)  # (S, n)
    return (2 * ones > torch.as_tensor(np.minimum(ks, kmax))[:, None]).long().numpy()


def accuracy(pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (pred == y).mean(axis=-1)


def split_rows(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random 50/25/25 train/val/test split of row indices."""
    perm = rng.permutation(n)
    a, b = n // 2, n // 2 + n // 4
    return perm[:a], perm[a:b], perm[b:]


def standardise(fit_on: np.ndarray, *arrays: np.ndarray) -> list[np.ndarray]:
    """scikit-learn's StandardScaler fitted on `fit_on`, then applied to each array.

    Each column loses the mean and is divided by the standard deviation *of `fit_on`*: which rows
    those are is the whole difference between the leaky and the honest pipeline in (a).
    """
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(fit_on)
    return [scaler.transform(a) for a in arrays]


def _kind_a(rng, cfg: LeakageConfig, x, y, fx, fy) -> tuple[float, float, float, float]:
    """(a) the scaler's mean and std come from all rows (test rows included) or from the train rows only."""
    tr, _, te = split_rows(rng, len(y))
    out = []
    for stats in (x, x[tr]):
        xtr, xte, xf = standardise(stats, x[tr], x[te], fx)
        out += [accuracy(knn_predict(xtr, y[tr], xte, cfg.k)[0], y[te]),
                accuracy(knn_predict(xtr, y[tr], xf, cfg.k)[0], fy)]
    return tuple(out)


def _kind_b(rng, cfg: LeakageConfig, x, y, fx, fy) -> tuple[float, float, float, float]:
    """(b) among many settings, keep the best by test score, or keep the best by validation score."""
    tr, va, te = split_rows(rng, len(y))
    xtr, xva, xte, xf = standardise(x[tr], x[tr], x[va], x[te], fx)
    ks = rng.choice(K_CHOICES, cfg.candidates)
    masks = (rng.random((cfg.candidates, x.shape[1])) < 0.5).astype(np.float32)
    masks[np.arange(cfg.candidates), rng.integers(0, x.shape[1], cfg.candidates)] = 1  # at least one column
    val_acc = accuracy(knn_predict(xtr, y[tr], xva, ks, masks), y[va])
    test_acc = accuracy(knn_predict(xtr, y[tr], xte, ks, masks), y[te])
    fresh_acc = accuracy(knn_predict(xtr, y[tr], xf, ks, masks), fy)
    by_test, by_val = int(np.argmax(test_acc)), int(np.argmax(val_acc))
    return test_acc[by_test], fresh_acc[by_test], test_acc[by_val], fresh_acc[by_val]


def add_duplicates(rng, x, y, share: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Record a `share` of rows a second time (with tiny measurement jitter); returns rows, labels, group ids."""
    n = len(y)
    again = rng.choice(n, int(round(share * n)), replace=False)
    copies = x[again] + rng.normal(scale=0.01, size=(len(again), x.shape[1])).astype(np.float32)
    groups = np.concatenate([np.arange(n), again])  # a copy belongs to its original's group
    return np.vstack([x, copies]), np.concatenate([y, y[again]]), groups


def group_split(rng, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """50/25/25 split of whole groups: every copy of a row lands in the same split.

    This is scikit-learn's GroupShuffleSplit, the fix used in practice for exactly this leak: give
    every row the id of its source (the original record, a patient, a user, a photo session) and
    split the ids, not the rows. Applied twice: train against the rest, then the rest into
    validation and test. Its shuffling is seeded from `rng`, so one seed still fixes the experiment.
    """
    from sklearn.model_selection import GroupShuffleSplit

    n = len(np.unique(groups))
    state = np.random.RandomState(int(rng.integers(2**32)))  # scikit-learn takes a RandomState, not a Generator

    def split(rows: np.ndarray, first: int, second: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows of `first` whole groups against rows of `second` others (indices into `rows`)."""
        splitter = GroupShuffleSplit(n_splits=1, train_size=first, test_size=second, random_state=state)
        a, b = next(splitter.split(rows, groups=groups[rows]))
        return rows[a], rows[b]

    train, rest = split(np.arange(len(groups)), n // 2, n - n // 2)
    val, test = split(rest, n // 4, n - n // 2 - n // 4)
    return train, val, test


def _kind_c(rng, cfg: LeakageConfig, x, y, fx, fy) -> tuple[float, float, float, float]:
    """(c) duplicated rows split at random (copies on both sides), or split by original row.

    The model is 1-nearest-neighbour: it memorises its training rows, as a large network trained to zero loss does.
    """
    base = int(round(len(y) / (1 + cfg.duplicate_share)))  # keep the development set at n_samples rows
    x, y, groups = add_duplicates(rng, x[:base], y[:base], cfg.duplicate_share)
    out = []
    for tr, _, te in (split_rows(rng, len(y)), group_split(rng, groups)):
        xtr, xte, xf = standardise(x[tr], x[tr], x[te], fx)
        out += [accuracy(knn_predict(xtr, y[tr], xte, 1)[0], y[te]),
                accuracy(knn_predict(xtr, y[tr], xf, 1)[0], fy)]
    return tuple(out)


KINDS = {
    "a": ("(a) Standardise before the split", "scaler fitted on all rows", "scaler fitted on train rows", _kind_a),
    "b": ("(b) Tune on the test set", "best of the settings by test score",
          "best by validation score, then test", _kind_b),
    "c": ("(c) Duplicates across splits", "random split of rows", "split by original row", _kind_c),
}


@single_threaded  # tiny tensors: a second CPU thread only waits (see core.device)
def simulate(cfg: LeakageConfig, kinds: str = "abc",
             on_progress: Callable[[float], None] | None = None) -> list[LeakageOutcome]:
    """Run each kind of leakage `cfg.repeats` times on freshly drawn data; the same draws feed every kind."""
    if cfg.n_samples < 16:
        raise ValueError("the development set needs at least 16 rows to split four ways")
    rng = np.random.default_rng(cfg.seed)
    scores = {kind: [] for kind in kinds}
    for r in range(cfg.repeats):
        x, y = make_table(rng, cfg.n_samples, cfg.noise_features)
        fx, fy = make_table(rng, FRESH_ROWS, cfg.noise_features)
        for kind in kinds:
            scores[kind].append(KINDS[kind][3](rng, cfg, x, y, fx, fy))
        if on_progress:
            on_progress((r + 1) / cfg.repeats)
    out = []
    for kind in kinds:
        title, leaky, honest, _ = KINDS[kind]
        s = np.asarray(scores[kind], dtype=float)  # (repeats, 4)
        out.append(LeakageOutcome(kind, title, leaky, honest, s[:, 0], s[:, 1], s[:, 2], s[:, 3]))
    return out
