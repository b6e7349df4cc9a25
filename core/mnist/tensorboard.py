"""Kept runs as real TensorBoard logs: one folder per run, written by `torch.utils.tensorboard.SummaryWriter`.

Each folder holds what TensorBoard shows for a run:
- scalars per logged step: train and validation loss and accuracy, the learning rate, images per second;
- histograms per layer per epoch of the weights and of their gradients (the Inside-the-model tab's data);
- the hyperparameters with the final test metrics (the HPARAMS dashboard);
- the model graph, where tracing the network works.

`tensorboard --logdir <unzipped folder>` shows every run side by side.
"""
from __future__ import annotations

import dataclasses
import io
import math
import tempfile
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch.utils.tensorboard import SummaryWriter
from torch.utils.tensorboard.summary import hparams

from core.mnist.inspection import Snapshot
from core.mnist.runs import KeptRun

SCALARS = {  # TensorBoard tag: the curve point's field
    "loss/train": "train_loss",
    "loss/validation": "val_loss",
    "accuracy/train": "train_acc",
    "accuracy/validation": "val_acc",
    "learning_rate": "lr",
    "images_per_second": "examples_per_s",
}


def folder_name(kept: KeptRun) -> str:
    """A run's folder: its number, network kind and learning rate, so TensorBoard's run list reads."""
    cfg, train_cfg = kept.run.model_cfg, kept.run.train_cfg
    lr = f"_lr{train_cfg.lr:g}" if train_cfg is not None else ""
    return f"run{kept.number:02d}_{cfg.kind}{lr}"


def steps_per_epoch(kept: KeptRun) -> int:
    train_cfg = kept.run.train_cfg
    if train_cfg is None or not kept.run.train_images:
        return 1
    return max(1, math.ceil(kept.run.train_images / min(train_cfg.batch_size, kept.run.train_images)))


def hyperparameters(kept: KeptRun) -> dict[str, float | int | str | bool]:
    """The run's settings, flat, as TensorBoard's HPARAMS dashboard takes them."""
    run = kept.run
    hp: dict[str, float | int | str | bool] = {"network": run.model_cfg.describe(), "images": run.train_images,
                                               "parameters": run.parameters}
    for name, value in dataclasses.asdict(run.model_cfg).items():
        hp[f"model.{name}"] = "-".join(map(str, value)) if isinstance(value, tuple) else value
    if run.train_cfg is not None:
        hp.update({f"train.{name}": value for name, value in dataclasses.asdict(run.train_cfg).items()})
    return hp


def final_metrics(kept: KeptRun) -> dict[str, float]:
    result = kept.run.result
    last = result.curve[-1] if result and result.curve else None
    return {"hparam/test_accuracy": result.test_acc if result else float("nan"),
            "hparam/test_loss": result.test_loss if result else float("nan"),
            "hparam/val_accuracy": last.val_acc if last else float("nan"),
            "hparam/seconds": result.seconds if result else float("nan")}


def _histogram(writer: SummaryWriter, tag: str, counts: np.ndarray, edges: np.ndarray, step: int) -> None:
    """A histogram kept as bin counts; its sum and sum of squares are taken at the bin centres."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.sum() <= 0:
        return
    centres = (edges[:-1] + edges[1:]) / 2
    writer.add_histogram_raw(tag, min=float(edges[0]), max=float(edges[-1]), num=int(counts.sum()),
                             sum=float((counts * centres).sum()), sum_squares=float((counts * centres**2).sum()),
                             bucket_limits=edges[1:].tolist(), bucket_counts=counts.tolist(), global_step=step)


def _histograms(writer: SummaryWriter, snapshots: Sequence[Snapshot]) -> None:
    for snap in snapshots:
        for i, h in enumerate(snap.layers, 1):
            _histogram(writer, f"weights/layer{i}", h.weight_counts, h.weight_edges, snap.epoch)
            _histogram(writer, f"gradients/layer{i}", h.grad_counts, h.grad_edges, snap.epoch)


def _graph(writer: SummaryWriter, model: torch.nn.Module, side: int) -> bool:
    """The model graph, traced on one blank image; False where tracing fails."""
    try:
        device = next(model.parameters()).device
        was_training = model.training
        model.eval()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # add_graph traces with torch.jit.trace
            writer.add_graph(model, torch.zeros(1, 1, side, side, device=device))
        model.train(was_training)
        return True
    except Exception:  # a graph is a bonus: some networks do not trace
        return False


def write_run(kept: KeptRun, logdir: Path, side: int = 28) -> Path:
    """Write one kept run's event file into `logdir / folder_name(kept)`; returns that folder."""
    folder = Path(logdir) / folder_name(kept)
    result = kept.run.result
    per_epoch = steps_per_epoch(kept)
    with SummaryWriter(log_dir=str(folder)) as writer:
        for point in result.curve if result else []:
            step = round(point.epoch * per_epoch)  # the optimizer step the point closed on
            for tag, name in SCALARS.items():
                value = getattr(point, name)
                if math.isfinite(value):
                    writer.add_scalar(tag, value, step)
        _histograms(writer, kept.run.snapshots)
        metrics = final_metrics(kept)
        for summary in hparams(hyperparameters(kept), metrics):
            writer.file_writer.add_summary(summary)  # into this folder, not a subfolder as add_hparams does
        for tag, value in metrics.items():
            if math.isfinite(value):
                writer.add_scalar(tag, value, 0)
        if result is not None and result.model is not None:
            _graph(writer, result.model, side)
    return folder


def logs_zip(runs: Sequence[KeptRun], side: int = 28) -> bytes:
    """A zip of TensorBoard logs: one folder per run (runs that are still training are left out)."""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        root = Path(tmp) / "mnist_runs"
        for kept in runs:
            if not kept.training and kept.run.result is not None:
                write_run(kept, root, side)
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(tmp).as_posix())
    return buffer.getvalue()
