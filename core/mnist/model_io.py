"""Keep and share a trained network: weights as safetensors, settings as JSON, curves as CSV.

Loading accepts weights only. A `.safetensors` file is a JSON header plus raw
numbers, so opening one can never run code. A classic `.pt` file is a Python
pickle, and unpickling can run arbitrary code; such files are opened only with
`torch.load(weights_only=True)`, whose restricted unpickler builds tensors and
plain containers and refuses everything else, before any of it runs.
"""
from __future__ import annotations

import dataclasses
import io
import json
import struct
from dataclasses import dataclass, field

import pandas as pd
import torch
from torch import nn

from core.models import ACTIVATIONS, INITS, ModelConfig, build_model
from core.train import Point

MAX_MODEL_BYTES = 20 * 1024 * 1024  # the largest network the page can train is about 12 MB
MAX_DEPTH, MAX_WIDTH = 3, 1024  # what the page's controls allow
FORMAT = "nnlab-mnist/1"


class ModelFileError(ValueError):
    """A file that cannot become a model; the message is meant for the visitor."""


@dataclass
class LoadedModel:
    model: nn.Module
    model_cfg: ModelConfig
    side: int
    classes: int
    file_format: str  # "safetensors" or "pt (weights only)"
    info: dict = field(default_factory=dict)  # the saved run's settings and metrics, when present
    notes: list[str] = field(default_factory=list)


def model_config_to_dict(cfg: ModelConfig) -> dict:
    d = dataclasses.asdict(cfg)
    d["hidden"] = list(cfg.hidden)
    return d


def model_config_from_dict(d: object) -> ModelConfig:
    """A ModelConfig from untrusted JSON, checked field by field."""
    if not isinstance(d, dict):
        raise ModelFileError("The model settings must be a JSON object.")
    kind = d.get("kind", "mlp")
    hidden = d.get("hidden", [128])
    activation = d.get("activation", "relu")
    dropout = d.get("dropout", 0.0)
    batch_norm = d.get("batch_norm", False)
    init = d.get("init", "default")
    if kind not in ("mlp", "cnn"):
        raise ModelFileError(f"Unknown network kind {str(kind)[:20]!r}; expected 'mlp' or 'cnn'.")
    if (not isinstance(hidden, (list, tuple)) or not 1 <= len(hidden) <= MAX_DEPTH
            or not all(isinstance(h, int) and not isinstance(h, bool) and 1 <= h <= MAX_WIDTH for h in hidden)):
        raise ModelFileError(f"Hidden layers must be 1 to {MAX_DEPTH} whole numbers between 1 and {MAX_WIDTH}.")
    if activation not in ACTIVATIONS:
        raise ModelFileError(f"Unknown activation {str(activation)[:20]!r}; expected one of {list(ACTIVATIONS)}.")
    if not isinstance(dropout, (int, float)) or isinstance(dropout, bool) or not 0 <= dropout < 1:
        raise ModelFileError("Dropout must be a number from 0 up to (not including) 1.")
    if not isinstance(batch_norm, bool):
        raise ModelFileError("batch_norm must be true or false.")
    if init not in INITS:
        init = "default"  # only matters before training
    return ModelConfig(kind, tuple(hidden), activation, float(dropout), batch_norm, init)


def run_info(model_cfg: ModelConfig, train_cfg, dataset: str, side: int, classes: int, mean: float, std: float,
             metrics: dict) -> dict:
    """Everything needed to rebuild and judge the network, as plain JSON values."""
    return {"format": FORMAT, "model": model_config_to_dict(model_cfg),
            "train": dataclasses.asdict(train_cfg) if train_cfg is not None else None,
            "dataset": dataset, "side": side, "classes": classes, "mean": mean, "std": std, "metrics": metrics}


def to_safetensors(model: nn.Module, info: dict) -> bytes:
    """The state_dict as safetensors, with the settings in the file's own metadata."""
    tensors = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    from safetensors.torch import save

    return save(tensors, metadata={"nnlab": json.dumps(info)})


def to_json(info: dict) -> str:
    return json.dumps(info, indent=2, allow_nan=True)


def to_csv(curve: list[Point]) -> str:
    """The training curve, one row per recorded point."""
    return pd.DataFrame([dataclasses.asdict(p) for p in curve]).to_csv(index=False)


def _safetensors_header(data: bytes) -> dict:
    """Read the JSON header: 8 bytes of little-endian length, then JSON. No code runs."""
    if len(data) < 8:
        raise ModelFileError("The file is too short to be a safetensors file.")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8 or n > 10_000_000:
        raise ModelFileError("This is not a safetensors file (its header length makes no sense).")
    try:
        header = json.loads(data[8:8 + n])
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelFileError("This is not a safetensors file (its header is not JSON).") from None
    if not isinstance(header, dict):
        raise ModelFileError("This is not a safetensors file.")
    return header


def _is_pickle(data: bytes) -> bool:
    """torch.save writes a zip archive holding a pickle; older files are a bare pickle (protocol 2+)."""
    return data[:4] == b"PK\x03\x04" or (data[:1] == b"\x80" and data[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"))


def read_tensors(data: bytes) -> tuple[dict[str, torch.Tensor], dict, str]:
    """(state_dict, embedded settings, format) from safetensors or weights-only .pt bytes."""
    if not data:
        raise ModelFileError("The file is empty.")
    if len(data) > MAX_MODEL_BYTES:
        raise ModelFileError(f"The file is {len(data) / 1e6:.1f} MB; saved models up to "
                             f"{MAX_MODEL_BYTES / 1e6:.0f} MB are accepted.")
    if _is_pickle(data):
        try:  # the restricted unpickler: tensors and plain containers only, nothing is called
            obj = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
        except Exception as err:
            raise ModelFileError(
                "Refused: this pickle file contains more than weights (code or objects that could run on "
                f"load), so it was not opened. Only plain state_dicts are accepted. ({type(err).__name__})"
            ) from None
        if not isinstance(obj, dict) or not obj or not all(isinstance(k, str) and isinstance(v, torch.Tensor)
                                                            for k, v in obj.items()):
            raise ModelFileError("The .pt file holds no state_dict (a dictionary of named tensors).")
        return dict(obj), {}, "pt (weights only)"
    header = _safetensors_header(data)
    from safetensors import SafetensorError
    from safetensors.torch import load

    try:
        tensors = load(data)
    except (SafetensorError, ValueError, RuntimeError) as err:
        raise ModelFileError(f"The safetensors file is damaged ({str(err)[:120]}).") from None
    meta = header.get("__metadata__") or {}
    try:
        info = json.loads(meta.get("nnlab", "{}")) if isinstance(meta, dict) else {}
    except json.JSONDecodeError:
        info = {}
    return tensors, info if isinstance(info, dict) else {}, "safetensors"


def infer_mlp_config(tensors: dict[str, torch.Tensor]) -> ModelConfig:
    """Guess an MLP's widths from its Linear weights (activation unknown: ReLU assumed)."""
    weights = [v for k, v in tensors.items() if k.endswith("weight") and v.ndim == 2]
    if len(weights) < 2:
        raise ModelFileError("Without its settings (JSON) this file's network cannot be rebuilt.")
    return ModelConfig(hidden=tuple(int(w.shape[0]) for w in weights[:-1]))


def load_model(data: bytes, config_text: str | bytes | None = None, side: int = 28, classes: int = 10,
               device: str = "cpu") -> LoadedModel:
    """Rebuild a saved network from weights (+ settings), checking every name and shape."""
    tensors, info, fmt = read_tensors(data)
    notes = []
    if config_text:
        try:
            info = json.loads(config_text)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ModelFileError("The settings file is not valid JSON.") from None
        if not isinstance(info, dict):
            raise ModelFileError("The settings file must hold a JSON object.")
    if "model" in info:
        cfg = model_config_from_dict(info["model"])
    else:
        cfg = infer_mlp_config(tensors)
        notes.append("No settings were found, so the layer widths were read from the weights and ReLU assumed.")
    if info.get("side", side) != side or info.get("classes", classes) != classes:
        raise ModelFileError(f"This network was trained on {info.get('side')}×{info.get('side')} images with "
                             f"{info.get('classes')} classes; the page now uses {side}×{side} and {classes}.")
    model = build_model(cfg, side, classes)
    try:
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as err:
        first = str(err).split("\n")[1:3]
        raise ModelFileError("The weights do not fit the network "
                             f"{cfg.describe(side, classes)}: " + " ".join(s.strip() for s in first)[:300]) from None
    if not all(torch.isfinite(v).all() for v in model.state_dict().values() if v.is_floating_point()):
        raise ModelFileError("The weights contain NaN or infinite values (was this a diverged run?).")
    model.eval()
    return LoadedModel(model.to(device), cfg, side, classes, fmt, info, notes)
