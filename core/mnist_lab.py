"""One visitor's MNIST training run: settings, the background job, and what it produced."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.data import Dataset
from core.jobs import JobGate, TrainingJob
from core.metrics import confusion_matrix
from core.models import ModelConfig, build_model, count_parameters, predict_proba
from core.train import TrainConfig, TrainResult, train


@dataclass
class MnistRun:
    """What `st.session_state["mnist_run"]` holds: enough to redraw the page after any rerun."""

    model_cfg: ModelConfig
    train_cfg: TrainConfig
    dataset_name: str
    device_name: str
    train_images: int
    parameters: int
    job: TrainingJob | None = None
    confusion: np.ndarray | None = None  # test-set confusion matrix, once training ends


def start_run(model_cfg: ModelConfig, train_cfg: TrainConfig, data: Dataset, device_name: str,
              gate: JobGate | None = None) -> MnistRun:
    """Build the seeded model on the data's device and train it in the background."""
    torch.manual_seed(train_cfg.seed)
    model = build_model(model_cfg, data.side, data.classes).to(data.train_x.device)

    run = MnistRun(model_cfg, train_cfg, data.name, device_name, len(data.train_y), count_parameters(model))

    def work(on_progress, should_stop) -> TrainResult:
        result = train(model, data, train_cfg, on_progress=on_progress, should_stop=should_stop)
        if result.status != "diverged":
            run.confusion = test_confusion(model, data)
        return result

    run.job = TrainingJob(work, gate).start()
    return run


def test_confusion(model: torch.nn.Module, data: Dataset) -> np.ndarray:
    """Confusion matrix of the model on the test split."""
    pred = predict_proba(model, data.test_x).argmax(1)
    return confusion_matrix(data.test_y, pred, data.classes).numpy()
