"""Networks for image classification: a configurable MLP and a small CNN."""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from core import activations

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu")  # the MLP's menu: names in core.activations
INITS = ("default", "xavier", "he", "tiny")


@dataclass(frozen=True)
class ModelConfig:
    kind: str = "mlp"  # "mlp" or "cnn"
    hidden: tuple[int, ...] = (128,)  # MLP hidden widths; the tutorial's 784-128-10
    activation: str = "relu"  # one of ACTIVATIONS
    dropout: float = 0.0  # after each hidden activation
    batch_norm: bool = False  # before each hidden activation
    init: str = "default"  # "default" (PyTorch's), "xavier", "he" or "tiny" (a deliberate mistake)

    def describe(self, side: int = 28, classes: int = 10) -> str:
        if self.kind == "cnn":
            return "CNN: conv(16)-pool-conv(32)-pool-linear"
        widths = [side * side, *self.hidden, classes]
        return "MLP " + "-".join(map(str, widths)) + f" ({self.activation})"


def mlp(inputs: int, hidden: tuple[int, ...], classes: int, activation: str = "relu",
        dropout: float = 0.0, batch_norm: bool = False) -> nn.Sequential:
    """Flatten, then Linear → [BatchNorm] → activation → [Dropout] per hidden layer."""
    layers: list[nn.Module] = [nn.Flatten()]
    width = inputs
    for h in hidden:
        layers.append(nn.Linear(width, h))
        if batch_norm:
            layers.append(nn.BatchNorm1d(h))
        layers.append(activations.module(activation))
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = h
    layers.append(nn.Linear(width, classes))  # logits
    return nn.Sequential(*layers)


def small_cnn(side: int, classes: int) -> nn.Sequential:
    """conv-pool-conv-pool-linear: two 3×3 convolutions each halve the image."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (B, 16, side/2, side/2)
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (B, 32, side/4, side/4)
        nn.Flatten(),
        nn.Linear(32 * (side // 4) ** 2, classes),
    )


def initialise(model: nn.Module, scheme: str, activation: str = "relu") -> None:
    """Xavier keeps variance through tanh/sigmoid; He doubles it to make up for ReLU's zeros.

    "tiny" draws every weight from N(0, 0.01²): the classic bad start. Signals shrink
    layer by layer, every sigmoid sits at 0.5 and almost no gradient flows back.
    """
    if scheme == "default":
        return
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            if scheme == "xavier":
                nn.init.xavier_uniform_(m.weight)
            elif scheme == "he":
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            elif scheme == "tiny":
                nn.init.normal_(m.weight, std=0.01)
            else:
                raise ValueError(f"unknown initialisation {scheme!r}; choose from {INITS}")
            nn.init.zeros_(m.bias)


def build_model(cfg: ModelConfig, side: int = 28, classes: int = 10) -> nn.Module:
    if cfg.kind == "cnn":
        model = small_cnn(side, classes)
    elif cfg.kind == "mlp":
        model = mlp(side * side, cfg.hidden, classes, cfg.activation, cfg.dropout, cfg.batch_norm)
    else:
        raise ValueError(f"unknown model kind {cfg.kind!r}")
    initialise(model, cfg.init, cfg.activation)
    return model


def count_parameters(model: nn.Module) -> int:
    """Weights and biases that training changes."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


@torch.no_grad()
def predict_proba(model: nn.Module, x: torch.Tensor, batch: int = 512) -> torch.Tensor:
    """Softmax probabilities (N, classes), in eval mode, batch by batch.

    512 images at a time: the CNN's first feature maps for 4,096 would take 200 MB, twice over with the ReLU.
    """
    model.eval()
    return torch.cat([torch.softmax(model(x[i:i + batch]), 1) for i in range(0, len(x), batch)])
