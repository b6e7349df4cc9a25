"""The batch-size comparison in numbers and words: a table row per batch size, and a takeaway written from them.

Every number comes with its spread: over the seeds for losses and times to a loss, over the timed
repeats for the time per update. When two contenders' ranges overlap, the words say the difference
is inside the noise instead of naming a winner.
"""
from __future__ import annotations

import numpy as np

from core.loss_optimization.batching import BatchComparison

BATCH, MINI, STOCHASTIC = 0, 1, 2  # the contenders' places in a BatchComparison


def spread(values, digits: int = 2) -> str:
    """Mean with the range over seeds: "0.29 (0.24–0.39)"; one value alone as itself."""
    values = np.asarray(values, dtype=float)
    low, high = f"{values.min():.{digits}f}", f"{values.max():.{digits}f}"
    return f"{values.mean():.{digits}f}" + ("" if low == high else f" ({low}–{high})")


def _seconds(value: float) -> str:
    return f"{value * 1e3:.0f} ms" if value < 0.1 else f"{value:.2f} s"


def apart(low: np.ndarray, high: np.ndarray) -> bool:
    """True when every value of `low` is below every value of `high`: the difference is beyond the spread."""
    return float(np.max(low)) < float(np.min(high))


def table(result: BatchComparison) -> dict[str, list]:
    """The table under the figure, one row per batch size (columns as a dict, ready for a DataFrame)."""
    target, epochs = result.target, result.config.epochs
    reach = []
    for i in range(3):
        times = result.time_to(i, target)
        reached = times[np.isfinite(times)]
        reach.append("not reached" if not len(reached) else
                     spread(reached, 3) + ("" if len(reached) == len(times) else f" ({len(reached)} seeds of "
                                                                                 f"{len(times)})"))
    return {
        "batch size": [r.label for r in result.first],
        "updates per epoch": [r.updates_per_epoch for r in result.first],
        "time per update (ms)": [f"{t.median * 1e3:.2f} ({t.low * 1e3:.2f}–{t.high * 1e3:.2f})"
                                 for t in result.timings],
        "time per epoch (s)": [f"{result.epoch_seconds(i):.3f}" for i in range(3)],
        f"loss after {epochs} epoch{'s' * (epochs > 1)}": [spread(result.final_losses(i)) for i in range(3)],
        f"seconds to loss {target:.2f}": reach,
        "loss noise (RMS gap to the full loss)": [spread([runs[i].noise for runs in result.runs], 3)
                                                  for i in range(3)],
    }


def takeaway(result: BatchComparison) -> str:
    """Three bullet points from the numbers on screen: per epoch, per update, per second (Markdown)."""
    n, epochs = result.first[BATCH].batch_size, result.config.epochs
    mini = result.first[MINI].batch_size
    final = [result.final_losses(i) for i in range(3)]
    ranked = sorted(range(3), key=lambda i: final[i].mean())
    names = {BATCH: "the full batch", MINI: f"mini-batches of {mini}", STOCHASTIC: "stochastic steps (one image)"}
    best, second = ranked[0], ranked[1]
    if apart(final[best], final[second]):
        per_epoch = (f"**Per epoch** {names[best]} got lowest: after {epochs} epoch{'s' * (epochs > 1)} the loss "
                     f"was {spread(final[best])}, against {spread(final[second])} for {names[second]} and "
                     f"{spread(final[ranked[2]])} for {names[ranked[2]]}; one image per step takes {n:,} steps "
                     f"per epoch, the full batch one.")
    else:
        per_epoch = (f"**Per epoch** {names[best]} and {names[second]} ended within the spread over seeds "
                     f"({spread(final[best])} and {spread(final[second])}): inside the noise, no winner.")
    t = result.timings
    ratio = t[MINI].median / t[STOCHASTIC].median
    per_image = mini / ratio
    cost = (f"took {ratio:.1f}× as long as a step on one" if ratio >= 1.05 else "took no longer than a step on one")
    noise = "; their timings overlap, so the gap is inside the noise" if (
        t[MINI].low <= t[STOCHASTIC].high and ratio >= 1.05) else ""
    per_update = (f"**Per update**, timed on one thread of this server's CPU: a step on {mini} images {cost} "
                  f"({t[MINI].median * 1e3:.2f} against {t[STOCHASTIC].median * 1e3:.2f} ms{noise}) while it sees "
                  f"{mini}× as many images, so per image it is {per_image:.0f}× cheaper; a step on all {n:,} took "
                  f"{t[BATCH].median * 1e3:.2f} ms.")
    target = result.target
    times = [result.time_to(i, target) for i in range(3)]
    mini_t, sgd_t, full_t = times[MINI], times[STOCHASTIC], times[BATCH]
    full = ("the full batch never got there in its epochs" if np.isnan(full_t).any() else
            f"the full batch in {_seconds(float(np.mean(full_t)))}")
    if apart(mini_t, sgd_t):
        verdict = f"mini-batches got there first, {float(np.mean(sgd_t) / np.mean(mini_t)):.0f}× sooner"
    elif apart(sgd_t, mini_t):
        verdict = "stochastic steps got there first"
    else:
        verdict = "mini-batches and stochastic steps got there about as soon (inside the noise)"
    per_second = (f"**Per second**: to bring the loss down to {target:.2f}, mini-batches needed "
                  f"{_seconds(float(np.mean(mini_t)))}, stochastic steps {_seconds(float(np.mean(sgd_t)))} and "
                  f"{full}: {verdict}.")
    return "\n".join(f"- {line}" for line in (per_epoch, per_update, per_second))


def headline(result: BatchComparison) -> str:
    """The one-line takeaway, claimed only as far as this run's numbers show it."""
    mini, sgd = result.time_to(MINI, result.target), result.time_to(STOCHASTIC, result.target)
    ratio = result.timings[MINI].median / result.timings[STOCHASTIC].median
    size = result.first[MINI].batch_size
    noise = [np.mean([runs[i].noise for runs in result.runs]) for i in (MINI, STOCHASTIC)]
    if apart(mini, sgd):
        return (f"count epochs and the many small steps can win; count seconds, which is what training costs, and "
                f"mini-batches win: a step on {size} images took {ratio:.1f}× the time of a step on one, and the "
                f"loss it follows is {noise[1] / max(noise[0], 1e-12):.0f}× less noisy.")
    if apart(sgd, mini):
        return ("with these settings stochastic steps reached the loss sooner than mini-batches; try a larger "
                "learning rate or more images.")
    return "with these settings mini-batches and stochastic steps are inside the noise of each other on the clock."
