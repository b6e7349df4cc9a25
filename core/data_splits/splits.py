"""Train / validation / test splits, plain or stratified, and how balanced their classes come out.

train: the examples the weights learn from. validation: the examples you tune on
(architecture, learning rate, when to stop). test: looked at once, at the end, to
report how the model does on data it has never influenced.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPLITS = ("train", "validation", "test")
PRESETS = {"70/15/15": (70, 15, 15), "60/20/20": (60, 20, 20)}


@dataclass(frozen=True)
class SplitConfig:
    train: float = 70  # relative sizes; they are rescaled to add up to 100%
    val: float = 15
    test: float = 15
    stratify: bool = True  # keep each class's share the same in every split
    seed: int = 0
    n_samples: int = 1000  # labelled examples to split

    def fractions(self) -> np.ndarray:
        """The three shares as fractions of 1; raises ValueError when they cannot be."""
        parts = np.array([self.train, self.val, self.test], dtype=float)
        if not np.all(np.isfinite(parts)) or np.any(parts < 0) or parts.sum() <= 0:
            raise ValueError("split sizes must be non-negative numbers that do not all equal zero")
        return parts / parts.sum()


@dataclass(frozen=True)
class SplitResult:
    indices: tuple[np.ndarray, np.ndarray, np.ndarray]  # train, validation, test row numbers
    counts: np.ndarray  # (3, classes): examples of each class in each split
    overall: np.ndarray  # (classes,): share of each class in all examples

    @property
    def sizes(self) -> np.ndarray:
        return self.counts.sum(1)

    @property
    def shares(self) -> np.ndarray:
        """(3, classes): each class's share of its split (rows add up to 1; an empty split is all zero)."""
        return self.counts / np.maximum(self.sizes[:, None], 1)

    @property
    def max_gap(self) -> float:
        """Largest distance, in percentage points, between a class's share in a non-empty split and overall.

        0 means every split has exactly the class balance of the whole set.
        """
        full = self.sizes > 0
        return float(np.abs(self.shares[full] - self.overall).max() * 100) if full.any() else 0.0


def _allocate(n: int, fractions: np.ndarray) -> np.ndarray:
    """Split n items into three counts as close to n × fractions as whole numbers allow (largest remainder)."""
    exact = n * fractions
    counts = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - counts), kind="stable")[: n - counts.sum()]:
        counts[i] += 1
    return counts


def stratified_counts(class_sizes: np.ndarray, fractions: np.ndarray) -> np.ndarray:
    """(classes, 3) counts: each class cut in the given proportions, the split totals as asked.

    Start from the whole parts of n_c × f_s, then hand out the leftover examples to the
    cells with the largest remainders, as long as the class and the split still need them.
    Every cell stays within one example of its exact share.
    """
    exact = class_sizes[:, None] * fractions[None, :]
    counts = np.floor(exact).astype(int)
    targets = _allocate(int(class_sizes.sum()), fractions)
    for cell in np.argsort(-(exact - counts), axis=None, kind="stable"):
        c, s = divmod(int(cell), len(fractions))
        if counts[c].sum() < class_sizes[c] and counts[:, s].sum() < targets[s]:
            counts[c, s] += 1
    for c in range(len(class_sizes)):  # rarely needed: whatever is left goes where there is most room
        while counts[c].sum() < class_sizes[c]:
            counts[c, int(np.argmax(targets - counts.sum(0)))] += 1
    return counts


def split_indices(labels: np.ndarray, cfg: SplitConfig) -> SplitResult:
    """Shuffle the rows with `cfg.seed` and cut them three ways.

    Stratified: each class is cut on its own in the same proportions, so every
    split keeps the overall class balance (to within one example per class).
    """
    labels = np.asarray(labels)
    fractions = cfg.fractions()
    rng = np.random.default_rng(cfg.seed)
    classes = int(labels.max()) + 1 if len(labels) else 0
    if cfg.stratify:
        parts = [[], [], []]
        per_class = stratified_counts(np.bincount(labels, minlength=classes), fractions)
        for c in range(classes):
            rows = rng.permutation(np.flatnonzero(labels == c))
            for part, chunk in zip(parts, np.split(rows, np.cumsum(per_class[c])[:2]), strict=True):
                part.append(chunk)
        indices = tuple(rng.permutation(np.concatenate(p)).astype(int) for p in parts)
    else:
        rows = rng.permutation(len(labels))
        indices = tuple(np.split(rows, np.cumsum(_allocate(len(labels), fractions))[:2]))
    counts = np.stack([np.bincount(labels[i], minlength=classes) for i in indices])
    overall = np.bincount(labels, minlength=classes) / max(len(labels), 1)
    return SplitResult(indices, counts, overall)


def sample_labels(labels: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """`n` labels drawn without replacement (a seeded sample of a labelled data set)."""
    labels = np.asarray(labels)
    n = int(min(max(n, 1), len(labels)))
    return labels[np.random.default_rng(seed).permutation(len(labels))[:n]]
