"""The tutorial's training pitfalls: presets that cause them, a detector, and one-click fixes.

Each preset is a real, broken training setup. `diagnose` reads a (live) curve
and names what went wrong from the evidence; each fix changes one setting and
is trained beside the broken run so the difference is visible.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from core.models import ModelConfig
from core.train import Point, TrainConfig

EXPLODING = 3.0  # × chance-level loss: the loss is growing without bound
STAGNANT = 0.8  # × chance-level loss after a full epoch: barely better than guessing
STAGNANT_MIN_STEPS = 100  # give any setup this many steps before calling it stuck
OVERFIT_RISE = 0.20  # validation loss this far above its best, while training loss still falls


@dataclass(frozen=True)
class Fix:
    key: str
    label: str  # button text
    why: str  # one sentence: what it changes and why that helps
    model: ModelConfig
    train: TrainConfig


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    story: str  # what the learner is about to see
    model: ModelConfig
    train: TrainConfig
    images: int  # training images (a seeded subset)
    val_images: int  # validation images (fewer, to keep the lab quick)
    fixes: tuple[Fix, ...]


@dataclass
class Diagnosis:
    kind: str  # "nan", "stagnant" or "overfit"
    title: str
    evidence: str  # what was measured
    advice: str

    @property
    def icon(self) -> str:
        return {"nan": ":material/error:", "stagnant": ":material/trending_flat:",
                "overfit": ":material/call_split:"}[self.kind]


DEEP = (256, 256, 256)
NAN_MODEL, NAN_TRAIN = ModelConfig(hidden=DEEP), TrainConfig(optimizer="sgd", lr=3.0, momentum=0.0, epochs=2)
LR_MODEL, LR_TRAIN = ModelConfig(), TrainConfig(optimizer="sgd", lr=1e-4, epochs=3)
SIG_MODEL = ModelConfig(hidden=(128, 128, 128), activation="sigmoid", init="tiny")
SIG_TRAIN = TrainConfig(optimizer="sgd", lr=0.05, epochs=3)
BIG_MODEL, BIG_TRAIN = ModelConfig(hidden=(512, 512)), TrainConfig(optimizer="adam", lr=1e-3, epochs=20)

PRESETS: dict[str, Preset] = {p.key: p for p in (
    Preset("nan", "NaN loss: learning rate too high",
           "A deep ReLU network with plain SGD at learning rate 3.0: each step overshoots, the weights "
           "grow until the numbers overflow, and the loss becomes NaN.",
           NAN_MODEL, NAN_TRAIN, 5000, 1000, (
               Fix("clip", "Gradient clipping", "Caps the gradient's length at 0.1, so no single step can blow up, "
                    "at the same learning rate.", NAN_MODEL, replace(NAN_TRAIN, grad_clip=0.1)),
               Fix("lower_lr", "Lower learning rate", "Ten times smaller steps (0.1) stay inside the valley.",
                    NAN_MODEL, replace(NAN_TRAIN, lr=0.1)),
           )),
    Preset("stagnant_lr", "Stagnant loss: tiny learning rate",
           "The tutorial's network with SGD at learning rate 0.0001: every step is correct but far too "
           "small, so after whole epochs the loss has hardly moved from chance level.",
           LR_MODEL, LR_TRAIN, 5000, 1000, (
               Fix("bigger_lr", "Learning rate × 100", "Steps of 0.01 cover the distance in a few hundred "
                    "steps.", LR_MODEL, replace(LR_TRAIN, lr=1e-2)),
               Fix("adam", "Adam", "Adam scales each step by the gradient's recent size; its usual 0.001 "
                    "works out of the box.", LR_MODEL, replace(LR_TRAIN, optimizer="adam", lr=1e-3)),
           )),
    Preset("stagnant_init", "Stagnant loss: sigmoid with a bad initialisation",
           "Three sigmoid layers whose weights start tiny (N(0, 0.01²)): every neuron outputs about 0.5, "
           "the signal dies on the way in and the gradient on the way back, so the loss sits at ln 10 ≈ 2.30.",
           SIG_MODEL, SIG_TRAIN, 5000, 1000, (
               Fix("he", "He initialisation", "Weights scaled to √(2 / inputs) keep the signal's size from "
                    "layer to layer.", replace(SIG_MODEL, init="he"), SIG_TRAIN),
               Fix("batch_norm", "Batch norm", "Re-centres and re-scales each layer's inputs, whatever the "
                    "weights' size.", replace(SIG_MODEL, batch_norm=True), SIG_TRAIN),
               Fix("adam", "Adam", "Per-weight step sizes grow where gradients are tiny.", SIG_MODEL,
                    replace(SIG_TRAIN, optimizer="adam", lr=1e-3)),
           )),
    Preset("overfit", "Early overfitting: a large model on 1,000 images",
           "784-512-512-10 (670k weights) on only 1,000 images for 20 epochs: it memorises the training "
           "set, and after a few epochs the validation loss climbs while the training loss falls to zero.",
           BIG_MODEL, BIG_TRAIN, 1000, 1000, (
               Fix("dropout", "Dropout", "Randomly silences 70% of hidden neurons at each step, so no neuron "
                    "can rely on memorised partners.", replace(BIG_MODEL, dropout=0.7), BIG_TRAIN),
               Fix("weight_decay", "Weight decay", "An L2 penalty (0.01) pulls weights towards zero: smaller "
                    "weights, smoother, less over-confident functions.", BIG_MODEL,
                    replace(BIG_TRAIN, weight_decay=0.01)),
               Fix("early_stopping", "Early stopping", "Stops when validation loss has not improved for 3 "
                    "epochs and keeps the best epoch's weights.", BIG_MODEL, replace(BIG_TRAIN, patience=3)),
           )),
)}


def diagnose(curve: list[Point], status: str, steps: int, model_cfg: ModelConfig, train_cfg: TrainConfig,
             epoch_ends: list[int] | None = None, classes: int = 10) -> Diagnosis | None:
    """Name the pitfall a (partial) training run shows, with the evidence, or None when it looks healthy."""
    chance = math.log(classes)  # the loss of a model that spreads probability evenly
    last = curve[-1] if curve else None
    if status == "diverged" or (last and not math.isfinite(last.train_loss)):
        return Diagnosis("nan", "The loss became NaN",
                         f"Training stopped at step {steps}: the loss was no longer a number.",
                         _nan_advice(train_cfg))
    if last is None:
        return None
    if last.train_loss > EXPLODING * chance:
        return Diagnosis("nan", "The loss is exploding",
                         f"Training loss {last.train_loss:.3g} is {last.train_loss / chance:.0f}× the "
                         f"{chance:.2f} of random guessing.", _nan_advice(train_cfg))
    ends = [curve[i] for i in (epoch_ends or []) if i < len(curve)]
    if last.epoch >= 1 and steps >= STAGNANT_MIN_STEPS and last.train_loss > STAGNANT * chance:
        return Diagnosis("stagnant", "The loss is stagnant",
                         f"After {last.epoch:.1f} epoch(s) and {steps:,} steps the training loss is still "
                         f"{last.train_loss:.2f}, close to the {chance:.2f} of random guessing.",
                         _stagnant_advice(model_cfg, train_cfg))
    if status != "early-stopped" and len(ends) >= 4:
        vals = [p.val_loss for p in ends]
        best = min(range(len(vals)), key=vals.__getitem__)
        rise = vals[-1] / max(vals[best], 1e-12) - 1
        if rise > OVERFIT_RISE and best <= len(vals) - 3 and ends[-1].train_loss < ends[best].train_loss:
            return Diagnosis("overfit", "The model is overfitting",
                             f"Validation loss rose {rise:.0%} above its best ({vals[best]:.3f} at epoch {best + 1}) "
                             f"to {vals[-1]:.3f}, while training loss fell to {ends[-1].train_loss:.3f}; accuracy "
                             f"{ends[-1].train_acc:.1%} on training vs {ends[-1].val_acc:.1%} on validation.",
                             "More data is the real cure. Otherwise: dropout, weight decay, a smaller model, "
                             "or early stopping.")
    return None


def val_loss_rise(curve: list[Point], epoch_ends: list[int]) -> float:
    """How far the last epoch's validation loss sits above the best one (0 = still at its best)."""
    vals = [curve[i].val_loss for i in epoch_ends if i < len(curve)]
    return vals[-1] / max(min(vals), 1e-12) - 1 if vals else float("nan")


def _nan_advice(cfg: TrainConfig) -> str:
    return (f"The learning rate {cfg.lr:g} makes each step overshoot. Lower it (÷10), or turn on gradient "
            "clipping" + (" (it is on, but not enough here)." if cfg.grad_clip else "."))


def _stagnant_advice(model_cfg: ModelConfig, train_cfg: TrainConfig) -> str:
    tiny_lr = train_cfg.lr <= (1e-5 if train_cfg.optimizer == "adam" else 1e-3)
    saturating = model_cfg.kind == "mlp" and model_cfg.activation in ("sigmoid", "tanh")
    if tiny_lr:
        return (f"The learning rate {train_cfg.lr:g} is tiny: raise it (×10 to ×100), or use Adam at 0.001.")
    if saturating or model_cfg.init == "tiny":
        return ("The gradient vanishes on its way back through the layers (see the gradient histograms). "
                "Use He initialisation, batch norm, Adam, or ReLU.")
    return "Check the learning rate first, then the initialisation; Adam and batch norm make training less fragile."
