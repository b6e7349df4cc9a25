"""The tutorial's MLP from scratch in NumPy: forward pass, backpropagation by hand, plain SGD.

Started from the very same weights as a PyTorch twin and fed the same
mini-batches, it must follow the same loss curve up to float rounding: that is
the proof that `loss.backward()` computes nothing magic, only the chain rule.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core import activations
from core.data import Dataset
from core.models import mlp

SCRATCH_ACTIVATIONS = ("relu", "sigmoid", "tanh")  # names in core.activations: f and f' come from its table


@dataclass
class NumpyMLP:
    weights: list[np.ndarray]  # (out, in) per layer, laid out as torch.nn.Linear stores them
    biases: list[np.ndarray]  # (out,)
    activation: str = "relu"

    @classmethod
    def from_torch(cls, model: nn.Module, activation: str = "relu") -> NumpyMLP:
        """Copy the Linear layers' weights (float32), so both start from the same point."""
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        return cls([m.weight.detach().cpu().numpy().copy() for m in linears],
                   [m.bias.detach().cpu().numpy().copy() for m in linears], activation)

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
        """Logits (n, classes) and, per hidden layer, its (pre-activation z, activation a) for backprop."""
        a = x.reshape(len(x), -1)  # (n, 784)
        cache = [(a, a)]
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = a @ w.T + b  # (n, out)
            if i == len(self.weights) - 1:
                return z, cache
            a = activations.value(self.activation, z)  # f(z), float32 in, float32 out
            cache.append((z, a))
        raise ValueError("the network has no layers")

    def loss_and_grads(self, x: np.ndarray, y: np.ndarray) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
        """Mean cross-entropy and its gradient for every weight and bias, by the chain rule."""
        logits, cache = self.forward(x)
        n = len(y)
        shifted = logits - logits.max(1, keepdims=True)  # softmax without overflow
        log_p = shifted - np.log(np.exp(shifted).sum(1, keepdims=True))  # (n, classes)
        loss = float(-log_p[np.arange(n), y].mean())
        dz = np.exp(log_p)
        dz[np.arange(n), y] -= 1
        dz /= n  # d loss / d logits = (softmax - one_hot) / n
        grads_w, grads_b = [], []
        for i in range(len(self.weights) - 1, -1, -1):  # go back one layer at a time
            a_prev = cache[i][1]
            grads_w.append(dz.T @ a_prev)  # (out, in)
            grads_b.append(dz.sum(0))
            if i:
                z_prev, _ = cache[i]
                dz = (dz @ self.weights[i]) * activations.derivative(self.activation, z_prev)  # chain rule: × f'(z)
        return loss, grads_w[::-1], grads_b[::-1]

    def sgd_step(self, grads_w: list[np.ndarray], grads_b: list[np.ndarray], lr: float) -> None:
        """θ ← θ − η ∇θ L, in place."""
        for w, b, gw, gb in zip(self.weights, self.biases, grads_w, grads_b, strict=True):
            w -= lr * gw
            b -= lr * gb

    def accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        return float((self.forward(x)[0].argmax(1) == y).mean())


@dataclass(frozen=True)
class ScratchConfig:
    hidden: tuple[int, ...] = (128,)  # the tutorial's 784-128-10
    activation: str = "relu"
    lr: float = 0.1  # plain SGD, no momentum, on both sides
    batch_size: int = 64
    images: int = 10_000  # training images
    epochs: int = 1
    seed: int = 0


@dataclass
class Comparison:
    torch_losses: list[float]  # per step
    numpy_losses: list[float]
    torch_seconds: float  # time inside the training steps only
    numpy_seconds: float
    max_loss_gap: float  # largest |torch - numpy| over all steps
    max_weight_gap: float  # largest |Δ| between the final weights
    torch_acc: float  # test accuracy
    numpy_acc: float
    device: str

    @property
    def speedup(self) -> float:
        """How many times faster PyTorch ran the same steps (below 1: NumPy was faster)."""
        return self.numpy_seconds / max(self.torch_seconds, 1e-9)


def compare(cfg: ScratchConfig, data: Dataset, device: str = "cpu") -> Comparison:
    """Train the NumPy MLP and its PyTorch twin side by side, from the same weights, on the same batches."""
    if cfg.activation not in SCRATCH_ACTIVATIONS:
        raise ValueError(f"the NumPy MLP knows {SCRATCH_ACTIVATIONS}, not {cfg.activation!r}")
    if not (cfg.lr > 0 and cfg.batch_size > 0 and cfg.epochs > 0 and cfg.images > 0):
        raise ValueError("learning rate, batch size, epochs and images must be positive")
    sub = data.subset(cfg.images, cfg.seed)
    x_np = sub.train_x.reshape(len(sub.train_y), -1).cpu().numpy()  # (n, 784) float32
    y_np = sub.train_y.cpu().numpy()
    torch.manual_seed(cfg.seed)
    net = mlp(sub.side * sub.side, cfg.hidden, sub.classes, cfg.activation).to(device)
    scratch = NumpyMLP.from_torch(net, cfg.activation)
    opt = torch.optim.SGD(net.parameters(), lr=cfg.lr)
    x_t, y_t = torch.as_tensor(x_np, device=device), torch.as_tensor(y_np, device=device)

    rng = np.random.default_rng(cfg.seed)
    torch_losses, numpy_losses = [], []
    torch_s = numpy_s = 0.0
    net.train()
    for _ in range(cfg.epochs):
        perm = rng.permutation(len(y_np))
        perm_t = torch.as_tensor(perm, device=device)  # the same order, as a tensor for PyTorch's side
        for i in range(0, len(perm), cfg.batch_size):
            idx = perm[i:i + cfg.batch_size]
            t0 = time.perf_counter()
            idx_t = perm_t[i:i + cfg.batch_size]
            loss = F.cross_entropy(net(x_t[idx_t]), y_t[idx_t])
            opt.zero_grad()
            loss.backward()
            opt.step()
            torch_losses.append(loss.item())  # .item() waits for the device, so the time is honest
            t1 = time.perf_counter()
            value, gw, gb = scratch.loss_and_grads(x_np[idx], y_np[idx])
            scratch.sgd_step(gw, gb, cfg.lr)
            numpy_losses.append(value)
            numpy_s += time.perf_counter() - t1
            torch_s += t1 - t0
    twin = NumpyMLP.from_torch(net, cfg.activation)
    weight_gap = max(float(np.abs(a - b).max()) for a, b in zip(twin.weights, scratch.weights, strict=True))
    test_x = data.test_x.reshape(len(data.test_y), -1).cpu().numpy()
    test_y = data.test_y.cpu().numpy()
    return Comparison(torch_losses, numpy_losses, torch_s, numpy_s,
                      float(np.max(np.abs(np.subtract(torch_losses, numpy_losses)))), weight_gap,
                      twin.accuracy(test_x, test_y), scratch.accuracy(test_x, test_y), device)
