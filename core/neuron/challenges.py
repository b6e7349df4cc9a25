"""The Neuron lesson's challenges, checked against what the learner's own settings compute (see core.challenges).

Each tab's numbers reach a challenge through one function here (`calculator_result`, `line_result`,
`collapse_result`, `perceptron_result`); the page records what it returns when the numbers are
computed (the perceptron: when a run reaches its end), and the tests call the same functions.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from core.challenges import Challenge, Prediction, metrics_named
from core.goals import Goal, Metric
from core.neuron import bias as neuron_bias
from core.neuron import perceptron
from core.neuron.calculator import NeuronConfig, NeuronOutput
from core.neuron.layers import Collapse

ROUNDING = 1e-9  # a gap below this is float rounding, not a difference


def calculator_result(cfg: NeuronConfig, out: NeuronOutput) -> dict[str, float]:
    """The calculator's neuron: its output a, its z, the slope f'(z) a gradient would pass through, its weights."""
    return {"output": out.a, "pre_activation": out.z, "slope": out.slope_at_z, "smallest_weight": min(cfg.w)}


def line_result(points: neuron_bias.Points, w1: float, w2: float, b: float) -> dict[str, float]:
    """The learner's line w₁x₁ + w₂x₂ + b = 0 on the shifted clouds (b = 0 when the bias is off)."""
    return {"line_accuracy": neuron_bias.accuracy(points, w1, w2, b), "line_w1": w1, "line_w2": w2, "line_b": b,
            "line_distance": abs(b) / max(float(np.hypot(w1, w2)), 1e-12)}


def collapse_result(res: Collapse) -> dict[str, float]:
    """Two layers at the calculator's x: the linear stack against its one matrix, and with ReLU between."""
    return {"linear_gap": res.linear_gap, "relu_gap": res.relu_gap, "units_off": float(np.sum(res.hidden <= 0)),
            "collapse_outcome": 0.0 if res.linear_gap < ROUNDING else 1.0}


def result_name(gate: str) -> str:
    """Each gate's perceptron runs are recorded apart, so that an OR run and an XOR run both count."""
    return f"perceptron_{gate.lower()}"


def perceptron_result(cfg: perceptron.PerceptronConfig) -> dict[str, float]:
    """A whole run of the perceptron rule on `cfg.gate`: right on how many of the four points at the end, whether
    it settled, whether the weights came back (the proof that it never will), and how many epochs it took."""
    run = perceptron.train(cfg)
    last = run.steps[-1]
    g = cfg.gate.lower()
    return {f"{g}_accuracy": perceptron.accuracy(cfg.gate, *last.w_after, last.b_after),
            f"{g}_settled": float(run.status == "converged"), f"{g}_cycles": float(run.status == "cycle"),
            f"{g}_epochs": float(len(run.mistakes_per_epoch)),
            f"{g}_outcome": 0.0 if run.status == "converged" else 1.0}  # the XOR prediction's choices, in order


METRICS: dict[str, tuple[str, Metric]] = {  # metric name -> (the recorded result that holds it, how it reads)
    "output": ("calculator", Metric("output", "the neuron's output a")),
    "pre_activation": ("calculator", Metric("pre_activation", "the weighted sum z")),
    "slope": ("calculator", Metric("slope", "the slope f′(z)")),
    "smallest_weight": ("calculator", Metric("smallest_weight", "the smallest weight", lo=-3.0, hi=3.0)),
    "line_accuracy": ("bias_line", Metric("line_accuracy", "your line's accuracy", percent=True, lo=0.0, hi=1.0)),
    "line_w1": ("bias_line", Metric("line_w1", "w₁", lo=-3.0, hi=3.0)),
    "line_distance": ("bias_line", Metric("line_distance", "your line's distance from (0, 0)", lo=0.0)),
    "relu_gap": ("layers", Metric("relu_gap", "the gap between the ReLU network and W₂W₁", lo=0.0)),
    **{f"{g.lower()}_{what}": (result_name(g), metric) for g in perceptron.GATES for what, metric in (
        ("accuracy", Metric(f"{g.lower()}_accuracy", f"the perceptron's accuracy on {g}", percent=True,
                            lo=0.0, hi=1.0)),
        ("settled", Metric(f"{g.lower()}_settled", f"the {g} run settled (1 = yes)", lo=0.0, hi=1.0)),
        ("cycles", Metric(f"{g.lower()}_cycles", f"the {g} run's weights came back (1 = yes)", lo=0.0, hi=1.0)),
        ("epochs", Metric(f"{g.lower()}_epochs", f"epochs of the {g} run", higher_is_better=False, lo=1.0)))},
}


_metrics = partial(metrics_named, METRICS)  # the Metric of each name, for a challenge


CHALLENGES: tuple[Challenge, ...] = (  # in the order the lesson teaches them
    Challenge(
        "neuron.dead_relu", "A dead neuron",
        "In the calculator, keep **every weight positive** and still make the neuron output exactly **a = 0** with "
        "a slope **f′(z) = 0**: no signal out, and no gradient back.",
        "calculator",
        (Goal("smallest_weight", ">", 0.0), Goal("output", "==", 0.0), Goal("slope", "==", 0.0)),
        {"neuron_tab": "Neuron calculator", "neuron_act": "relu"},
        ("Positive weights do not make z positive: the inputs and the bias count too.",
         "With ReLU, any z ≤ 0 gives a = 0, and the slope there is 0 as well.",
         "Set every input negative (or the bias far below 0) and watch z cross zero."),
        "ReLU outputs 0 for every z ≤ 0, and its slope there is exactly 0, so backpropagation multiplies the "
        "gradient by 0: this neuron's weights would never change again. Positive weights did not save it, because "
        "z also depends on the inputs and the bias. That is the **dying ReLU**; Leaky ReLU and ELU keep a small "
        "slope below 0 so that a gradient always flows.",
        metrics=_metrics("smallest_weight", "output", "slope")),
    Challenge(
        "neuron.horizontal_line", "A horizontal line between the clouds",
        "On **Why bias**, use a horizontal line (**w₁ = 0**, w₂ = 1) and separate all the points of the two clouds.",
        "bias_line",
        (Goal("line_w1", "==", 0.0), Goal("line_accuracy", ">=", 1.0)),
        {"neuron_tab": "Why bias", "neuron_use_bias": False, "neuron_bw1": 0.0, "neuron_bw2": 1.0},
        ("With the bias off the line is 1·x₂ = 0: the x₁ axis itself, below every point.",
         "Switch the bias on: the line becomes x₂ = −b.",
         "The orange squares stop below x₂ ≈ 2.8 and the blue circles start above x₂ ≈ 3.3."),
        "With w₁ = 0 the line w₂x₂ + b = 0 is x₂ = −b/w₂: the bias alone decides its height. Without a bias it is "
        "stuck on the x₁ axis, through (0, 0), with every point on one side. Moving a boundary away from the origin "
        "is exactly what the bias is for.",
        Prediction("With w₁ = 0 and w₂ = 1, which bias b puts the line between the clouds?", "line_b"),
        metrics=_metrics("line_w1", "line_accuracy")),
    Challenge(
        "neuron.relu_switch", "Where ReLU changes nothing",
        "On **Why non-linearity**, find an input x (move the calculator's inputs, or the seed) at which the ReLU "
        "network gives **exactly** what the collapsed matrix gives: a gap of 0.",
        "layers",
        (Goal("relu_gap", "==", 0.0),),
        {"neuron_tab": "Why non-linearity", "neuron_seed": 0},
        ("ReLU changes a hidden unit only when that unit is negative.",
         "Look at W₁x + b₁: you need all three hidden units positive at once.",
         "Try other seeds: some draw layers whose units are all on at the calculator's x."),
        "Where every hidden unit is positive, ReLU passes them through unchanged, so the ReLU network *is* the "
        "collapsed linear layer there. Move x until a unit turns off and the two part ways: a ReLU network is "
        "linear only piece by piece, which is why no single matrix fits it everywhere (the chart bends), while "
        "two linear layers are one matrix everywhere, to float rounding.",
        Prediction("Without an activation, how far apart are W₂(W₁x + b₁) + b₂ and (W₂W₁)x + (W₂b₁ + b₂)?",
                   "collapse_outcome", ("equal, up to float rounding", "close, but not equal", "far apart")),
        metrics=_metrics("relu_gap")),
    Challenge(
        "neuron.or_gate", "One neuron computes OR",
        "On **Perceptron**, train the unit on **OR** with the perceptron rule and run it to the end: it must get "
        "all four points right and stop changing.",
        result_name("OR"),
        (Goal("or_accuracy", ">=", 1.0), Goal("or_settled", "==", 1.0)),
        {"neuron_tab": "Perceptron", "neuron_gate": "OR"},
        ("Pick OR in the Gate row.", "Press **To the end**: the check reads the finished run."),
        "OR's four points can be split by one line (for example x₁ + x₂ − 0.5 = 0), and the perceptron "
        "convergence theorem promises that the rule then stops making mistakes after finitely many updates, "
        "whatever the start and the learning rate.",
        Prediction("How many epochs (passes over the four points) will the rule need on OR, counting the last "
                   "epoch without a mistake?", "or_epochs", unit=" epochs"),
        metrics=_metrics("or_accuracy", "or_settled")),
    Challenge(
        "neuron.xor", "Why no weights compute XOR",
        "Now run the perceptron on **XOR** until the page can tell whether it will ever settle.",
        result_name("XOR"),
        (Goal("xor_cycles", "==", 1.0),),
        {"neuron_tab": "Perceptron", "neuron_gate": "XOR"},
        ("Pick XOR and press **To the end**.",
         "Watch the mistakes per epoch: do they ever reach 0?"),
        "The rule never settles: an epoch starts with the very weights an earlier one started with, so the same "
        "updates repeat forever. No weights exist to find. (0,1) ↦ 1 and (1,0) ↦ 1 need w₂ + b > 0 and w₁ + b > 0; "
        "adding them gives w₁ + w₂ + b > −b ≥ 0, since (0,0) ↦ 0 needs b ≤ 0, and that contradicts (1,1) ↦ 0. One "
        "neuron draws one line, and no line separates XOR; two layers can (Architectures).",
        Prediction("What will the perceptron rule do on XOR?", "xor_outcome",
                   ("it settles on weights that get all four right", "it never settles: the weights keep coming "
                    "back", "it settles on weights that get three of four right")),
        metrics=_metrics("xor_cycles")),
)
