"""Text alternatives for the MNIST charts: each chart's takeaway in words, computed from its numbers,
and the small table of numbers behind it (shown under "Show as table")."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.mnist.inspection import Gallery, Snapshot
from core.train import Point


def epoch_points(curve: Sequence[Point], epoch_ends: Sequence[int] | None = None) -> list[Point]:
    """The curve at each epoch's end (or, without them, at most 30 evenly spread points)."""
    if epoch_ends:
        return [curve[i] for i in epoch_ends if 0 <= i < len(curve)]
    step = max(1, -(-len(curve) // 30))
    return list(curve[::step]) + ([curve[-1]] if curve and (len(curve) - 1) % step else [])


def curves_caption(curve: Sequence[Point]) -> str:
    if not curve:
        return "No points yet: the curves appear with the first steps."
    first, last = curve[0], curve[-1]
    gap = last.train_acc - last.val_acc
    return (f"Loss (left) and accuracy (right) over {last.epoch:.1f} epochs; training solid with circles, "
            f"validation dashed with diamonds. The validation loss went from {first.val_loss:.2f} to "
            f"{last.val_loss:.2f} and validation accuracy reached {last.val_acc:.1%}"
            + (f", {gap:.1%} below training: some memorising." if gap > 0.02 else
               ", close to training: no sign of memorising."))


def curves_table(curve: Sequence[Point], epoch_ends: Sequence[int] | None = None) -> pd.DataFrame:
    return pd.DataFrame([{"epoch": round(p.epoch, 2), "training loss": round(p.train_loss, 4),
                          "validation loss": round(p.val_loss, 4), "training accuracy": round(p.train_acc, 4),
                          "validation accuracy": round(p.val_acc, 4)} for p in epoch_points(curve, epoch_ends)])


def gallery_caption(g: Gallery, what: str = "test digits") -> str:
    wrong = ~g.correct
    said = ", ".join(f"a {t} read as {p} ({q:.0%} sure)" for t, p, q in
                     zip(g.labels[wrong][:4], g.top_classes[wrong, 0][:4], g.top_probs[wrong, 0][:4], strict=True))
    return (f"{len(g.labels)} {what}, each with the network's three most probable digits: "
            f"{int(g.correct.sum())} read right, {int(wrong.sum())} wrong" + (f" ({said})." if said else "."))


def gallery_table(g: Gallery) -> pd.DataFrame:
    return pd.DataFrame({"true digit": g.labels.astype(int), "read as": g.top_classes[:, 0].astype(int),
                         "probability": np.round(g.top_probs[:, 0], 3), "right": g.correct})


def confusion_caption(cm: np.ndarray) -> str:
    off = cm.copy()
    np.fill_diagonal(off, 0)
    true, pred = np.unravel_index(int(off.argmax()), off.shape)
    return (f"Confusion matrix of {int(cm.sum()):,} test digits, rows the true digit, columns the prediction: "
            f"{int(np.trace(cm)):,} on the diagonal are right, {int(off.sum()):,} are mistakes; the commonest "
            f"mistake is a {true} read as {pred} ({int(off[true, pred])} times).")


def confusion_table(cm: np.ndarray) -> pd.DataFrame:
    digits = [str(d) for d in range(len(cm))]
    return pd.DataFrame(cm.astype(int), index=pd.Index(digits, name="true digit"),
                        columns=[f"read as {d}" for d in digits])


def precision_recall_caption(precision: np.ndarray, recall: np.ndarray) -> str:
    lo_p, lo_r = int(np.argmin(precision)), int(np.argmin(recall))
    return (f"Precision (solid) and recall (hatched) per digit, from {precision.min():.0%} to {precision.max():.0%} "
            f"and {recall.min():.0%} to {recall.max():.0%}: its guesses of {lo_p} are least often right, "
            f"and it misses {lo_r}s most.")


def precision_recall_table(precision: np.ndarray, recall: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"digit": range(len(precision)), "precision": np.round(precision, 4),
                         "recall": np.round(recall, 4)})


def gradient_norms_caption(snapshots: Sequence[Snapshot]) -> str:
    last = snapshots[-1]
    norms = [h.grad_norm for h in last.layers]
    smallest = int(np.argmin(norms))
    return (f"Each layer's gradient norm per epoch on a log scale. After epoch {last.epoch} they run from "
            f"{min(norms):.2g} ({last.layers[smallest].layer}) to {max(norms):.2g}; a layer decades below the "
            "others would have stopped learning.")


def gradient_norms_table(snapshots: Sequence[Snapshot]) -> pd.DataFrame:
    return pd.DataFrame([{"epoch": s.epoch, **{h.layer: float(f"{h.grad_norm:.4g}") for h in s.layers}}
                         for s in snapshots])


def histogram_caption(snapshots: Sequence[Snapshot], layer: int, epoch: int) -> str:
    first, shown = snapshots[0].layers[layer], next(s for s in snapshots if s.epoch == epoch).layers[layer]
    return (f"{shown.layer}: one ridge per epoch, weights left and gradients right. The weights' spread (standard "
            f"deviation) went from {first.weight_std:.3g} before training to {shown.weight_std:.3g} at epoch "
            f"{epoch}; the gradients stay piled up near zero, which is normal.")


def histogram_table(snapshots: Sequence[Snapshot], layer: int) -> pd.DataFrame:
    return pd.DataFrame([{"epoch": s.epoch, "weight std": float(f"{s.layers[layer].weight_std:.4g}"),
                          "gradient norm": float(f"{s.layers[layer].grad_norm:.4g}")} for s in snapshots])


def probability_caption(probs: np.ndarray) -> str:
    order = np.argsort(probs)[::-1]
    return (f"The network's probability for each digit: {order[0]} at {probs[order[0]]:.0%}, then {order[1]} at "
            f"{probs[order[1]]:.0%}.")


def probability_table(probs: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"digit": range(len(probs)), "probability": np.round(probs, 4)})


def activation_caption(name: str, act: np.ndarray) -> str:
    active = int((act > 1e-6).sum())
    top = np.argsort(act)[::-1][:3]
    return (f"{name}: {active} of {len(act)} neurons respond to this digit (above 0); the strongest are "
            + ", ".join(f"#{i} ({act[i]:.2f})" for i in top) + ".")


def scratch_caption(torch_losses: Sequence[float], numpy_losses: Sequence[float]) -> str:
    gap = np.abs(np.subtract(torch_losses, numpy_losses))
    return (f"Loss per step for PyTorch (thick) and NumPy (dotted), {len(gap)} steps from {torch_losses[0]:.2f} "
            f"to {torch_losses[-1]:.2f}: the two lines lie on top of each other. Right: their difference, at most "
            f"{gap.max():.1e}, float32 rounding.")


def scratch_table(torch_losses: Sequence[float], numpy_losses: Sequence[float], rows: int = 40) -> pd.DataFrame:
    step = max(1, math.ceil(len(torch_losses) / rows))
    idx = list(range(0, len(torch_losses), step))
    return pd.DataFrame({"step": [i + 1 for i in idx], "PyTorch loss": [round(torch_losses[i], 6) for i in idx],
                         "NumPy loss": [round(numpy_losses[i], 6) for i in idx]})
