"""Take the Playground home: the learner's data set, features, network and training as one standalone script.

The data generator's code is the page's own (read from core.architectures.points), and the model,
loop and evaluation follow core.architectures.playground and trainer step by step, so on the same
machine the script's numbers are the page's. Only the chosen settings are written, each through
`core.export.literal`.
"""
from __future__ import annotations

import inspect
import textwrap
from dataclasses import replace

from core.activations import get as activation
from core.architectures import points
from core.architectures.own_points import to_csv
from core.architectures.playground import FitConfig, NetConfig
from core.architectures.points import DATASETS, FEATURES, OWN, OWN_LABEL, DataConfig
from core.export import Script, literal
from core.export import Step as _Step
from core.train import OPTIMIZER_TABLE

DEFAULT_EPOCHS = 100  # what the script trains when the page has not trained yet
FEATURE_CODE = {"x1": "a", "x2": "b", "x1^2": "a * a", "x2^2": "b * b", "x1x2": "a * b",
                "sin_x1": "torch.sin(a)", "sin_x2": "torch.sin(b)"}
GENERATOR = {"spiral": "_arms", "arms": "_arms", "blobs": "_blobs", "circle": "_circle", "xor": "_xor",
             "gauss": "_gauss", "plane": "_plane", "multigauss": "_multigauss"}


def Step(title: str, words: str, code: str) -> _Step:  # noqa: N802 - builds a core.export.Step
    """A step whose words wrap at 100 characters, so the script's comments stay within the line length."""
    return _Step(title, textwrap.fill(words, 100), code)


def _feature(name: str) -> str:
    scale = FEATURES[name][2]
    return FEATURE_CODE[name] if scale == 1.0 else f"{FEATURE_CODE[name]} * {literal(scale)}"


def _own_data_step(data: DataConfig, features: tuple[str, ...]) -> Step:
    """The visitor's own points travel inside the script, as the CSV "Download points (CSV)" gives."""
    xy, target = data.own.arrays()
    table = to_csv(xy, target, data.task)  # written from a checked PointSet: digits, signs, dots and commas only
    dtype = "torch.long" if data.task == "multiclass" else "torch.float32"
    validation = (f"VALIDATION = {literal(data.validation)}  # share of the training points held out for early "
                  "stopping\n") if data.validation else ""
    n_val = "round(n_train * VALIDATION)" if data.validation else "0"
    inputs = ",\n                        ".join(_feature(f) for f in features)
    code = f'''def make_data():
    """Your points (POINTS_CSV, below), shuffled and split as the page does: (validation,) training, then test."""
    table = np.loadtxt(io.StringIO(POINTS_CSV), delimiter=",", skiprows=1, ndmin=2)
    rng = np.random.default_rng(DATA_SEED)
    perm = rng.permutation(len(table))
    x = torch.as_tensor(table[perm, :2], dtype=torch.float32)  # (N, 2)
    y = torch.as_tensor(table[perm, 2], dtype={dtype})  # (N,)
    n_train = min(max(2, round(len(table) * TRAIN_SHARE)), len(table) - 2)
    n_val = {n_val}
    return {{"train": (x[n_val:n_train], y[n_val:n_train]), "val": (x[:n_val], y[:n_val]),
            "test": (x[n_train:], y[n_train:])}}


def features(x):
    """The network's inputs: {", ".join(features)}, each scaled to about [-1, 1]."""
    a, b = x[:, 0], x[:, 1]
    return torch.stack([{inputs}], 1)


TRAIN_SHARE = {literal(data.train_ratio)}  # the rest is the test set
{validation}DATA_SEED = {literal(data.seed)}
POINTS_CSV = """\\
{table}"""'''
    words = (f"The data: your own {len(target)} points, as the page holds them (already moved into the plane), "
             f"{data.train_ratio:.0%} of them for training; they are shuffled and split as on the page, and the "
             "network reads the chosen features of each point.")
    return Step("Data", words, code)


def _data_step(data: DataConfig, features: tuple[str, ...]) -> Step:
    if data.kind == OWN:
        return _own_data_step(data, features)
    task = data.task
    fn = GENERATOR[data.kind]
    source = textwrap.dedent(inspect.getsource(getattr(points, fn)))
    if data.kind == "multigauss":
        source = f"{source}\n\nGAUSS_CENTRES = {literal(points.GAUSS_CENTRES)}"
    call = {"spiral": f"{fn}(rng, POINTS, NOISE, 2)", "arms": f"{fn}(rng, POINTS, NOISE, CLASSES)",
            "blobs": f"{fn}(rng, POINTS, NOISE, CLASSES)"}.get(data.kind, f"{fn}(rng, POINTS, NOISE)")
    as_float = "\n    y = y.astype(np.float32)" if data.kind == "spiral" else ""
    dtype = "torch.long" if task == "multiclass" else "torch.float32"
    classes = f"CLASSES = {literal(data.classes)}\n" if data.kind in ("arms", "blobs") else ""
    validation = (f"VALIDATION = {literal(data.validation)}  # share of the training points held out for early "
                  "stopping\n") if data.validation else ""
    n_val = "round(n_train * VALIDATION)" if data.validation else "0"
    inputs = ",\n                        ".join(_feature(f) for f in features)
    code = f'''{source}

DATA = {literal(data.kind)}  # {DATASETS[data.kind][1]}
POINTS = {literal(data.points)}
NOISE = {literal(data.noise)}
TRAIN_SHARE = {literal(data.train_ratio)}  # the rest is the test set
{classes}{validation}DATA_SEED = {literal(data.seed)}
RADIUS = {literal(points.RADIUS)}


def make_data():
    """The points, shuffled and split as the page does: (validation,) training, then test."""
    rng = np.random.default_rng(DATA_SEED)
    x, y = {call}{as_float}
    perm = rng.permutation(POINTS)
    x = torch.as_tensor(x[perm], dtype=torch.float32)  # (N, 2)
    y = torch.as_tensor(y[perm], dtype={dtype})  # (N,)
    n_train = min(max(2, round(POINTS * TRAIN_SHARE)), POINTS - 2)
    n_val = {n_val}
    return {{"train": (x[n_val:n_train], y[n_val:n_train]), "val": (x[:n_val], y[:n_val]),
            "test": (x[n_train:], y[n_train:])}}


def features(x):
    """The network's inputs: {", ".join(features)}, each scaled to about [-1, 1]."""
    a, b = x[:, 0], x[:, 1]
    return torch.stack([{inputs}], 1)'''
    words = (f"The data: {POINTS_WORDS(data)}. The generator is the page's own code, so the same seed gives "
             "the same points; then the points are shuffled and split, and the network reads the chosen "
             "features of each point.")
    return Step("Data", words, code)


def POINTS_WORDS(data: DataConfig) -> str:  # noqa: N802 - reads as a phrase
    return (f"{data.points} points of the {DATASETS[data.kind][1].lower()} data set at {data.noise:.0%} noise, "
            f"{data.train_ratio:.0%} of them for training")


def _model_step(net: NetConfig, outputs: int, dropout: float) -> Step:
    acts = ", ".join(f"nn.{activation(a).module.__name__}()" for a in net.activations)
    if net.hidden:
        forward = ("        for layer, act in zip(self.hidden, self.activations, strict=True):\n"
                   + ("            x = F.dropout(act(layer(x)), DROPOUT, self.training)\n" if dropout else
                      "            x = act(layer(x))\n"))
        drop = f"DROPOUT = {literal(dropout)}  # chance of zeroing a hidden neuron's output while training\n" \
            if dropout else ""
        hidden = f"HIDDEN = {literal(net.hidden)}  # neurons per hidden layer\n{drop}"
        body = f'''        widths = [inputs, *HIDDEN]
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths, widths[1:], strict=False))
        self.activations = nn.ModuleList([{acts}])
        self.out = nn.Linear(widths[-1], outputs)'''
        words = (f"The network: {len(net.hidden)} hidden layer{'s' if len(net.hidden) > 1 else ''} "
                 f"({' → '.join(map(str, net.hidden))} neurons), each a linear map followed by its activation, then "
                 "one linear output layer. The seed fixes the first weights.")
    else:
        forward, hidden = "", ""
        body = "        self.out = nn.Linear(inputs, outputs)"
        words = ("The network: no hidden layer, so it is one neuron per output: a weighted sum of the features. "
                 "Its boundary is a straight line in the features it reads. The seed fixes the first weights.")
    code = f'''{hidden}NET_SEED = {literal(net.seed)}  # the first weights, and the order the points are shuffled in


class Net(nn.Module):
    def __init__(self, inputs, outputs={literal(outputs)}):
        super().__init__()
{body}

    def forward(self, x):  # (N, inputs) -> (N, outputs)
{forward}        return self.out(x)'''
    return Step("Model", words, code)


LOSS = {"binary": "F.binary_cross_entropy_with_logits(out[:, 0], y)", "multiclass": "F.cross_entropy(out, y)",
        "regression": "F.mse_loss(out[:, 0], y)"}
SCORE = {"binary": "((out[:, 0] > 0).float() == y).float().mean().item()",
         "multiclass": "(out.argmax(1) == y).float().mean().item()",
         "regression": "(1 - ((out[:, 0] - y) ** 2).sum() / ((y - y.mean()) ** 2).sum().clamp(min=1e-12)).item()"}
HEAD_WORDS = {"binary": "sigmoid + binary cross-entropy", "multiclass": "softmax + cross-entropy",
              "regression": "a linear output + mean squared error"}


def _train_step(task: str, fit: FitConfig, hidden: bool) -> Step:
    penalty = ""
    if fit.regularization != "none" and fit.reg_rate > 0:
        term = "w.abs().sum()" if fit.regularization == "l1" else "(w * w).sum()"
        layers = "(*model.hidden, model.out)" if hidden else "(model.out,)"
        penalty = (f"        weights = [m.weight for m in {layers}]\n"
                   f"        loss = loss + REG_RATE * sum({term} for w in weights)  # the {fit.regularization.upper()} "
                   "penalty on the weights (not the biases)\n")
    reg = f"REG_RATE = {literal(fit.reg_rate)}  # lambda\n" if penalty else ""
    code = f'''OPTIMIZER = torch.optim.{OPTIMIZER_TABLE[fit.optimizer].torch_class.__name__}
LR = {literal(fit.lr)}
BATCH = {literal(fit.batch_size)}
{reg}

def data_loss(out, y):
    return {LOSS[task]}


def train_epoch(model, optimizer, x, y, shuffle):
    """One pass over the shuffled training points in mini-batches."""
    model.train()
    perm = torch.randperm(len(y), generator=shuffle)
    for i in range(0, len(y), min(BATCH, len(y))):
        idx = perm[i:i + BATCH].to(x.device)
        loss = data_loss(model(x[idx]), y[idx])
{penalty}        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()'''
    words = (f"Training: {OPTIMIZER_TABLE[fit.optimizer].label} at learning rate {fit.lr:g} in batches of "
             f"{fit.batch_size}; the loss is the head's: {HEAD_WORDS[task]}.")
    if penalty:
        words += f" The {fit.regularization.upper()} penalty λ = {fit.reg_rate:g} makes large weights cost something."
    return Step("Train", words, code)


def _test_step(task: str) -> Step:
    score = "r2" if task == "regression" else "accuracy"
    code = f'''@torch.no_grad()
def evaluate(model, splits):
    """Loss and {score} on every split, in one pass with dropout off (as the page does)."""
    model.eval()
    names = [name for name in splits if len(splits[name][1])]
    outs = model(torch.cat([splits[name][0] for name in names])).split([len(splits[name][1]) for name in names])
    result = {{}}
    for name, out in zip(names, outs, strict=True):
        y = splits[name][1]
        result[f"{{name}}_loss"] = data_loss(out, y).item()
        result[f"{{name}}_{score}"] = {SCORE[task]}
    return result'''
    words = ("Testing: the data loss (without the penalty, so train and test compare like with like) and the "
             + ("R² (1 is a perfect fit, 0 no better than the mean)" if task == "regression" else
                "accuracy, the share of points on the right side of the boundary")
             + ", on points the network never trained on.")
    return Step("Test", words, code)


def _main_step(data: DataConfig, fit: FitConfig, epochs: int) -> Step:
    task = data.task
    score = "r2" if task == "regression" else "accuracy"
    rule, check = "", ""
    if fit.stop_rule == "accuracy":
        rule = f"TARGET = {literal(fit.target)}  # stop once the training {score} reaches this\n"
        check = f'''        if stats["train_{score}"] >= TARGET:
            print(f"reached the target at epoch {{epoch}}")
            break
'''
    elif fit.stop_rule == "early":
        rule = f"PATIENCE = {literal(fit.patience)}  # epochs without a better validation loss before stopping\n"
        check = '''        if stats["val_loss"] < best_val - 1e-5:
            best_val, best_epoch, best_state = stats["val_loss"], epoch, copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= PATIENCE and best_state is not None:
            model.load_state_dict(best_state)  # back to the weights with the lowest validation loss
            print(f"early stopping at epoch {epoch}: back to epoch {best_epoch}")
            break
'''
    early = "    best_val, best_epoch, best_state = float(\"inf\"), -1, None\n" if fit.stop_rule == "early" else ""
    outputs = _outputs(data)
    code = f'''EPOCHS = {literal(epochs)}
{rule}

def main():
    parser = argparse.ArgumentParser(description="The Playground's experiment, as the page ran it")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args, _ = parser.parse_known_args()  # parse_known_args: a notebook's own arguments are ignored
    # The page trains on the CPU, on one thread: the same here gives the same numbers to the last digit
    # (a GPU or several threads add up in another order and drift in the last digits).
    torch.set_num_threads(1)
    device = torch.device(args.device)
    splits = {{name: (features(x).to(device), y.to(device)) for name, (x, y) in make_data().items()}}
    torch.manual_seed(NET_SEED)
    model = Net(len(splits["train"][0][0]), {literal(outputs)}).to(device)
    optimizer = OPTIMIZER(model.parameters(), lr=LR)
    shuffle = torch.Generator().manual_seed(NET_SEED)
    stats = evaluate(model, splits)
{early}    epoch = 0
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, optimizer, *splits["train"], shuffle)
        stats = evaluate(model, splits)
        if epoch % 10 == 0 or epoch == args.epochs:
            print(f"epoch {{epoch}}: train loss {{stats['train_loss']:.4f}}, test loss {{stats['test_loss']:.4f}}, "
                  f"test {score} {{stats['test_{score}']:.4f}}")
{check}    stats = evaluate(model, splits)
    stats["epochs"] = epoch
    print(json.dumps({{k: v for k, v in stats.items() if not k.startswith("val_")}}))


if __name__ == "__main__":
    main()'''
    stop = {"none": f"for {epochs} epochs", "accuracy": f"until the training {score} reaches {fit.target:.0%} "
            f"(at most {epochs} epochs)", "early": f"with early stopping after {fit.patience} epochs without a "
            f"better validation loss (at most {epochs} epochs)"}[fit.stop_rule]
    words = (f"Putting it together: fix the seeds, make the data, build the network and train it {stop}, "
             "evaluating after every epoch. The last line is the page's numbers as JSON.")
    return Step("Main", words, code)


def _outputs(data: DataConfig) -> int:
    """The network's outputs: one per class for several classes, else one."""
    if data.task != "multiclass":
        return 1
    return data.own.classes if data.kind == OWN else data.classes


def playground_script(data: DataConfig, net: NetConfig, fit: FitConfig, epochs: int = 0) -> Script:
    """The Playground's experiment for these settings, trained `epochs` epochs (the page's own count once it ran)."""
    own = data.kind == OWN and data.own is not None
    if (data.kind not in DATASETS and not own) or not net.features or any(f not in FEATURES for f in net.features):
        raise ValueError("unknown data set or feature")
    epochs = int(epochs) or DEFAULT_EPOCHS
    if fit.stop_rule == "early" and not data.validation:  # as on the page: no validation points, no early stop
        fit = replace(fit, stop_rule="none")
    uses_math = not own and "math." in inspect.getsource(getattr(points, GENERATOR[data.kind]))
    imports = ["import argparse", *(["import copy"] if fit.stop_rule == "early" else []),
               *(["import io"] if own else []), "import json",
               *(["import math"] if uses_math else []),
               "", "import numpy as np", "import torch", "import torch.nn.functional as F", "from torch import nn"]
    dropout = fit.dropout if net.hidden else 0.0
    steps = (Step("Imports", "PyTorch and NumPy only: the script stands on its own.", "\n".join(imports)),
             _data_step(data, net.features),
             _model_step(net, _outputs(data), dropout),
             _train_step(data.task, fit, bool(net.hidden)), _test_step(data.task), _main_step(data, fit, epochs))
    note = (" With dropout the page's and the script's random masks come from different random streams, so "
            "their numbers agree only roughly." if dropout else "")
    name = OWN_LABEL.lower() if own else f"the {DATASETS[data.kind][1].lower()} data set"
    summary = (f"The Architectures lesson's Playground: a network learns {name}. On the CPU this reproduces "
               f"the page's numbers for the same settings and epochs.{note}")
    return Script(f"playground_{data.kind}", textwrap.fill(summary, 100), steps)
