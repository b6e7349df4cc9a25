"""The Loss & optimization lesson's challenges, checked against the learner's own runs (see core.challenges).

Each experiment's outcome reaches a challenge through one function here (`race_result`, `batch_result`,
`flow_result`, `backprop_result`); the page records what it returns when a run ends, and the tests
call the same functions on real runs.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import numpy as np

from core.challenges import Challenge, Prediction, metrics_named
from core.goals import Goal, Metric
from core.loss_optimization.backprop import Walk
from core.loss_optimization.batching import BatchComparison
from core.loss_optimization.gradient_flow import FLOW_ACTIVATIONS, FLOW_INITS, SeededFlow
from core.loss_optimization.race import OPTIMIZERS, RaceResult

NEVER = math.inf  # the steps of a racer that did not reach a minimum within the budget


def race_result(result: RaceResult) -> dict[str, float]:
    """One race: for each racer the step from which it stays at a minimum (∞: not within the budget), whether it
    diverged and its learning rate; the fastest racer's steps; and plain SGD's limit 2/λmax on a quadratic."""
    out: dict[str, float] = {}
    for r in result.racers:
        key = r.name.lower()
        out[f"{key}_steps"] = float(r.step) if r.status == "reached" else NEVER
        out[f"{key}_diverged"] = float(r.status == "diverged")
        out[f"{key}_lr"] = r.lr
    out["fastest_steps"] = min((v for k, v in out.items() if k.endswith("_steps")), default=NEVER)
    if result.surface.critical_lr:
        out["critical_lr"] = result.surface.critical_lr
    return out


BATCH, MINI, STOCHASTIC = 0, 1, 2  # the contenders' places in a BatchComparison


def batch_result(comparison: BatchComparison) -> dict[str, float]:
    """The three batch sizes after their epochs: each one's loss on all training images (mean over the seeds),
    stochastic's loss as a multiple of the full batch's, and which of the three ended lowest."""
    final = [float(np.mean(comparison.final_losses(i))) for i in (BATCH, MINI, STOCHASTIC)]
    return {"batch_final_loss": final[BATCH], "mini_final_loss": final[MINI],
            "stochastic_final_loss": final[STOCHASTIC], "stochastic_over_batch": final[STOCHASTIC] / final[BATCH],
            "lowest_final": float(np.argmin(final))}


def _ratio_band(ratio: float) -> float:
    """0: larger, or within 10× of the last layer's; 1: 10× to 1,000× smaller; 2: more than 1,000× smaller."""
    return 0.0 if not ratio < 0.1 else 1.0 if ratio >= 1e-3 else 2.0


def flow_result(flows: Sequence[SeededFlow]) -> dict[str, float]:
    """For each activation × initialisation, the first layer's gradient as a share of the last layer's (the
    median over the seeds; 1 = no vanishing)."""
    out = {f"{f.activation}_{f.init}_ratio": float(np.median(f.first_to_last)) for f in flows}
    out["relu_default_band"] = _ratio_band(out["relu_default_ratio"])
    return out


def backprop_result(walk: Walk) -> dict[str, float]:
    """The walk's one gradient-descent step: the loss before and after, their ratio, which way b₂ moved, and the
    largest gap between a hand-made gradient and autograd's."""
    before = float(walk.forward["loss"])
    moved = float(walk.new_params["b2"][0] - walk.cfg.b2)
    return {"loss_before": before, "loss_after": walk.loss_after, "loss_ratio": walk.loss_after / before,
            "b2_down": 1.0 if moved < 0 else 0.0, "autograd_gap": max(s.error for s in walk.steps)}


METRICS: dict[str, tuple[str, Metric]] = {  # metric name -> (the recorded result that holds it, how it reads)
    **{f"{name.lower()}_steps": ("race", Metric(f"{name.lower()}_steps", f"steps {name} needed to reach a minimum "
                                                "(∞: not within the budget)", higher_is_better=False, lo=0.0))
       for name in OPTIMIZERS},
    **{f"{name.lower()}_diverged": ("race", Metric(f"{name.lower()}_diverged", f"{name} diverged (1 = yes)",
                                                   lo=0.0, hi=1.0)) for name in OPTIMIZERS},
    "sgd_lr": ("race", Metric("sgd_lr", "plain SGD's learning rate", lo=0.0)),
    "fastest_steps": ("race", Metric("fastest_steps", "steps the fastest racer needed", higher_is_better=False,
                                     lo=0.0)),
    **{name: ("batch", Metric(name, words, higher_is_better=False, lo=0.0)) for name, words in (
        ("batch_final_loss", "the full batch's final loss"), ("mini_final_loss", "the mini-batch's final loss"),
        ("stochastic_final_loss", "stochastic steps' final loss"))},
    "stochastic_over_batch": ("batch", Metric("stochastic_over_batch", "stochastic steps' final loss ÷ the full "
                                              "batch's", lo=0.0)),
    **{f"{a}_{i}_ratio": ("gradient_flow", Metric(f"{a}_{i}_ratio", f"first ÷ last layer's gradient, {a} with "
                                                  f"{i} initialisation", lo=0.0))
       for a in FLOW_ACTIVATIONS for i in FLOW_INITS},
    "loss_after": ("backprop", Metric("loss_after", "the loss after one step", higher_is_better=False, lo=0.0)),
    "loss_ratio": ("backprop", Metric("loss_ratio", "the loss after one step, as a share of before", percent=True,
                                      higher_is_better=False, lo=0.0)),
}


_metrics = partial(metrics_named, METRICS)  # the Metric of each name, for a challenge


CHALLENGES: tuple[Challenge, ...] = (  # in the order the lesson teaches them
    Challenge(
        "loss_optimization.bowl_diverges", "Make plain SGD diverge on the bowl",
        "On the **Bowl**, raise plain SGD's learning rate until it **diverges**, with the smallest rate on the "
        "slider that does (at most 1.2).",
        "race_bowl",
        (Goal("sgd_diverged", "==", 1.0), Goal("sgd_lr", "<=", 1.2)),
        {"loss_tab": "Gradient descent race", "loss_surface": "bowl", "loss_racers": ["SGD"]},
        ("The bowl f = ½x² + y² curves twice as steeply along y as along x: λmax = 2.",
         "Each SGD step multiplies y by (1 − η·2). When is that factor's size above 1?",
         "Try 1.0, then the next rate up."),
        "Along y each step multiplies the distance to the minimum by 1 − 2η. Below η = 1 that factor is smaller "
        "than 1 in size and SGD converges; at exactly 1 it is −1 and y bounces between ±y₀ forever; above it the "
        "bounce grows every step, and the loss blows up. So the largest stable rate is 2/λmax = 2/2 = 1: the "
        "steepest direction alone sets the limit.",
        Prediction("The bowl's curvatures are λ = 1 (along x) and 2 (along y). Up to which learning rate does plain "
                   "SGD still converge?", "critical_lr"),
        metrics=_metrics("sgd_diverged", "sgd_lr")),
    Challenge(
        "loss_optimization.ravine_momentum", "Out of the ravine in 40 steps",
        "In the **Elongated ravine**, plain SGD crawls: any rate that survives the steep walls is too small for the "
        "long floor. Tune **Momentum** (its learning rate and β) until it reaches the minimum within **40 steps**.",
        "race_ravine",
        (Goal("momentum_steps", "<=", 40.0),),
        {"loss_tab": "Gradient descent race", "loss_surface": "ravine", "loss_racers": ["SGD", "Momentum"]},
        ("With its “about right” rate Momentum needs about 85 steps.",
         "A larger learning rate speeds it along the floor; a smaller β damps the bouncing between the walls.",
         "Try a learning rate of 0.3 and lower β a little at a time."),
        "Momentum adds up the gradients: along the floor they all point the same way, so its velocity grows and it "
        "runs where SGD crawls; across the walls they alternate and cancel. β sets how long it remembers: too high "
        "and it overshoots the walls for many steps, too low and it is plain SGD again.",
        metrics=_metrics("momentum_steps")),
    Challenge(
        "loss_optimization.batch_noise", "Too many noisy steps",
        "On **Batch size**, find a learning rate at which one-image (stochastic) steps end **at least 1.5× higher** "
        "than the full batch, which takes a single exact step per epoch. Train the three to check.",
        "batch",
        (Goal("stochastic_over_batch", ">=", 1.5),),
        {"loss_tab": "Batch size", "loss_images": 500, "loss_epochs": 1, "loss_mini": 64},
        ("At the default rate 0.01 the many small steps win by far.",
         "Each stochastic step follows a single image's gradient: the larger η, the larger each noisy step."),
        "A one-image step follows one image's gradient, which points somewhere else for every image. At a small "
        "learning rate those steps average out and their number wins; at a large one each step is big and "
        "contradicts the last, so the loss bounces instead of settling. The full batch takes one exact step per "
        "epoch and mini-batches average out most of the noise, which is why they tolerate larger learning rates.",
        Prediction("With the learning rate 10× the default (0.1), which ends with the lowest loss?", "lowest_final",
                   ("the full batch", "mini-batches", "stochastic steps (one image)")),
        metrics=_metrics("stochastic_over_batch")),
    Challenge(
        "loss_optimization.vanishing_relu", "ReLU vanishes too, until He fixes it",
        "On **Vanishing gradients**, deepen the network until ReLU with PyTorch's **default** initialisation gives "
        "its first layer **less than 1/1,000** of the last layer's gradient, while ReLU with **He** initialisation "
        "still gives it at least a tenth.",
        "gradient_flow",
        (Goal("relu_default_ratio", "<", 1e-3), Goal("relu_he_ratio", ">=", 0.1)),
        {"loss_tab": "Vanishing gradients", "loss_scale": 1.0},
        ("At 10 hidden layers ReLU with the default initialisation is at about 1/60.",
         "Every layer multiplies the gradient by about the same factor: add layers."),
        "PyTorch's default initialisation draws weights with variance 1/(3·fan-in), a little too small for ReLU, "
        "which also zeroes about half of its inputs; so every layer shrinks the signal by about the same factor, "
        "and fifteen factors compound to a thousandth. He initialisation uses variance 2/fan-in, exactly what "
        "makes up for ReLU's half, so the factor is about 1 and the first layer learns as fast as the last.",
        Prediction("At 15 hidden layers, with ReLU and PyTorch's default initialisation, the first layer's gradient "
                   "compared with the last layer's is…", "relu_default_band",
                   ("larger, or about the same (within 10×)", "10× to 1,000× smaller", "more than 1,000× smaller")),
        metrics=_metrics("relu_default_ratio", "relu_he_ratio")),
    Challenge(
        "loss_optimization.backprop_step", "One step that counts",
        "On **Backprop step by step**, walk the sample x = (1, 1), y = 0 all the way to the update with a learning "
        "rate that cuts its loss to **at most 10%** in one step.",
        "backprop",
        (Goal("loss_ratio", "<=", 0.1),),
        {"loss_tab": "Backprop step by step", "loss_sample": "x = (1, 1), y = 0", "loss_bp_loss": "bce"},
        ("The check reads the last stop, the update: press Next until you reach it.",
         "Each weight moves by η times its gradient: a larger η, a larger step."),
        "Each weight moved against its own gradient, θ ← θ − η ∂L/∂θ, and the chain rule made every one of those "
        "gradients point the right way for this sample: ŷ was too high for y = 0, so ∂L/∂z₂ = ŷ − y > 0 and the "
        "output's bias b₂ went down. A rate this large is fine for one sample; on a whole data set such steps "
        "overshoot, which is why training uses small rates and many steps.",
        Prediction("For x = (1, 1), y = 0, which way will the update move the output's bias b₂?", "b2_down",
                   ("up", "down")),
        metrics=_metrics("loss_ratio")),
)
