"""The numbers behind the lesson's charts, as small tables: what "Show as table" opens under each chart.

Percentages are given as numbers of percent (79.5, not 0.795) and each column names its unit.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.data_splits import noise
from core.data_splits.names import SCALES
from core.data_splits.splits import SPLITS


def _pct(x: float) -> float:
    return round(float(x) * 100, 1)


def split_shares(result) -> pd.DataFrame:
    """Each class's share (%) of all examples and of each split."""
    table = pd.DataFrame({"class": [str(c) for c in range(result.counts.shape[1])],
                          "all examples (%)": np.round(result.overall * 100, 1)})
    for i, split in enumerate(SPLITS):
        table[f"{split} (%)"] = np.round(result.shares[i] * 100, 1)
    return table


def leakage(outcomes) -> pd.DataFrame:
    """Per kind: each pipeline's reported and true accuracy (%) and its optimism (points, ± a 95% interval)."""
    rows = []
    for o in outcomes:
        rows.append({"kind": f"({o.kind})", "leaky: reported (%)": _pct(o.leaky_estimate.mean()),
                     "leaky: true (%)": _pct(o.leaky_fresh.mean()), "leaky optimism (points)": _pct(o.leaky_optimism),
                     "± (95%)": _pct(2 * o.optimism_error("leaky")),
                     "honest: reported (%)": _pct(o.honest_estimate.mean()),
                     "honest: true (%)": _pct(o.honest_fresh.mean()),
                     "honest optimism (points)": _pct(o.honest_optimism)})
    return pd.DataFrame(rows)


def scales(comparison) -> pd.DataFrame:
    """Per input scale: validation accuracy (mean and spread over seeds), diverged seeds, mean training loss."""
    rows = []
    for scale in SCALES:
        acc = comparison.final_acc(scale)
        rows.append({"input scale": scale, "validation accuracy (%)": _pct(noise.mean(acc)),
                     "spread (points)": _pct(noise.spread(acc)), "seeds diverged": comparison.diverged(scale),
                     "mean training loss": round(float(np.mean(comparison.mean_loss(scale))), 3)})
    return pd.DataFrame(rows)


def values(samples: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per input scale: the range, mean and standard deviation of the values the network reads."""
    return pd.DataFrame([{"input scale": s, "smallest": round(float(v.min()), 2), "mean": round(float(v.mean()), 2),
                          "largest": round(float(v.max()), 2), "standard deviation": round(float(v.std()), 2)}
                         for s, v in samples.items()])


def missing(result, imputers: Sequence[str]) -> pd.DataFrame:
    """Per way of handling gaps: test accuracy, test rows scored and training rows used (means over repeats)."""
    return pd.DataFrame({n: [f"{np.nanmean(result.accuracy[n]):.1%}" if np.isfinite(result.accuracy[n]).any() else "–",
                             f"{result.coverage[n].mean():.0%}", f"{result.train_rows[n].mean():.0f}"]
                         for n in imputers}, index=["test accuracy", "test rows scored", "training rows used"])


def seed_scores(scores: dict[str, np.ndarray], what: str = "seed") -> pd.DataFrame:
    """Per contender: the mean score (%), its spread over the seeds (or repeats), and each seed's score."""
    rows = []
    for name, s in scores.items():
        row = {"": name, "mean (%)": _pct(noise.mean(s)), "spread (points)": _pct(noise.spread(s))}
        row |= {f"{what} {i + 1} (%)": _pct(x) for i, x in enumerate(s)}
        rows.append(row)
    return pd.DataFrame(rows)


def learning_curves(result) -> pd.DataFrame:
    """Per epoch: each size's training and validation loss, the mean over the seeds."""
    table = {}
    for name in result.runs:
        for split in ("train", "validation"):
            table[f"{name}: {split}"] = np.round(result.mean_curve(name, split), 3)
    frame = pd.DataFrame(table)
    frame.insert(0, "epoch", np.arange(1, len(frame) + 1))
    return frame


def bias_variance(bv) -> pd.DataFrame:
    """Per width: bias², variance, the expected test error and the training error."""
    return pd.DataFrame({"hidden units": bv.widths, "bias²": np.round(bv.bias2, 4),
                         "variance": np.round(bv.variance, 4), "expected test error": np.round(bv.test_mse, 4),
                         "training error": np.round(bv.train_mse, 4)})
