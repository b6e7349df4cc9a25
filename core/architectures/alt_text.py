"""Every chart of the lesson in words and in numbers: its takeaway as a sentence, and a small table behind it.

A learner who cannot see a chart (or would rather read it) gets the same point from these: each
sentence is written from the numbers the chart draws, never a fixed description of what it should show.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from core.architectures.capacity import CapacityPoint, by_network
from core.architectures.compare import KindSummary
from core.architectures.playground import EpochStats
from core.architectures.points import FEATURE_LABELS
from core.architectures.views import Snapshot

TABLE_ROWS = 20  # a table behind a long curve keeps about this many epochs


def _score(task: str, value: float) -> str:
    return f"{value:.3f}" if task == "regression" else f"{value:.1%}"


def splits_table(task: str, now: EpochStats, points: dict[str, int]) -> list[dict]:
    """The numbers behind the boundary: each split's size, loss and accuracy (or R²)."""
    name = "R²" if task == "regression" else "accuracy"
    rows = [{"split": "train", "points": points["train"], "loss": round(now.train_loss, 4),
             name: round(now.train_score, 4)}]
    if points.get("validation"):
        rows.append({"split": "validation", "points": points["validation"], "loss": round(now.val_loss, 4),
                     name: None})
    rows.append({"split": "test", "points": points["test"], "loss": round(now.test_loss, 4),
                 name: round(now.test_score, 4)})
    return rows


def boundary_caption(task: str, now: EpochStats, test_points: int) -> str:
    """What the picture of the output over the plane shows, with its numbers."""
    when = "The untrained network" if now.epoch == 0 else f"After {now.epoch:,} epochs the network"
    if task == "regression":
        return (f"{when}'s output over the plane, from orange (−1) to blue (+1), with the points coloured by "
                f"their target: R² {now.test_score:.3f} on the {test_points} test points "
                f"(1 is a perfect fit, 0 no better than their mean).")
    sides = "its class's colour" if task == "multiclass" else "the side of its class (blue class 1, orange class 0)"
    return (f"{when} colours the plane by the class it predicts there; {now.test_score:.1%} of the {test_points} "
            f"test points and {now.train_score:.1%} of the training points lie on {sides}.")


def diagram_caption(snap: Snapshot, features: Sequence[str]) -> str:
    """How many weights, of which sign, and the strongest one."""
    weights = np.concatenate([w.ravel() for w in snap.weights])
    positive = int((weights > 0).sum())
    layer, out_j, in_j = max(((k, *np.unravel_index(np.abs(w).argmax(), w.shape)) for k, w in enumerate(snap.weights)
                              if w.size), key=lambda t: abs(snap.weights[t[0]][t[1], t[2]]))
    names = _layer_names(len(snap.weights))
    source = FEATURE_LABELS.get(features[in_j], features[in_j]) if layer == 0 else f"{names[layer]} neuron {in_j + 1}"
    target = f"{names[layer + 1]} neuron {out_j + 1}" if layer + 1 < len(snap.weights) else "the output"
    strongest = snap.weights[layer][out_j, in_j]
    hidden = len(snap.weights) - 1
    return (f"{hidden} hidden layer{'s' if hidden != 1 else ''} and {weights.size:,} weights: {positive:,} positive "
            f"(blue, solid) and {weights.size - positive:,} negative (orange, dashed). The strongest, "
            f"{strongest:+.2f}, runs from {source} to {target}.")


def diagram_table(snap: Snapshot) -> list[dict]:
    """Per layer of weights: how many, their signs, and their sizes."""
    names = _layer_names(len(snap.weights))
    return [{"weights": f"{names[k]} → {names[k + 1]}", "count": int(w.size), "positive": int((w > 0).sum()),
             "negative": int((w <= 0).sum()), "largest |w|": round(float(np.abs(w).max()), 3),
             "mean |w|": round(float(np.abs(w).mean()), 3)} for k, w in enumerate(snap.weights)]


def _layer_names(weight_layers: int) -> list[str]:
    return ["inputs", *[f"layer {i}" for i in range(1, weight_layers)], "output"]


def mosaic_caption(snap: Snapshot) -> str:
    """What the small images show (they are pictures: the caption says what is in them)."""
    rows = ", ".join(f"{name} ({len(images)})" for name, images in zip(snap.layer_names, snap.layers, strict=True))
    return ("Images: each small square is one neuron's output over the same plane as the picture above (x₁ across, "
            "x₂ up), scaled by its own largest value: blue where it is positive, orange where negative, the page's "
            f"colour near zero. One row per layer: {rows}.")


def curves_caption(history: Sequence[EpochStats], task: str) -> str:
    """Where the losses ended, and whether the test loss turned back up: the overfitting signal."""
    last = history[-1]
    lowest = min(history, key=lambda h: h.test_loss if math.isfinite(h.test_loss) else math.inf)
    score = "R²" if task == "regression" else "accuracy"
    text = (f"After {last.epoch:,} epochs: train loss {last.train_loss:.3f}, test loss {last.test_loss:.3f} "
            f"(test − train {last.test_loss - last.train_loss:+.3f}); test {score} {_score(task, last.test_score)}.")
    if lowest.epoch != last.epoch and last.test_loss > 1.1 * lowest.test_loss:
        text += (f" The test loss was lowest at epoch {lowest.epoch:,} ({lowest.test_loss:.3f}) and has risen since "
                 "while the train loss went on falling: the network is learning its training points' noise.")
    else:
        text += " The test loss has not turned back up."
    return text


def curves_table(history: Sequence[EpochStats], task: str, rows: int = TABLE_ROWS) -> list[dict]:
    """About `rows` evenly spaced epochs of the curves (always the first and the last)."""
    history = list(history)
    picked = sorted({round(i) for i in np.linspace(0, len(history) - 1, min(rows, len(history)))})
    name = "R²" if task == "regression" else "accuracy"
    with_val = not math.isnan(history[0].val_loss)
    return [{"epoch": h.epoch, "train loss": round(h.train_loss, 4), "test loss": round(h.test_loss, 4),
             **({"validation loss": round(h.val_loss, 4)} if with_val else {}),
             f"train {name}": round(h.train_score, 4), f"test {name}": round(h.test_score, 4)}
            for h in (history[i] for i in picked)]


HEAD_POINTS = (0.01, 0.1, 0.5, 0.9, 0.99)  # p̂ at which the head's loss is tabled
MISSES = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0)


def head_loss_table(task: str) -> list[dict]:
    """The numbers behind the head's loss curve, at a few points."""
    if task == "regression":
        return [{"miss ŷ − y": m, "loss (ŷ − y)²": m * m} for m in MISSES]
    if task == "binary":
        return [{"p̂ = P(blue)": f"{p:.0%}", "loss if the point is blue": round(-math.log(p), 3),
                 "loss if it is orange": round(-math.log(1 - p), 3)} for p in HEAD_POINTS]
    return [{"p̂ of the true class": f"{p:.0%}", "loss −log p̂": round(-math.log(p), 3)} for p in HEAD_POINTS]


def head_loss_caption(task: str) -> str:
    if task == "regression":
        return "The squared miss: a miss of 0.5 costs 0.25, of 1 costs 1, of 2 costs 4, so large misses dominate."
    what = "a blue point" if task == "binary" else "the true class"
    return (f"The loss for {what} is −log p̂: {-math.log(0.99):.2f} when the network gives it 99%, "
            f"{-math.log(0.5):.2f} at 50% and {-math.log(0.01):.1f} at 1%: a confident wrong answer costs most.")


def capacity_caption(points: Sequence[CapacityPoint], current_parameters: int, regression: bool) -> str:
    """The sweep's two curves, in numbers: the smallest, the best and the largest network."""
    nets = by_network(points)
    best = min(nets, key=lambda n: n.test_mean)
    fmt = (lambda e: f"{e:.3f}") if regression else (lambda e: f"{e:.1%}")
    error = "MSE" if regression else "error"
    ends = " · ".join(f"hidden {n.label} ({n.parameters:,} parameters): train {fmt(n.train_mean)}, test "
                      f"{fmt(n.test_mean)}" for n in (nets[0], best, nets[-1]))
    return (f"Train and test {error} of {len(nets)} networks from {nets[0].parameters:,} to {nets[-1].parameters:,} "
            f"parameters, each the mean over {len(nets[0].test)} seeds. Smallest, best and largest: {ends}. "
            f"Your Playground network has {current_parameters:,} parameters (the dotted line).")


def capacity_table(points: Sequence[CapacityPoint], regression: bool) -> list[dict]:
    fmt = (lambda e: f"{e:.3f}") if regression else (lambda e: f"{e:.1%}")
    error = "MSE" if regression else "error"
    return [{"hidden layers": n.label, "parameters": n.parameters, f"train {error}": fmt(n.train_mean),
             f"test {error}": fmt(n.test_mean), "test, each seed": " · ".join(fmt(e) for e in n.test)}
            for n in by_network(points)]


def compare_caption(kinds: Sequence[KindSummary]) -> str:
    """The three panels, in numbers."""
    def each(attr, fmt):
        return ", ".join(f"{k.short} {fmt(getattr(k, attr))}" for k in kinds)

    seeds = max(len(k.accuracies) for k in kinds)
    return (f"Parameters: {each('parameters', lambda v: f'{v:,}')}. Seconds per epoch (median of {seeds} seeds): "
            f"{each('seconds_per_epoch', lambda v: f'{v:.2f}')}. Test accuracy (mean of {seeds} seeds): "
            f"{each('accuracy', lambda v: f'{v:.1%}')}.")


def compare_table(kinds: Sequence[KindSummary]) -> list[dict]:
    return [{"network": k.name, "parameters": k.parameters, "seconds per epoch": round(k.seconds_per_epoch, 2),
             "test accuracy": f"{k.accuracy:.2%}", "over the seeds": f"{k.low:.1%}–{k.high:.1%}"} for k in kinds]
