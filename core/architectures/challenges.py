"""This lesson's challenges: tasks checked against the learner's own runs (see core.challenges).

Every Playground run the learner ends (Train stops, a stop rule fires, a step, Stop) is recorded as
the result "playground", computed here by `playground_result` from the run itself: the page and the
tests use this one function, so a check never trusts a number typed into the page.
"""
from __future__ import annotations

import math

from core.architectures.playground import PlaygroundRun, evaluate
from core.architectures.points import DATASETS, OWN
from core.challenges import Challenge, Prediction
from core.goals import Goal, Metric

RESULT = "playground"  # the recorded result every challenge here reads
DATA_INDEX = {kind: float(i) for i, kind in enumerate((*DATASETS, OWN))}  # a data set as a number a goal can compare
RAW = ("x1", "x2")  # the plain coordinates; every other feature is one the learner made
XOR_LINE = ("No: at most 75%", "Yes: above 75%")  # the first challenge's prediction, outcome = index

_M = (  # every number a Playground run reports, as challenges and assignment links name it
    Metric("test_accuracy", "test accuracy", percent=True, lo=0, hi=1),
    Metric("train_accuracy", "training accuracy", percent=True, lo=0, hi=1),
    Metric("test_r2", "test R²", hi=1),
    Metric("test_loss", "test loss", higher_is_better=False, lo=0),
    Metric("train_loss", "training loss", higher_is_better=False, lo=0),
    Metric("loss_gap", "test loss − training loss", higher_is_better=False),
    Metric("hidden_neurons", "hidden neurons", higher_is_better=False, lo=0),
    Metric("hidden_layers", "hidden layers", higher_is_better=False, lo=0),
    Metric("parameters", "parameters", higher_is_better=False, lo=0),
    Metric("epochs", "epochs trained", lo=0),
    Metric("made_features", "input features beyond x₁ and x₂", higher_is_better=False, lo=0),
    Metric("dataset", "data set (" + ", ".join(f"{int(i)} {k}" for k, i in DATA_INDEX.items()) + ")",
           lo=0, hi=len(DATASETS)),
    Metric("noise", "noise", percent=True, lo=0, hi=0.5),
    Metric("points", "points", lo=0),
    Metric("above_75", "above 75% (1 yes, 0 no)", lo=0, hi=1),
)
METRICS: dict[str, tuple[str, Metric]] = {m.name: (RESULT, m) for m in _M}
_BY_NAME = {m.name: m for m in _M}


def playground_result(run: PlaygroundRun) -> dict[str, float]:
    """What a Playground run achieved, as the page shows it now (after early stopping, the restored weights)."""
    now = evaluate(run, run.epoch)
    hidden = run.net_cfg.hidden
    result = {"train_loss": now.train_loss, "test_loss": now.test_loss, "loss_gap": now.test_loss - now.train_loss,
              "hidden_neurons": float(sum(hidden)), "hidden_layers": float(len(hidden)),
              "parameters": float(run.parameters), "epochs": float(run.epoch),
              "made_features": float(sum(f not in RAW for f in run.net_cfg.features)),
              "dataset": DATA_INDEX[run.data_cfg.kind], "noise": run.data_cfg.noise,
              "points": float(len(run.data_cfg.own) if run.data_cfg.kind == OWN else run.data_cfg.points)}
    if run.data.task == "regression":
        result["test_r2"] = now.test_score
    else:
        result.update(test_accuracy=now.test_score, train_accuracy=now.train_score,
                      above_75=float(now.test_score > 0.75))
    return {k: v for k, v in result.items() if math.isfinite(v)}


def _is(metric: str, value: float) -> Goal:
    return Goal(metric, "==", value)


def _challenge(name: str, title: str, task: str, goals: tuple[Goal, ...], setup: dict, hints: tuple[str, ...],
               explanation: str, prediction: Prediction | None = None) -> Challenge:
    return Challenge(f"architectures.{name}", title, task, RESULT, goals, {"arch_tab": "Playground", **setup},
                     hints, explanation, prediction, {g.metric: _BY_NAME[g.metric] for g in goals}
                     | ({prediction.metric: _BY_NAME[prediction.metric]} if prediction else {}))


OVERFIT_SETUP = {"arch_data": "gauss", "arch_noise": 50, "arch_points": 60, "arch_layers": 3, "arch_act": "relu",
                 "arch_n1": 32, "arch_n2": 32, "arch_n3": 32, "arch_features": ["x1", "x2"], "arch_reg": "none",
                 "arch_rate": 0.0, "arch_dropout": 0.0, "arch_stop": "none", "arch_seed": 0}
OVERFIT_GAP, CURED_GAP = 0.5, 0.25

CHALLENGES: tuple[Challenge, ...] = (  # in the order the lesson teaches them
    _challenge(
        "xor_line", "A straight line on XOR",
        "Train a network with **no hidden layer**, reading only x₁ and x₂, on XOR for at least 100 epochs.",
        (_is("dataset", DATA_INDEX["xor"]), _is("hidden_layers", 0), _is("made_features", 0),
         Goal("epochs", ">=", 100)),
        {"arch_data": "xor", "arch_layers": 0, "arch_features": ["x1", "x2"], "arch_noise": 0},
        ("Open the setup, then press Train and let it run a few seconds before Stop.",
         "With no hidden layer the network is one neuron: its boundary is a straight line.",
         "XOR's blue points sit in two opposite corners: try to draw one line that separates them from the other two."),
        "One neuron draws one straight line, and no line puts XOR's two opposite corners on one side and the "
        "other two on the other: the best a line can do is three corners of four, 75%. That is why networks "
        "need hidden layers (or a made feature like x₁x₂).",
        Prediction("Can a network with no hidden layer get above 75% test accuracy on XOR?", "above_75", XOR_LINE)),
    _challenge(
        "xor_fewest", "XOR with the fewest neurons",
        "Reach **≥ 95% test accuracy on XOR** with **at most 4 hidden neurons**, reading only x₁ and x₂.",
        (_is("dataset", DATA_INDEX["xor"]), _is("made_features", 0), Goal("hidden_neurons", "<=", 4),
         Goal("test_accuracy", ">=", 0.95)),
        {"arch_data": "xor", "arch_layers": 1, "arch_n1": 4, "arch_features": ["x1", "x2"], "arch_noise": 0},
        ("One hidden layer is enough; how many neurons does it need?",
         "Each hidden neuron draws one line; XOR needs two lines to cut off its two blue corners.",
         "One layer of 4 tanh neurons, Adam, learning rate 0.03: press Train and wait about 100 epochs."),
        "Each hidden neuron draws one line, and the output neuron combines them: two or more lines can fence "
        "off XOR's two opposite corners, which no single line can. Depth turns lines into regions.",
        Prediction("How many hidden neurons does the smallest network that solves XOR (≥ 95%) need?",
                   "hidden_neurons", unit=" neurons")),
    _challenge(
        "circle_features", "A circle without hidden layers",
        "Reach **≥ 95% test accuracy on the circle** with **no hidden layer**: choose the input features.",
        (_is("dataset", DATA_INDEX["circle"]), _is("hidden_layers", 0), Goal("test_accuracy", ">=", 0.95)),
        {"arch_data": "circle", "arch_layers": 0, "arch_features": ["x1", "x2"], "arch_noise": 0},
        ("With x₁ and x₂ alone, a network with no hidden layer draws a straight line: no line encloses a circle.",
         "A circle is x₁² + x₂² < r²: which features would make that a straight line?",
         "Pick x₁² and x₂² as the input features (and drop x₁, x₂), then Train."),
        "The circle's boundary x₁² + x₂² = r² is a straight line in the features x₁² and x₂²: the right "
        "features make a hard problem easy for the smallest network. Hidden layers learn such features themselves."),
    _challenge(
        "spiral_small", "The spiral on a budget",
        "Reach **≥ 95% test accuracy on the spiral** with **at most 24 hidden neurons** in total.",
        (_is("dataset", DATA_INDEX["spiral"]), Goal("hidden_neurons", "<=", 24), Goal("test_accuracy", ">=", 0.95)),
        {"arch_data": "spiral", "arch_layers": 1, "arch_n1": 2, "arch_features": ["x1", "x2"], "arch_noise": 0},
        ("One layer of 2 neurons draws two lines: far too few for a spiral.",
         "Depth pays: two or three layers of a few neurons each bend the boundary more than one wide layer.",
         "Made features help too: add sin x₁ and sin x₂.",
         "Try x₁, x₂, sin x₁, sin x₂ with 2 layers of 12 tanh neurons, Adam 0.03, and train about 300 epochs."),
        "Each layer bends the boundary the previous one drew, so a few small layers fold the plane into a "
        "spiral that one layer of the same size cannot; features like sin x₁ hand the network curves for free.",
        Prediction("How many hidden neurons will your solution use?", "hidden_neurons", unit=" neurons")),
    _challenge(
        "overfit_gap", "Overfit on purpose",
        f"On the 30-noisy-point setup (3 layers of 32), train until the **test loss exceeds the training loss by "
        f"at least {OVERFIT_GAP}**.",
        (_is("dataset", DATA_INDEX["gauss"]), Goal("points", "<=", 60), Goal("loss_gap", ">=", OVERFIT_GAP)),
        OVERFIT_SETUP,
        ("Open the setup: 60 points at 50% noise, half of them for training, and a big network.",
         "Train for a few hundred epochs and watch the two loss curves part.",
         "With no regularisation and no stop rule, 300 epochs is plenty."),
        "A network with thousands of parameters and 30 training points can memorise every point, noise "
        "included: the training loss falls towards 0 while the test loss climbs. The gap is what it learnt "
        "that does not carry over.",
        Prediction("After 300 epochs, how large will the test − training loss gap be?", "loss_gap")),
    _challenge(
        "overfit_cure", "Cure the overfitting",
        f"On the same 30-noisy-point setup (3 layers of 32), keep the network and get the **test − training loss "
        f"gap below {CURED_GAP}** after at least 100 epochs, with **≥ 75% test accuracy**.",
        (_is("dataset", DATA_INDEX["gauss"]), Goal("points", "<=", 60), Goal("hidden_neurons", ">=", 96),
         Goal("epochs", ">=", 100), Goal("loss_gap", "<", CURED_GAP), Goal("test_accuracy", ">=", 0.75)),
        OVERFIT_SETUP,
        ("The network is too free: make large weights cost something.",
         "Regularization L2 with λ = 0.01 (Training group), or early stopping.",
         "Set Regularization to L2 and λ to 0.01, press Reset, then Train for 300 epochs."),
        "L2 adds λ·Σw² to the loss, so the network keeps only the weights the data really ask for; the "
        "boundary smooths out and stops chasing single noisy points. Early stopping gets there another way: "
        "it keeps the weights from before the network began to memorise."),
)
