"""What the Playground's live pictures show, computed from a run: plain NumPy arrays, no figures.

The network is evaluated on a grid over the picture; every input feature, hidden
neuron and the output becomes a small image of its value at each point, which is
how TensorFlow Playground lets a learner see what each neuron has learnt.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.architectures.playground import PlaygroundRun
from core.architectures.points import features, grid
from core.device import single_threaded


@dataclass(frozen=True)
class Snapshot:
    task: str
    classes: int
    axis: np.ndarray  # (R,) grid coordinates, the same for x1 and x2
    output: np.ndarray  # (R, R): P(class 1), a value, or for multiclass the winning class + its confidence
    probabilities: np.ndarray | None  # (R, R, classes) for multiclass
    layers: list[np.ndarray]  # inputs, each hidden layer, output: (neurons, r, r) small images
    layer_names: list[str]
    weights: list[np.ndarray]  # per layer (out, in)
    biases: list[np.ndarray]  # per layer (out,)


@single_threaded
@torch.no_grad()
def snapshot(run: PlaygroundRun, resolution: int = 60, neuron_resolution: int = 16) -> Snapshot:
    """The network's output over the picture, and every neuron's value on a coarser grid."""
    model, task = run.model, run.data.task
    model.eval()
    axis, points = grid(resolution)
    out = model(features(points, run.net_cfg.features))  # (R², outputs)
    probabilities = None
    if task == "binary":
        output = torch.sigmoid(out[:, 0]).numpy().reshape(resolution, resolution)
    elif task == "multiclass":
        probs = torch.softmax(out, 1)  # (R², classes)
        conf, winner = probs.max(1)
        k = run.data.classes
        strength = ((conf - 1 / k) / (1 - 1 / k)).clamp(0, 0.999)  # 0 = undecided, → 1 = certain
        output = (winner + strength).numpy().reshape(resolution, resolution)
        probabilities = probs.numpy().reshape(resolution, resolution, k)
    else:
        output = out[:, 0].numpy().reshape(resolution, resolution)

    _, coarse = grid(neuron_resolution)
    inputs = features(coarse, run.net_cfg.features)  # (r², inputs)
    hidden = model.hidden_outputs(inputs)
    final = model(inputs)
    # binary: 2p − 1, so the output's image is orange for class 0 and blue for class 1 like the picture above
    if task == "binary":
        final = 2 * torch.sigmoid(final) - 1
    elif task == "multiclass":
        final = torch.softmax(final, 1)
    r = neuron_resolution
    layers = [t.T.reshape(-1, r, r).numpy().astype(np.float32) for t in (inputs, *hidden, final)]
    names = ["inputs", *[f"layer {i + 1}" for i in range(len(hidden))], "output"]
    linears = [*model.hidden, model.out]
    return Snapshot(task, run.data.classes, axis, output, probabilities, layers, names,
                    [m.weight.detach().numpy().copy() for m in linears],
                    [m.bias.detach().numpy().copy() for m in linears])
