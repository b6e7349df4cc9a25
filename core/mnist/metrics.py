"""Classification metrics over label tensors."""
from __future__ import annotations

import torch


def confusion_matrix(y_true: torch.Tensor, y_pred: torch.Tensor, classes: int) -> torch.Tensor:
    """(classes, classes) counts: row = true class, column = predicted class.

    A perfect classifier puts everything on the diagonal.
    """
    idx = y_true.to(torch.long).cpu() * classes + y_pred.to(torch.long).cpu()
    return torch.bincount(idx, minlength=classes * classes).reshape(classes, classes)


def precision_recall(cm: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per class: precision = TP / predicted as the class; recall = TP / truly the class (1 is ideal)."""
    tp = cm.diag().double()
    return tp / cm.sum(0).clamp(min=1), tp / cm.sum(1).clamp(min=1)
