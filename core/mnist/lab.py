"""One visitor's MNIST lab: their network (trained or uploaded), pitfall runs and what each produced."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import torch
from torch import nn

from core.data import Dataset
from core.jobs import JobGate, TrainingJob
from core.mnist.inspection import Gallery, Snapshot, confident_mistakes, gallery, snapshot
from core.mnist.model_io import LoadedModel
from core.mnist.numpy_mlp import ScratchConfig
from core.mnist.pitfalls import Fix, Preset
from core.models import ModelConfig, build_model, count_parameters, predict_proba
from core.train import TrainConfig, TrainResult, evaluate, train

PROBE = 512  # training images whose gradient the histograms show
GALLERY = 12  # test images in the live gallery
DEFAULT_MODEL = ModelConfig()  # the tutorial's 784-128-10
DEFAULT_TRAIN = TrainConfig(epochs=1)
DEFAULT_IMAGES = 20_000  # a quick default: about 95% on the test set


@dataclass
class MnistRun:
    """A network and its history: enough to redraw every tab after any rerun."""

    model_cfg: ModelConfig
    train_cfg: TrainConfig | None
    dataset_name: str
    device_name: str
    train_images: int
    parameters: int
    job: TrainingJob | None = None  # while (and after) it trains in the background
    final: TrainResult | None = None  # a result that came without a job: a loaded file or the default model
    confusion: np.ndarray | None = None  # test-set confusion matrix, once training ends
    snapshots: list[Snapshot] = field(default_factory=list)  # epoch 0, 1, 2, …
    gallery: Gallery | None = None  # the latest epoch's test predictions
    mistakes: Gallery | None = None  # the test images it is most confidently wrong about, once trained
    origin: str = "trained here"  # or "uploaded: name.safetensors", "default"

    @property
    def result(self) -> TrainResult | None:
        return self.job.result if self.job is not None else self.final

    @property
    def training(self) -> bool:
        return self.job is not None and self.job.active

    @property
    def model(self) -> nn.Module | None:
        """The network once it stopped changing (finished, stopped or loaded); None while training or diverged."""
        result = self.result
        if self.training or result is None or result.status == "diverged":
            return None
        return result.model


@dataclass
class MnistLab:
    """What `st.session_state["mnist_lab"]` holds."""

    run: MnistRun | None = None  # the visitor's own network
    preset: str = ""  # the pitfall shown in the lab
    broken: MnistRun | None = None  # the preset as it is
    fix: str = ""
    fixed: MnistRun | None = None  # the same with one fix
    scratch: ScratchConfig | None = None  # the NumPy-vs-PyTorch race last asked for


def _probes(data: Dataset) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """A fixed training batch for gradients and a fixed handful of test images for the gallery."""
    return data.train_x[:PROBE], data.train_y[:PROBE], data.test_x[:GALLERY], data.test_y[:GALLERY]


def recorder(run: MnistRun, data: Dataset):
    """The trainer's `on_epoch` hook: weight/gradient histograms and the test gallery, into `run`."""
    px, py, gx, gy = _probes(data)

    def on_epoch(epoch: int, m: nn.Module) -> None:
        run.snapshots.append(snapshot(m, epoch, px, py))
        run.gallery = gallery(m, gx, gy, data, epoch)

    return on_epoch


def _trainer(run: MnistRun, model: nn.Module, data: Dataset, train_cfg: TrainConfig):
    """The work a job does: train, recording histograms and the gallery after every epoch."""
    px, py, gx, gy = _probes(data)

    def work(on_progress, should_stop) -> TrainResult:
        run.snapshots.append(snapshot(model, 0, px, py))
        result = train(model, data, train_cfg, on_progress=on_progress, should_stop=should_stop,
                       on_epoch=recorder(run, data))
        if result.status != "diverged":
            finish(run, model, data)
            if not run.gallery or result.status == "stopped":
                run.gallery = gallery(model, gx, gy, data, len(result.epoch_ends))
        return result

    return work


def new_run(model_cfg: ModelConfig, train_cfg: TrainConfig, data: Dataset, device_name: str,
            origin: str = "trained here") -> tuple[MnistRun, nn.Module]:
    torch.manual_seed(train_cfg.seed)
    model = build_model(model_cfg, data.side, data.classes).to(data.train_x.device)
    run = MnistRun(model_cfg, train_cfg, data.name, device_name, len(data.train_y), count_parameters(model),
                   origin=origin)
    return run, model


def start_run(model_cfg: ModelConfig, train_cfg: TrainConfig, data: Dataset, device_name: str,
              gate: JobGate | None = None) -> MnistRun:
    """Build the seeded model on the data's device and train it in the background."""
    run, model = new_run(model_cfg, train_cfg, data, device_name)
    run.job = TrainingJob(_trainer(run, model, data, train_cfg), gate).start()
    return run


def default_run(data: Dataset, device_name: str) -> MnistRun:
    """The quickly trained default network (no thread: the caller caches it for everyone, read-only)."""
    sub = data.subset(DEFAULT_IMAGES, DEFAULT_TRAIN.seed)
    run, model = new_run(DEFAULT_MODEL, DEFAULT_TRAIN, sub, device_name, origin="default")
    run.final = _trainer(run, model, sub, DEFAULT_TRAIN)(None, None)
    return run


def pitfall_data(preset: Preset, data: Dataset) -> Dataset:
    """The preset's seeded training subset, with a shorter validation split to keep the lab quick."""
    sub = data.subset(preset.images, preset.train.seed)
    return replace(sub, val_x=sub.val_x[:preset.val_images], val_y=sub.val_y[:preset.val_images])


def start_pitfall(preset: Preset, fix: Fix | None, data: Dataset, device_name: str,
                  gate: JobGate | None = None) -> MnistRun:
    """Train the preset as it is (fix=None) or with one fix, in the background."""
    model_cfg, train_cfg = (preset.model, preset.train) if fix is None else (fix.model, fix.train)
    return start_run(model_cfg, train_cfg, pitfall_data(preset, data), device_name, gate)


def loaded_run(loaded: LoadedModel, data: Dataset, device_name: str, name: str) -> MnistRun:
    """An uploaded network, tested like a trained one."""
    model = loaded.model.to(data.test_x.device)
    test_loss, test_acc = evaluate(model, data.test_x, data.test_y)
    result = TrainResult(model, [], "loaded", f"Loaded {name} ({loaded.file_format}).", 0.0, 0,
                         test_loss=test_loss, test_acc=test_acc)
    run = MnistRun(loaded.model_cfg, None, data.name, device_name, 0, count_parameters(model), final=result,
                   origin=f"uploaded: {name}")
    finish(run, model, data)
    px, py, gx, gy = _probes(data)
    run.snapshots.append(snapshot(model, 0, px, py))
    run.gallery = gallery(model, gx, gy, data)
    return run


def finish(run: MnistRun, model: nn.Module, data: Dataset) -> None:
    """What the evaluation tab shows, computed once when training ends."""
    run.confusion = test_confusion(model, data)
    run.mistakes = confident_mistakes(model, data.test_x, data.test_y, data)


def test_confusion(model: torch.nn.Module, data: Dataset) -> np.ndarray:
    """Confusion matrix of the model on the test split: (classes, classes) counts, row = true digit,
    column = predicted digit (scikit-learn's convention). A perfect classifier puts everything on the diagonal.
    """
    from sklearn.metrics import confusion_matrix

    pred = predict_proba(model, data.test_x).argmax(1)
    return confusion_matrix(data.test_y.cpu().numpy(), pred.cpu().numpy(), labels=np.arange(data.classes))


def precision_recall(cm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per class, from a confusion matrix: precision = TP / predicted as the class; recall = TP / truly the class.

    1 is ideal for both; a class never predicted (or never present) gets 0 instead of 0 / 0.
    """
    tp = np.diag(cm).astype(np.float64)
    return tp / np.maximum(cm.sum(0), 1), tp / np.maximum(cm.sum(1), 1)
