"""The Playground's network: small MLPs on 2-D points, their output heads, and one visitor's run.

A run (`PlaygroundRun`) holds the data, the network, its optimiser and its history,
so the page can train it in short chunks between redraws (core.architectures.trainer),
step it one epoch, stop it, or throw it away (reset). Tiny networks train faster on
the CPU than on a GPU (each step is a few microseconds of maths and many kernel
launches), so the Playground always trains on the CPU.
"""
from __future__ import annotations

import math
import threading
import uuid
from dataclasses import asdict, astuple, dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from core.activations import module as activation_layer
from core.architectures.points import DataConfig, PlaygroundData, features, make_data
from core.device import single_threaded

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu", "elu", "gelu")  # names in core.activations
REGULARIZATIONS = ("none", "l1", "l2")
STOP_RULES = ("none", "accuracy", "early")
MAX_HIDDEN_LAYERS, MAX_WIDTH = 6, 32


def hidden_label(hidden: tuple[int, ...]) -> str:
    """Hidden layers' widths as the pages write them, `4-2`, or "none"."""
    return "-".join(map(str, hidden)) or "none"


@dataclass(frozen=True)
class NetConfig:
    """What the network is; changing any of it builds a new network."""

    features: tuple[str, ...] = ("x1", "x2")  # keys of playground_data.FEATURES
    hidden: tuple[int, ...] = (4, 2)  # neurons per hidden layer: the Playground's opening network
    activations: tuple[str, ...] = ("tanh", "tanh")  # one per hidden layer
    seed: int = 0  # the initial weights


@dataclass(frozen=True)
class FitConfig:
    """How the network learns; these may change between epochs without a reset."""

    optimizer: str = "adam"  # a key of core.train.OPTIMIZER_TABLE, plain: SGD and RMSprop without momentum
    lr: float = 0.03  # the Playground's default learning rate
    batch_size: int = 10  # the Playground's default batch
    regularization: str = "none"  # "none", "l1" or "l2": a penalty on the weights added to the loss
    reg_rate: float = 0.0  # λ, the penalty's weight
    dropout: float = 0.0  # chance of zeroing a hidden neuron's output during training
    stop_rule: str = "none"  # "none", "accuracy" (a target on the training set) or "early" (validation loss)
    target: float = 1.0  # accuracy (or R² for regression) at which "accuracy" stops training
    patience: int = 50  # epochs without a better validation loss before "early" stops (and restores the best)
    max_epochs: int = 3000  # one press of Train trains at most this many epochs


@dataclass
class EpochStats:
    """Losses are the data loss only (no penalty), so train and test compare like with like."""

    epoch: int
    train_loss: float
    test_loss: float
    train_score: float  # accuracy, or R² for regression
    test_score: float
    val_loss: float = float("nan")


class PlaygroundNet(nn.Module):
    """Linear → activation → dropout per hidden layer, then a linear output layer (logits or a value)."""

    def __init__(self, inputs: int, hidden: tuple[int, ...], activations: tuple[str, ...], outputs: int):
        super().__init__()
        widths = [inputs, *hidden]
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:], strict=False))
        self.activations = nn.ModuleList(activation_layer(a) for a in activations)
        self.out = nn.Linear(widths[-1], outputs)
        self.dropout = 0.0  # set by the trainer before each epoch

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # (N, inputs) → (N, outputs)
        for layer, act in zip(self.hidden, self.activations, strict=True):
            x = F.dropout(act(layer(x)), self.dropout, self.training)
        return self.out(x)

    @torch.no_grad()
    def hidden_outputs(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Every hidden layer's activations (N, width), in eval mode: what the neuron heatmaps show."""
        outs = []
        for layer, act in zip(self.hidden, self.activations, strict=True):
            x = act(layer(x))
            outs.append(x)
        return outs


def build_net(cfg: NetConfig, outputs: int) -> PlaygroundNet:
    if len(cfg.activations) != len(cfg.hidden):
        raise ValueError("give one activation per hidden layer")
    if len(cfg.hidden) > MAX_HIDDEN_LAYERS or any(not 1 <= h <= MAX_WIDTH for h in cfg.hidden) or not cfg.features:
        raise ValueError(f"0–{MAX_HIDDEN_LAYERS} hidden layers of 1–{MAX_WIDTH} neurons and at least one feature")
    torch.manual_seed(cfg.seed)
    return PlaygroundNet(len(cfg.features), cfg.hidden, cfg.activations, outputs)


def data_loss(task: str, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The head per task: sigmoid + binary cross-entropy, softmax + cross-entropy, or linear + MSE."""
    if task == "binary":
        return F.binary_cross_entropy_with_logits(out[:, 0], y)
    if task == "multiclass":
        return F.cross_entropy(out, y)
    return F.mse_loss(out[:, 0], y)


def score(task: str, out: torch.Tensor, y: torch.Tensor) -> float:
    """Accuracy (share of points on the right side) for classification; R² = 1 − SSE/SST for regression."""
    if len(y) == 0:
        return float("nan")
    if task == "binary":
        return ((out[:, 0] > 0).float() == y).float().mean().item()
    if task == "multiclass":
        return (out.argmax(1) == y).float().mean().item()
    sst = ((y - y.mean()) ** 2).sum().clamp(min=1e-12)
    return (1 - ((out[:, 0] - y) ** 2).sum() / sst).item()


def penalty(model: PlaygroundNet, kind: str) -> torch.Tensor:
    """L1 = Σ|w|, L2 = Σw² over the weights (not the biases)."""
    weights = [m.weight for m in (*model.hidden, model.out)]
    if kind == "l1":
        return sum(w.abs().sum() for w in weights)
    if kind == "l2":
        return sum((w * w).sum() for w in weights)
    return torch.zeros(())


@dataclass
class PlaygroundRun:
    """What `st.session_state["playground_run"]` holds: one visitor's network and how far it got."""

    data_cfg: DataConfig
    net_cfg: NetConfig
    data: PlaygroundData
    model: PlaygroundNet
    inputs: dict[str, torch.Tensor]  # "train", "val", "test" → the features (N, inputs) the network reads
    everything: torch.Tensor  # train, val and test inputs stacked, to evaluate in one forward pass
    history: list[EpochStats] = field(default_factory=list)
    optimizer: torch.optim.Optimizer | None = None
    optimizer_kind: str = ""
    training: bool = False  # the page keeps training in chunks while this is set
    stop_at: int = 0  # the epoch at which this press of Train ends
    status: str = "ready"  # "ready", "training", "paused", "reached target", "early-stopped", "diverged", "done"
    message: str = ""
    best_epoch: int = -1  # early stopping: the epoch whose weights were kept
    best_val: float = math.inf
    best_state: dict | None = None
    shuffle: torch.Generator = field(default_factory=torch.Generator)
    # one epoch at a time: a click reruns the page while the previous run may still be mid-epoch
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    # which network this is, for the run history (core.architectures.history): Reset makes a new one
    key: str = field(default_factory=lambda: uuid.uuid4().hex, repr=False, compare=False)

    @property
    def epoch(self) -> int:
        return self.history[-1].epoch if self.history else 0

    @property
    def parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters())


def same_setup(run: PlaygroundRun, data_cfg: DataConfig, net_cfg: NetConfig) -> bool:
    """Was `run` built from these settings? Compared by value: a code reload makes new config classes."""
    return astuple(run.data_cfg) == astuple(data_cfg) and astuple(run.net_cfg) == astuple(net_cfg)


@single_threaded
def new_run(data_cfg: DataConfig, net_cfg: NetConfig) -> PlaygroundRun:
    """Fresh data and a freshly initialised network, evaluated once (epoch 0)."""
    data = make_data(data_cfg)
    model = build_net(net_cfg, 1 if data.task != "multiclass" else data.classes)
    inputs = {split: features(getattr(data, f"{split}_x"), net_cfg.features) for split in ("train", "val", "test")}
    run = PlaygroundRun(data_cfg, net_cfg, data, model, inputs, torch.cat(list(inputs.values())))
    run.shuffle.manual_seed(net_cfg.seed)
    run.history.append(evaluate(run, 0))
    return run


@single_threaded
@torch.no_grad()
def evaluate(run: PlaygroundRun, epoch: int) -> EpochStats:
    """Data loss and score on every split, in eval mode (dropout off)."""
    run.model.eval()
    task, d = run.data.task, run.data
    out = run.model(run.everything).split([len(x) for x in run.inputs.values()])
    out = dict(zip(run.inputs, out, strict=True))
    val = data_loss(task, out["val"], d.val_y).item() if len(d.val_y) else float("nan")
    return EpochStats(epoch, data_loss(task, out["train"], d.train_y).item(),
                      data_loss(task, out["test"], d.test_y).item(), score(task, out["train"], d.train_y),
                      score(task, out["test"], d.test_y), val)


def export(run: PlaygroundRun) -> dict:
    """The run's settings and every weight as plain lists: enough to rebuild the network elsewhere."""
    layers = [*run.model.hidden, run.model.out]
    activations = [*run.net_cfg.activations, {"binary": "sigmoid", "multiclass": "softmax"}.get(run.data.task,
                                                                                                 "linear")]
    return {"data": asdict(run.data_cfg), "network": asdict(run.net_cfg), "epoch": run.epoch,
            "layers": [{"weight": m.weight.tolist(), "bias": m.bias.tolist(), "activation": a}
                       for m, a in zip(layers, activations, strict=True)]}
