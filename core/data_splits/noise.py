"""When is a difference a result, and when is it noise? The rule every Data & splits takeaway uses.

An experiment run on several seeds (or repeats) gives each contender a small sample of scores.
The *spread* is their standard deviation over the seeds: how much the score moves when only
luck changes. A contender is *ahead* of another when its mean score is higher by more than the
larger of the two spreads; a smaller gap is "inside the noise", and the page says so instead of
naming a winner. With a single seed there is no spread, so nothing is ever ahead.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def spread(scores) -> float:
    """Standard deviation over seeds (with Bessel's correction); 0 for one seed or none.

    Finite scores only: a run that produced no score (nan) is left out.
    """
    values = np.asarray(scores, dtype=float)
    values = values[np.isfinite(values)]
    return float(values.std(ddof=1)) if len(values) > 1 else 0.0


def mean(scores) -> float:
    """Mean over the seeds that produced a score (nan when none did)."""
    values = np.asarray(scores, dtype=float)
    values = values[np.isfinite(values)]
    return float(values.mean()) if len(values) else float("nan")


def ahead(a, b) -> bool:
    """Is `a` ahead of `b` beyond the noise: both have ≥ 2 scores and the mean gap exceeds the larger spread?"""
    if min(np.isfinite(np.asarray(a, float)).sum(), np.isfinite(np.asarray(b, float)).sum()) < 2:
        return False
    return mean(a) - mean(b) > max(spread(a), spread(b))


@dataclass(frozen=True)
class Ranking:
    """Contenders ordered by mean score, with the ones that the best is not ahead of."""

    order: tuple[str, ...]  # best mean first; contenders with no score at all come last
    tied: tuple[str, ...]  # the best, and every other contender inside the noise of it
    means: dict[str, float]
    spreads: dict[str, float]

    @property
    def best(self) -> str:
        return self.order[0]

    @property
    def clear_winner(self) -> bool:
        """The best is ahead of every other contender beyond the noise."""
        return len(self.tied) == 1


def rank(scores: dict[str, np.ndarray]) -> Ranking:
    """Order `scores` (contender → scores over seeds, higher is better) and find who ties with the best."""
    means = {name: mean(s) for name, s in scores.items()}
    order = sorted(scores, key=lambda n: (not np.isfinite(means[n]), -np.nan_to_num(means[n], nan=0.0)))
    best = order[0]
    tied = tuple(n for n in order if n == best or (np.isfinite(means[n]) and not ahead(scores[best], scores[n])))
    return Ranking(tuple(order), tied, means, {name: spread(s) for name, s in scores.items()})
