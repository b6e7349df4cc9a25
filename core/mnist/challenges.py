"""This lesson's challenges: tasks checked against the learner's own runs (see core.challenges).

Every challenge reads the result the Train tab records when one of the learner's runs ends
(`train_result`, computed from the run itself: its settings, its curve and its test score).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict

from core.challenges import Challenge, Prediction
from core.goals import Goal, Metric
from core.models import ModelConfig
from core.train import TrainConfig, TrainResult

RESULT = "train"  # the name the Train tab records its runs under

_METRICS = (
    Metric("test_accuracy", "test accuracy", percent=True, lo=0.0, hi=1.0),
    Metric("test_loss", "test loss", higher_is_better=False, lo=0.0),
    Metric("train_seconds", "training time in seconds", higher_is_better=False, lo=0.0),
    Metric("parameters", "parameters", higher_is_better=False, lo=0.0),
    Metric("nan_loss", "NaN loss (1: the loss became NaN)", lo=0.0, hi=1.0),
    Metric("loss_outcome", "how the loss ended (0 fell, 1 flat, 2 NaN)", lo=0.0, hi=2.0),
    Metric("settings_changed", "settings changed from the NaN setup", higher_is_better=False, lo=0.0),
    Metric("val_loss_rise", "validation loss above its best epoch", percent=True, lo=0.0),
    Metric("train_loss_fall", "training loss fall after the best validation epoch", percent=True, hi=1.0),
    Metric("best_epoch", "epoch with the lowest validation loss", lo=0.0),
    Metric("cnn", "network is the CNN (1) or an MLP (0)", lo=0.0, hi=1.0),
)
METRICS: dict[str, tuple[str, Metric]] = {m.name: (RESULT, m) for m in _METRICS}
_TABLE = {m.name: m for m in _METRICS}

# The Train tab's controls, by URL key, for a model and a recipe (the values as the widgets return them).
NAN_SETUP = {"mnist_tab": "Train", "mnist_kind": "mlp", "mnist_depth": 3, "mnist_width": 256, "mnist_shape": "equal",
             "mnist_act": "relu", "mnist_opt": "sgd", "mnist_lr": 10.0, "mnist_batch": 64, "mnist_init": "default",
             "mnist_epochs": 1, "mnist_images": 5000, "mnist_seed": 0, "mnist_dropout": 0.0, "mnist_bn": False,
             "mnist_wd": 0.0, "mnist_clip": 0.0, "mnist_patience": 0}
# the Pitfall lab's overfit preset, which measured a validation loss +23% to +29% above its best on seeds 0-4
OVERFIT_SETUP = {**NAN_SETUP, "mnist_depth": 2, "mnist_width": 512, "mnist_opt": "adam", "mnist_lr": 1e-3,
                 "mnist_batch": 32, "mnist_epochs": 20, "mnist_images": 1000}
FAST_SETUP = {**NAN_SETUP, "mnist_depth": 1, "mnist_width": 128, "mnist_opt": "adam", "mnist_lr": 1e-3,
              "mnist_epochs": 1, "mnist_images": 20_000}


def configs(setup: Mapping[str, object]) -> tuple[ModelConfig, TrainConfig, int]:
    """The model, the recipe and the number of training images a setup of the Train tab's controls means
    (the same rule as `lessons.mnist.train_settings.controls`)."""
    width, depth = int(setup["mnist_width"]), int(setup["mnist_depth"])
    hidden = tuple(max(8, width // 2 ** i) if setup["mnist_shape"] == "halving" else width for i in range(depth))
    model = ModelConfig(kind=str(setup["mnist_kind"]), hidden=hidden, activation=str(setup["mnist_act"]),
                        dropout=float(setup["mnist_dropout"]), batch_norm=bool(setup["mnist_bn"]),
                        init=str(setup["mnist_init"]))
    train = TrainConfig(optimizer=str(setup["mnist_opt"]), lr=float(setup["mnist_lr"]),
                        batch_size=int(setup["mnist_batch"]), epochs=int(setup["mnist_epochs"]),
                        seed=int(setup["mnist_seed"]), weight_decay=float(setup["mnist_wd"]),
                        grad_clip=float(setup["mnist_clip"]), patience=int(setup["mnist_patience"]))
    return model, train, int(setup["mnist_images"])


def _settings(model: ModelConfig, train: TrainConfig, images: int) -> dict:
    """Every setting a learner can change, as comparable values (a CNN ignores the MLP's layer settings)."""
    mine = {**asdict(train), "images": images, "kind": model.kind, "init": model.init}
    if model.kind == "mlp":
        mine.update(hidden=model.hidden, activation=model.activation, dropout=model.dropout,
                    batch_norm=model.batch_norm)
    return mine


def settings_changed(model: ModelConfig, train: TrainConfig, images: int,
                     setup: Mapping[str, object] = NAN_SETUP) -> int:
    """How many settings differ from `setup` (depth and width count once, as the hidden layers)."""
    mine, theirs = _settings(model, train, images), _settings(*configs(setup))
    return sum(mine.get(k) != theirs.get(k) for k in mine.keys() | theirs.keys())


def train_result(model: ModelConfig, train: TrainConfig, images: int, result: TrainResult,
                 parameters: int, classes: int = 10) -> dict[str, float]:
    """What one finished training run achieved, for the challenges and assignment goals: one pure function of
    the run (its settings, curve and test score), which the page records and the tests check."""
    curve = result.curve
    ends = [curve[i] for i in result.epoch_ends if 0 <= i < len(curve)] or curve[-1:]
    nan = result.status == "diverged" or any(not math.isfinite(p.train_loss) for p in curve)
    rise = fall = 0.0
    best = 0
    if ends and not nan:
        vals = [p.val_loss for p in ends]
        best = min(range(len(vals)), key=vals.__getitem__)
        rise = vals[-1] / max(vals[best], 1e-12) - 1
        fall = 1 - ends[-1].train_loss / max(ends[best].train_loss, 1e-12)
    flat = bool(curve) and curve[-1].train_loss > 0.8 * math.log(classes)
    return {
        "test_accuracy": float("nan") if nan else float(result.test_acc),
        "test_loss": float("nan") if nan else float(result.test_loss),
        "train_seconds": float(result.seconds),
        "parameters": float(parameters),
        "nan_loss": float(nan),
        "loss_outcome": 2.0 if nan else 1.0 if flat else 0.0,
        "settings_changed": float(settings_changed(model, train, images)),
        "val_loss_rise": float(rise),
        "train_loss_fall": float(fall),
        "best_epoch": float(best + 1),
        "cnn": float(model.kind == "cnn"),
    }


def _goals(*texts: str) -> tuple[Goal, ...]:
    from core.goals import parse_goal

    return tuple(parse_goal(t, _TABLE) for t in texts)


CHALLENGES: tuple[Challenge, ...] = (  # in the order the lesson teaches them
    Challenge(
        "mnist.nan", "Break it: a NaN loss on purpose",
        "Train a network whose loss becomes NaN (not a number). Start from the setup: three layers of 256 ReLU "
        "neurons and plain SGD at learning rate 10.",
        RESULT, _goals("nan_loss:==:1"), NAN_SETUP,
        ("Open the setup and press Train: the learning rate is the setting that matters.",
         "Each SGD step moves the weights by the learning rate times the gradient. At 10, a step overshoots the "
         "valley so far that the next gradient is larger still."),
        "Each step overshot, the weights grew geometrically until a number overflowed to infinity, and "
        "infinity minus infinity is NaN. From then on every weight is NaN, so training cannot recover: the "
        "trainer stops at the first NaN step.",
        Prediction("What will the training loss do at learning rate 10?", "loss_outcome",
                   ("fall, just slowly", "stay flat near 2.30 (guessing)", "become NaN")),
        _TABLE),
    Challenge(
        "mnist.nan_fix", "Fix the NaN with one change",
        "From the NaN setup, change exactly one setting so that the same network trains to at least 85% test "
        "accuracy without a NaN.",
        RESULT, _goals("nan_loss:==:0", "settings_changed:==:1", "test_accuracy:>=:0.85"), NAN_SETUP,
        ("Which setting made each step too big?",
         "Try the learning rate a few hundred times smaller: SGD with momentum 0.9 takes steps about ten times "
         "the learning rate.",
         "Learning rate 0.03 works; 0.01 is also fine."),
        "The loss surface only looks like a bowl close up. A step no bigger than the bowl's width goes downhill; "
        "a step thousands of times too big lands on the far wall, higher than where it started. Lowering the "
        "learning rate is the standard one-line fix; gradient clipping is the other, and caps the step instead.",
        None, _TABLE),
    Challenge(
        "mnist.overfit", "Memorise: validation loss up, training loss down",
        "Train until the validation loss ends at least 20% above its best epoch while the training loss keeps "
        "falling (by at least 30% after that best epoch). Start from the setup: a 784-512-512-10 MLP on only "
        "1,000 images.",
        RESULT, _goals("val_loss_rise:>=:0.2", "train_loss_fall:>=:0.3"), OVERFIT_SETUP,
        ("A big network, few images, several epochs: the setup already has all three.",
         "Smaller batches mean more steps per epoch, so more memorising.",
         "If the rise stays under 20%, add epochs or use a smaller batch (20 epochs of batch 32 do it)."),
        "With 670,000 weights and 1,000 images, the network can learn each training image by heart. The "
        "training loss keeps falling, while the validation loss, on images it never saw, turns up once it "
        "starts fitting the training set's quirks. That turning point is where early stopping would stop.",
        Prediction("At which epoch will the validation loss be lowest?", "best_epoch"),
        _TABLE),
    Challenge(
        "mnist.small", "Small but good: 96% with at most 25,000 weights",
        "Reach at least 96% test accuracy with a network of at most 25,000 parameters.",
        RESULT, _goals("test_accuracy:>=:0.96", "parameters:<=:25000"),
        {**FAST_SETUP, "mnist_epochs": 2},
        ("An MLP with 32 hidden neurons already has 25,450 parameters, and tops out near 95%.",
         "A convolution reuses the same 3×3 weights at every position of the image.",
         "The CNN has about 20,500 parameters: train it for 2 epochs on 20,000 images."),
        "The CNN shares each 3×3 filter across all 784 positions, so it learns a stroke detector once and "
        "uses it everywhere, where an MLP needs separate weights for every pixel. Built-in knowledge that "
        "images are local and shift-invariant buys accuracy with few weights.",
        Prediction("Which network will get there?", "cnn", ("a small MLP", "the CNN")),
        _TABLE),
    Challenge(
        "mnist.fast", "Fast and accurate: 97.5% within 60 seconds",
        "Reach at least 97.5% test accuracy in at most 60 seconds of training.",
        RESULT, _goals("test_accuracy:>=:0.975", "train_seconds:<=:60"), FAST_SETUP,
        ("The default MLP reaches about 93% after one epoch on 20,000 images: more epochs alone climb slowly.",
         "The CNN reads strokes wherever they are.",
         "The CNN, Adam 0.001, batch 64, 5 epochs on 20,000 images."),
        "The CNN's built-in locality lets it pass 97.5% after a few epochs, where an MLP of any width on this "
        "budget stays around 97-98% and needs far more passes. The 60 seconds are measured by the trainer "
        "itself on this server's device: on a GPU the same run takes a few seconds, on a busy two-core CPU "
        "much longer.",
        Prediction("Which network will get there first?", "cnn", ("an MLP", "the CNN")),
        _TABLE),
)
