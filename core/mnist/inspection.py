"""Look inside a trained network: histograms, learnt weights, activations, saliency, predictions.

Everything here reads a model without changing it: evaluation mode, no
parameter gradients written (input and parameter gradients come from
`torch.autograd.grad`), results returned as NumPy arrays on the CPU.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core import activations, models
from core.data import Dataset


@dataclass
class LayerHistogram:
    layer: str  # "layer 1 · Linear 784→128"
    weight_counts: np.ndarray  # (bins,)
    weight_edges: np.ndarray  # (bins + 1,)
    grad_counts: np.ndarray
    grad_edges: np.ndarray
    weight_std: float
    grad_norm: float  # L2 norm of the layer's weight gradient


@dataclass
class Snapshot:
    """One epoch's view of every weight layer, TensorBoard-style."""

    epoch: int  # 0 = before training
    layers: list[LayerHistogram]


@dataclass
class Gallery:
    """Test images with the model's three most probable digits."""

    epoch: int
    images: np.ndarray  # (n, side, side) pixels in 0..1
    labels: np.ndarray  # (n,) true digits
    top_classes: np.ndarray  # (n, k) most probable first
    top_probs: np.ndarray  # (n, k)

    @property
    def correct(self) -> np.ndarray:
        return self.top_classes[:, 0] == self.labels


def weight_layers(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """The Linear and Conv2d layers, in order, with names a learner can read."""
    found = [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    names = []
    for i, m in enumerate(found, 1):
        shape = (f"Linear {m.in_features}→{m.out_features}" if isinstance(m, nn.Linear)
                 else f"Conv {m.in_channels}→{m.out_channels} ({m.kernel_size[0]}×{m.kernel_size[1]})")
        names.append((f"layer {i} · {shape}", m))
    return names


def weight_gradients(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> list[torch.Tensor]:
    """d loss / d weight for every weight layer on one batch, without touching `.grad` (eval mode)."""
    model.eval()
    weights = [m.weight for _, m in weight_layers(model)]
    with torch.enable_grad():
        loss = F.cross_entropy(model(x), y)
        return list(torch.autograd.grad(loss, weights, allow_unused=True))


def _hist(t: torch.Tensor, bins: int) -> tuple[np.ndarray, np.ndarray]:
    v = t.detach().float().flatten().cpu()
    v = v[torch.isfinite(v)]
    if v.numel() == 0:
        return np.zeros(bins), np.linspace(-1, 1, bins + 1)
    lo, hi = v.min().item(), v.max().item()
    if hi - lo < 1e-12:
        lo, hi = lo - 1e-6, hi + 1e-6
    counts, edges = torch.histogram(v, bins=bins, range=(lo, hi))
    return counts.numpy(), edges.numpy()


@torch.no_grad()
def snapshot(model: nn.Module, epoch: int, probe_x: torch.Tensor, probe_y: torch.Tensor,
             bins: int = 40) -> Snapshot:
    """Weight and gradient histograms per layer; gradients on a fixed probe batch of training images."""
    grads = weight_gradients(model, probe_x, probe_y)
    layers = []
    for (name, m), g in zip(weight_layers(model), grads, strict=True):
        g = torch.zeros_like(m.weight) if g is None else g
        wc, we = _hist(m.weight, bins)
        gc, ge = _hist(g, bins)
        layers.append(LayerHistogram(name, wc, we, gc, ge, m.weight.float().std().item(), g.float().norm().item()))
    return Snapshot(epoch, layers)


def first_layer_weights(model: nn.Module, side: int, units: int = 16) -> np.ndarray:
    """The first layer's weights as images: (units, side, side) for an MLP, (filters, k, k) for a CNN.

    Each hidden neuron of an MLP takes a weighted sum of the 784 pixels, so its
    784 weights form a 28×28 picture of what it looks for: positive = ink helps.
    """
    first = weight_layers(model)[0][1]
    w = first.weight.detach().float().cpu()
    if isinstance(first, nn.Conv2d):
        return w[:units, 0].numpy()  # (filters, k, k) of the single input channel
    return w[:units].reshape(-1, side, side).numpy()


ACTIVATION_LAYERS = tuple(activations.get(name).module for name in models.ACTIVATIONS)  # the CNN's ReLU is one


@torch.no_grad()
def hidden_activations(model: nn.Sequential, x: torch.Tensor) -> list[tuple[str, np.ndarray]]:
    """What each hidden activation (ReLU, sigmoid, …) outputs for one input x of shape (1, 1, side, side).

    MLP: a vector per hidden layer; CNN: feature maps (channels, h, w) per conv block. The
    layers are stepped through one by one (no hooks), so a shared model is never modified.
    """
    was_training = model.training
    model.eval()
    outputs = []
    for layer in model:
        x = layer(x)
        if isinstance(layer, ACTIVATION_LAYERS):
            outputs.append(x[0].float().cpu().numpy())
    model.train(was_training)
    return [(f"hidden layer {i}", a) for i, a in enumerate(outputs, 1)]


def saliency(model: nn.Module, x: torch.Tensor, target: int | None = None,
             signed: bool = False) -> tuple[np.ndarray, int]:
    """|d logit_target / d pixel| for one input (1, 1, side, side): which pixels move the score most.

    `target` defaults to the predicted digit. With `signed`, the gradient keeps its sign: positive
    where more ink would raise the score. Returns the map and the target.
    """
    model.eval()
    x = x.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        logits = model(x)  # (1, classes)
        target = int(logits.argmax(1).item()) if target is None else target
        (grad,) = torch.autograd.grad(logits[0, target], x)
    grad = grad[0, 0]  # (side, side)
    return (grad if signed else grad.abs()).cpu().numpy(), target


@dataclass(frozen=True)
class UnitActivity:
    """How one hidden layer's units behave on a batch of inputs."""

    layer: str  # "hidden layer 1"
    units: int  # neurons (MLP) or feature maps (CNN)
    dead: int  # units that output exactly 0 for every input: their incoming weights get no gradient at all
    zero_share: float  # share of all outputs that are exactly 0 (ReLU's normal sparsity)

    @property
    def dead_share(self) -> float:
        return self.dead / max(self.units, 1)


@torch.no_grad()
def unit_activity(model: nn.Sequential, x: torch.Tensor) -> list[UnitActivity]:
    """Dead units and exact zeros of each hidden activation over inputs x (n, 1, side, side).

    A ReLU unit that is 0 for every input passes no gradient back, so its incoming weights stop
    learning: a few such units are normal, most of a layer is not. Sigmoid and tanh are never
    exactly 0, so they report none.
    """
    was_training = model.training
    model.eval()
    found = []
    for layer in model:
        x = layer(x)
        if isinstance(layer, ACTIVATION_LAYERS):
            units = x.transpose(0, 1).reshape(x.shape[1], -1)  # (units, n · positions)
            found.append(UnitActivity(f"hidden layer {len(found) + 1}", units.shape[0],
                                      int((units == 0).all(1).sum()), float((units == 0).float().mean())))
    model.train(was_training)
    return found


VANISHING = 0.05  # a first layer whose ‖gradient‖ is under 5% of the last layer's barely learns


def gradient_ratio(snapshot: Snapshot) -> float:
    """‖gradient‖ of the first weight layer ÷ that of the last weight layer.

    Near 1 (0.2 to 5) when the error signal reaches every layer; under `VANISHING` when it fades on
    its way back, so that the early layers barely learn.
    """
    first, last = snapshot.layers[0].grad_norm, snapshot.layers[-1].grad_norm
    return first / last if last > 0 else float("nan")


def images(data: Dataset, x: torch.Tensor) -> np.ndarray:
    """Network inputs (N, 1, side, side) of `data` as pictures to draw: (N, side, side) pixels in 0..1."""
    return data.to_pixels(x)[:, 0].cpu().numpy()


@torch.no_grad()
def gallery(model: nn.Module, x: torch.Tensor, y: torch.Tensor, data: Dataset,
            epoch: int = 0, k: int = 3) -> Gallery:
    """The model's top-k digits for each image in x (inputs of `data`)."""
    model.eval()
    probs = torch.softmax(model(x), 1)  # (n, classes)
    top = probs.topk(k, 1)
    return Gallery(epoch, images(data, x), y.cpu().numpy(), top.indices.cpu().numpy(), top.values.cpu().numpy())


@torch.no_grad()
def confident_mistakes(model: nn.Module, x: torch.Tensor, y: torch.Tensor, data: Dataset,
                       n: int = 16, batch: int = 512) -> Gallery:
    """The wrong predictions the model was surest of, most confident first."""
    model.eval()
    probs = torch.cat([torch.softmax(model(x[i:i + batch]), 1) for i in range(0, len(x), batch)])
    conf, pred = probs.max(1)
    wrong = (pred != y).nonzero().flatten()
    order = wrong[conf[wrong].argsort(descending=True)][:n]
    return gallery(model, x[order], y[order], data)
