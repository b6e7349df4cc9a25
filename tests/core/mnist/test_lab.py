"""The evaluation tab's numbers: the test confusion matrix and per-class precision and recall."""
import numpy as np
import torch

from core.data import load_digits_fallback
from core.mnist import lab
from core.models import ModelConfig, build_model, predict_proba


def test_confusion_counts_true_rows_against_predicted_columns():
    data = load_digits_fallback()
    torch.manual_seed(0)
    model = build_model(ModelConfig(hidden=(16,)), side=8)  # untrained: plenty of mistakes to count
    cm = lab.test_confusion(model, data)
    pred = predict_proba(model, data.test_x).argmax(1).numpy()
    reference = np.zeros((10, 10), int)
    np.add.at(reference, (data.test_y.numpy(), pred), 1)  # by hand: one count per (true, predicted) pair
    assert cm.shape == (10, 10) and np.array_equal(cm, reference) and cm.sum() == len(data.test_y)


def test_precision_and_recall_hand_worked_and_against_scikit_learn():
    from sklearn.metrics import confusion_matrix, precision_score, recall_score

    cm = np.array([[3, 1, 0], [0, 2, 0], [1, 1, 0]])  # class 2 is never predicted
    precision, recall = lab.precision_recall(cm)
    assert np.allclose(precision, [3 / 4, 2 / 4, 0]) and np.allclose(recall, [3 / 4, 1, 0])
    rng = np.random.default_rng(0)
    y, p = rng.integers(0, 5, 200), rng.integers(0, 5, 200)
    precision, recall = lab.precision_recall(confusion_matrix(y, p))
    assert np.allclose(precision, precision_score(y, p, average=None))
    assert np.allclose(recall, recall_score(y, p, average=None))
