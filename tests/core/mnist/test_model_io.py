"""Saved networks reload with identical predictions; pickles that carry code are refused before they run."""
import io
import json
import pickle
from pathlib import Path

import pandas as pd
import pytest
import torch

from core.mnist import model_io
from core.models import ModelConfig, build_model
from core.train import Point, TrainConfig

CONFIGS = [ModelConfig(), ModelConfig(hidden=(32, 16), activation="tanh", dropout=0.3, batch_norm=True),
           ModelConfig(kind="cnn")]


def trained_like(cfg: ModelConfig) -> torch.nn.Module:
    torch.manual_seed(0)
    model = build_model(cfg)
    with torch.no_grad():  # move every parameter and BN statistic away from its initial value
        for t in model.state_dict().values():
            if t.is_floating_point():
                t.add_(torch.randn_like(t) * 0.05)
    return model.eval()


def info(cfg):
    return model_io.run_info(cfg, TrainConfig(), "MNIST", 28, 10, 0.1307, 0.3081, {"test_acc": 0.9})


@pytest.mark.parametrize("cfg", CONFIGS, ids=["tutorial", "mlp-bn-dropout", "cnn"])
def test_downloaded_safetensors_reloads_with_the_same_predictions(cfg):
    model = trained_like(cfg)
    x = torch.randn(64, 1, 28, 28)
    blob = model_io.to_safetensors(model, info(cfg))
    loaded = model_io.load_model(blob)  # the settings travel inside the file
    assert loaded.model_cfg == cfg and loaded.file_format == "safetensors"
    with torch.no_grad():
        assert torch.equal(model(x), loaded.model(x))
    assert loaded.info["metrics"]["test_acc"] == 0.9


def test_pt_state_dict_with_json_settings_reloads_identically():
    cfg = CONFIGS[1]
    model = trained_like(cfg)
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    loaded = model_io.load_model(buf.getvalue(), model_io.to_json(info(cfg)))
    assert loaded.file_format == "pt (weights only)"
    x = torch.randn(8, 1, 28, 28)
    with torch.no_grad():
        assert torch.equal(model(x), loaded.model(x))


def test_plain_pt_without_settings_is_rebuilt_from_its_shapes():
    model = trained_like(ModelConfig(hidden=(64, 32)))
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    loaded = model_io.load_model(buf.getvalue())
    assert loaded.model_cfg.hidden == (64, 32) and loaded.notes


class Payload:
    """An object whose unpickling runs code: here it would create a file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))  # opening for writing creates the file


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("wrap", ["torch.save", "pickle protocol 4", "pickle protocol 2"])
def test_malicious_pickle_is_refused_and_nothing_runs(tmp_path, wrap):
    marker = tmp_path / "pwned"
    evil = {"0.weight": torch.zeros(2, 2), "payload": Payload(marker)}
    if wrap == "torch.save":
        buf = io.BytesIO()
        torch.save(evil, buf)
        data = buf.getvalue()
    else:
        data = pickle.dumps(evil, protocol=int(wrap[-1]))
    pickle.loads(pickle.dumps(Payload(tmp_path / "control")))  # the payload does work when unpickled naively
    assert (tmp_path / "control").exists()
    with pytest.raises(model_io.ModelFileError, match="Refused"):
        model_io.load_model(data, model_io.to_json(info(ModelConfig())))
    assert not marker.exists()


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"\x00" * 4, "too short"),
    (b"\xff" * 100, "not a safetensors"),
    (b"x" * (model_io.MAX_MODEL_BYTES + 1), "MB"),
])
def test_garbage_files_get_a_clear_message(data, message):
    with pytest.raises(model_io.ModelFileError, match=message):
        model_io.load_model(data)


def test_mismatched_settings_and_bad_json_are_refused():
    blob = model_io.to_safetensors(trained_like(ModelConfig()), info(ModelConfig()))
    with pytest.raises(model_io.ModelFileError, match="do not fit"):
        model_io.load_model(blob, json.dumps({"model": {"hidden": [64]}}))
    with pytest.raises(model_io.ModelFileError, match="JSON"):
        model_io.load_model(blob, "{not json")
    for bad in ({"hidden": [10 ** 9]}, {"hidden": []}, {"activation": "os.system"}, {"kind": "rnn"},
                {"dropout": 2}, {"hidden": [True]}, "just a string"):
        with pytest.raises(model_io.ModelFileError):
            model_io.model_config_from_dict(bad)


def test_weights_with_nan_are_refused():
    model = trained_like(ModelConfig())
    with torch.no_grad():
        model[1].weight[0, 0] = float("nan")
    with pytest.raises(model_io.ModelFileError, match="NaN"):
        model_io.load_model(model_io.to_safetensors(model, info(ModelConfig())))


def test_metrics_csv_has_one_row_per_curve_point():
    curve = [Point(0.5, 1.0, 0.6, 0.9, 0.7, 1e-3, 5000.0), Point(1.0, 0.5, 0.8, 0.6, 0.8, 1e-3, 5100.0)]
    table = pd.read_csv(io.StringIO(model_io.to_csv(curve)))
    assert list(table.columns) == ["epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "examples_per_s"]
    assert table["val_acc"].tolist() == [0.7, 0.8]
