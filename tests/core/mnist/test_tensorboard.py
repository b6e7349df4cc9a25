"""The TensorBoard logs, read back with TensorBoard's own event reader."""
import io
import zipfile

import pandas as pd
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from core.data import load_digits_fallback
from core.mnist import compare, tensorboard
from core.mnist.lab import start_run
from core.mnist.runs import RunHistory
from core.models import ModelConfig
from core.train import TrainConfig

EVERYTHING = {"scalars": 0, "histograms": 0, "tensors": 0}


@pytest.fixture(scope="module")
def history():
    """Two MLPs at two learning rates and a CNN, each trained two epochs on the 8×8 digits."""
    data = load_digits_fallback()
    history = RunHistory()
    for model_cfg, lr in ((ModelConfig(hidden=(32,)), 1e-3), (ModelConfig(hidden=(32,)), 1e-2),
                          (ModelConfig(kind="cnn"), 1e-3)):
        run = start_run(model_cfg, TrainConfig(lr=lr, epochs=2, batch_size=32), data.subset(600), "cpu")
        history.keep(run)
        run.job.join(120)
    return history


def read(folder) -> EventAccumulator:
    events = EventAccumulator(str(folder), size_guidance=EVERYTHING)
    events.Reload()
    return events


def test_each_run_has_scalars_histograms_hparams_and_a_graph(history, tmp_path):
    for kept in history.runs:
        events = read(tensorboard.write_run(kept, tmp_path, side=8))
        tags = events.Tags()
        for tag in tensorboard.SCALARS:
            assert len(events.Scalars(tag)) >= 2, tag
        curve = kept.run.result.curve
        assert [e.value for e in events.Scalars("accuracy/validation")] == pytest.approx([p.val_acc for p in curve])
        assert events.Scalars("learning_rate")[0].value == pytest.approx(kept.run.train_cfg.lr)
        layers = len(kept.run.snapshots[0].layers)
        assert len(tags["histograms"]) == 2 * layers  # weights and gradients of every layer
        weights = events.Histograms("weights/layer1")
        assert [h.step for h in weights] == [0, 1, 2]  # before training and after each epoch
        assert weights[-1].histogram_value.num == kept.run.snapshots[-1].layers[0].weight_counts.sum()
        assert events.Scalars("hparam/test_accuracy")[0].value == pytest.approx(kept.run.result.test_acc)
        assert set(events.PluginTagToContent("hparams")) == {
            "_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info"}
        assert tags["graph"]


def test_the_zip_holds_one_folder_per_run_that_reads_back(history, tmp_path):
    data = tensorboard.logs_zip(history.runs[:2], side=8)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(tmp_path)
    folders = sorted(p for p in (tmp_path / "mnist_runs").iterdir())
    assert [f.name for f in folders] == ["run01_mlp_lr0.001", "run02_mlp_lr0.01"]
    for folder in folders:
        assert len(read(folder).Scalars("loss/validation")) >= 2


def test_comparison_tables_and_csv(history):
    table, differ = compare.side_by_side(history.runs[:2])
    assert differ == ["lr"] and list(table.columns) == ["run 1", "run 2"]
    _, differ3 = compare.side_by_side(history.runs)
    assert {"network", "kind", "lr"} <= set(differ3)
    csv = pd.read_csv(io.StringIO(compare.runs_csv(history.runs)))
    assert csv["run"].tolist() == [1, 2, 3] and csv["setting: lr"].tolist() == [1e-3, 1e-2, 1e-3]
    assert csv["test accuracy"].between(0, 1).all()
    fig = compare.overlay(history.runs, x="seconds")
    assert len(fig.data) == 6 and all(min(trace.x) >= 0 for trace in fig.data)
