"""Take it home: the Train tab's experiment as a standalone, seeded PyTorch script (and notebook).

The script loads MNIST with torchvision, holds out the same validation split, takes the same seeded
subset, builds the same network with the same seed, trains with the same loop and tests it, so that on
the same machine and device it prints the test accuracy the page showed. It imports torch, torchvision
and numpy, never this project. Settings enter the code only through `core.export.literal`.
"""
from __future__ import annotations

import textwrap

from core.data import MNIST_MEAN, MNIST_STD
from core.export import Script, Step, literal
from core.mnist.pitfalls import Fix, Preset
from core.models import ACTIVATIONS, INITS, ModelConfig
from core.train import OPTIMIZER_TABLE, TrainConfig

VAL_SIZE = 5000  # core.data.load_mnist's validation split
TRAIN_SIZE = 55_000
_LAYER = {"relu": "nn.ReLU()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()", "leaky_relu": "nn.LeakyReLU()",
          "elu": "nn.ELU()", "gelu": "nn.GELU()"}
_INIT = {"xavier": "nn.init.xavier_uniform_(m.weight)",
         "he": 'nn.init.kaiming_normal_(m.weight, nonlinearity="relu")',
         "tiny": "nn.init.normal_(m.weight, std=0.01)"}
_INIT_WORDS = {"xavier": "Xavier initialisation keeps the signal's variance through tanh and sigmoid layers.",
               "he": "He initialisation doubles Xavier's variance to make up for the zeros ReLU outputs.",
               "tiny": "Every weight starts tiny, N(0, 0.01²): the classic bad start, on purpose."}


def wrap(text: str, width: int = 100) -> str:
    """The lesson's words in comment-sized lines (each given line stays a paragraph of its own)."""
    return "\n".join(textwrap.fill(line, width) for line in text.splitlines())


# shared with the From scratch export (core.mnist.scratch_export): how MNIST's bytes become network inputs
MNIST_CONSTANTS = (f"MEAN, STD = {literal(MNIST_MEAN)}, {literal(MNIST_STD)}  "
                   "# the training pixels' statistics on [0, 1]")
INPUTS_CODE = ("def inputs(images):\n"
               "    return (images.reshape(-1, 1, 28, 28).to(torch.float32) / 255 - MEAN) / STD")


def _check(model: ModelConfig, train: TrainConfig, images: int, val_images: int) -> None:
    """Settings from a link are checked before they reach the template (literal() then writes them)."""
    if not 1 <= val_images <= VAL_SIZE:
        raise ValueError("the validation images must be part of the 5,000 held out")
    if model.kind not in ("mlp", "cnn") or model.activation not in ACTIVATIONS or model.init not in INITS:
        raise ValueError("unknown network settings")
    if train.optimizer not in OPTIMIZER_TABLE:
        raise ValueError(f"unknown optimizer {train.optimizer!r}")
    if not (1 <= images <= TRAIN_SIZE and train.epochs >= 1 and train.batch_size >= 1 and train.lr > 0):
        raise ValueError("images, epochs, batch size and learning rate must be positive")
    if not all(isinstance(h, int) and 1 <= h <= 4096 for h in model.hidden):
        raise ValueError("hidden widths must be whole numbers")


def model_code(model: ModelConfig) -> tuple[str, str]:
    if model.kind == "cnn":
        return ("A small CNN: two 3×3 convolutions, each followed by 2×2 max pooling that halves the image, then "
                "one dense layer reads the 32 feature maps of 7×7 and gives 10 scores (logits), one per digit.",
                "def build_model():\n    return nn.Sequential(\n"
                "        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (B, 16, 14, 14)\n"
                "        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # (B, 32, 7, 7)\n"
                "        nn.Flatten(),\n"
                "        nn.Linear(32 * 7 * 7, 10),  # 10 scores (logits), one per digit\n"
                "    )")
    widths = [784, *model.hidden]
    lines = ["        nn.Flatten(),  # 28×28 pixels → 784 inputs"]
    for a, b in zip(widths, widths[1:], strict=False):
        layer = [f"nn.Linear({literal(a)}, {literal(b)})"]
        if model.batch_norm:
            layer.append(f"nn.BatchNorm1d({literal(b)})")
        layer.append(_LAYER[model.activation])
        if model.dropout > 0:
            layer.append(f"nn.Dropout({literal(float(model.dropout))})")
        lines.append("        " + ", ".join(layer) + ",")
    lines.append(f"        nn.Linear({literal(widths[-1])}, 10),  # 10 scores (logits), one per digit")
    words = (f"An MLP {'-'.join(map(str, [*widths, 10]))}: each hidden layer is a Linear layer "
             + ("then batch norm (it re-centres each layer's inputs) " if model.batch_norm else "")
             + f"then {model.activation}"
             + (f", then dropout {model.dropout:g} (it silences that share of neurons at each step)"
                if model.dropout > 0 else "")
             + "; the last layer gives 10 scores (logits), one per digit; softmax and cross-entropy come in the "
               "loss.")
    return words, "def build_model():\n    return nn.Sequential(\n" + "\n".join(lines) + "\n    )"


def _optimizer_code(train: TrainConfig) -> str:
    kind = OPTIMIZER_TABLE[train.optimizer]
    options = [f"lr={literal(float(train.lr))}"]
    if kind.momentum:
        options.append(f"momentum={literal(float(train.momentum))}")
    if train.weight_decay:
        options.append(f"weight_decay={literal(float(train.weight_decay))}")
    if kind.fused:
        options.append("fused=True")  # one kernel updates every weight, as the page does (same numbers)
    return f"torch.optim.{kind.torch_class.__name__}(model.parameters(), {', '.join(options)})"


def script(model: ModelConfig, train: TrainConfig, images: int, *, val_images: int = VAL_SIZE,
           origin: str = "Train tab", name: str = "") -> Script:
    """The Train tab's current settings as a script; `images` training images (a seeded subset of 55,000).

    The Pitfall lab exports through here too: its presets validate on the first `val_images` of the held-out
    5,000 (fewer, to keep the lab quick), which early stopping reads.
    """
    _check(model, train, images, val_images)
    net_words, net_code = model_code(model)
    name = name or f"mnist_{model.kind}"
    short_val = val_images < VAL_SIZE
    steps = [
        Step("Imports", f"Train an MNIST digit classifier, as the lab's {origin} did.\n"
             "Only PyTorch, torchvision and NumPy: nothing from the lab itself.",
             "import argparse\nimport json\nimport math\nimport time\n\nimport numpy as np\nimport torch\n"
             "import torch.nn.functional as F\nfrom torch import nn\nfrom torchvision.datasets import MNIST\n\n"
             f"SEED = {literal(int(train.seed))}\n"
             + (f"IMAGES = {literal(int(images))}  # training images, a seeded subset of the 55,000\n"
                if images < TRAIN_SIZE else "")
             + (f"VAL_IMAGES = {literal(int(val_images))}  # validation images: the first of the 5,000 held out\n"
                if short_val else "")
             + f"EPOCHS = {literal(int(train.epochs))}\n"
             f"BATCH_SIZE = {literal(int(train.batch_size))}\n{MNIST_CONSTANTS}"),
        Step("Data", "MNIST: 60,000 training and 10,000 test digits, 28×28 grey pixels.\n"
             "5,000 training images are held out for validation (a fixed shuffle with seed 0), the rest are "
             "training images"
             + (" (the lab validates on the first VAL_IMAGES of them, to stay quick)" if short_val else "")
             + ";\npixels are scaled to [0, 1], then to mean 0 and standard deviation 1, "
             "which is what the network reads.",
             f"{INPUTS_CODE}\n\n\n"
             "def load_data(data_dir, device):\n"
             "    train, test = (MNIST(data_dir, train=split, download=True) for split in (True, False))\n"
             f"    order = np.random.default_rng(0).permutation(len(train.targets))\n"
             f"    val, rest = np.sort(order[:{literal(VAL_SIZE)}]), order[{literal(VAL_SIZE)}:]\n"
             "    x, y = inputs(train.data[rest]), train.targets[rest]\n"
             + ("" if images >= TRAIN_SIZE else
                "    subset = torch.randperm(len(y), generator=torch.Generator().manual_seed(SEED))[:IMAGES]\n"
                "    x, y = x[subset], y[subset]\n")
             + ("    val = val[:VAL_IMAGES]\n" if short_val else "")
             + "    val_x, val_y = inputs(train.data[val]), train.targets[val]\n"
             "    test_x, test_y = inputs(test.data), test.targets\n"
             "    return [t.to(device) for t in (x, y, val_x, val_y, test_x, test_y)]"),
        Step("Model", net_words + (f"\n{_INIT_WORDS[model.init]}" if model.init in _INIT else ""),
             net_code + ("" if model.init not in _INIT else
                         "\n\n\ndef initialise(model):\n    for m in model.modules():\n"
                         "        if isinstance(m, (nn.Linear, nn.Conv2d)):\n"
                         f"            {_INIT[model.init]}\n            nn.init.zeros_(m.bias)")),
        Step("Train", "One epoch is one shuffled pass over the training images in mini-batches. For each batch: "
             "the forward pass gives the scores,\ncross-entropy punishes a low probability on the right digit, "
             "backpropagation fills each weight's gradient,\nand the optimizer steps downhill"
             + (f", with the gradient's length capped at {train.grad_clip:g}" if train.grad_clip > 0 else "")
             + ". A NaN loss means the steps were too big: training stops there.",
             "def train_epoch(model, optimizer, x, y, shuffle):\n"
             "    model.train()\n"
             "    order = torch.randperm(len(y), generator=shuffle, device=x.device)\n"
             "    for start in range(0, len(y), BATCH_SIZE):\n"
             "        batch = order[start:start + BATCH_SIZE]\n"
             "        loss = F.cross_entropy(model(x[batch]), y[batch])\n"
             "        optimizer.zero_grad(set_to_none=True)\n"
             "        loss.backward()\n"
             + (f"        nn.utils.clip_grad_norm_(model.parameters(), {literal(float(train.grad_clip))})\n"
                if train.grad_clip > 0 else "")
             + "        optimizer.step()\n"
             "        if not math.isfinite(loss.item()):\n"
             "            return False  # the loss became NaN or infinite\n"
             "    return True"),
        Step("Test", "Mean cross-entropy and accuracy on images the network never trained on, in eval mode "
             "(dropout off, batch norm frozen).",
             "@torch.no_grad()\n"
             "def evaluate(model, x, y, batch=512):\n"
             "    model.eval()\n"
             "    loss, correct = 0.0, 0\n"
             "    for start in range(0, len(y), batch):\n"
             "        logits = model(x[start:start + batch])\n"
             "        loss += F.cross_entropy(logits, y[start:start + batch], reduction=\"sum\").item()\n"
             "        correct += (logits.argmax(1) == y[start:start + batch]).sum().item()\n"
             "    return loss / len(y), correct / len(y)"),
        Step("Main", "Fix the seed, build, train epoch by epoch (printing validation progress), test, and print "
             "the page's numbers as one JSON line.\nOn the same machine and device the numbers match the page's; "
             "across devices or thread counts, floating-point sums may round differently, so they agree "
             "to a fraction of a point."
             + (f"\nEarly stopping: after {train.patience} epoch(s) without a better validation loss, go back to "
                "the best epoch's weights." if train.patience > 0 else ""),
             _main_code(train, model)),
    ]
    summary = wrap(f"MNIST, {model.describe()}, {train.optimizer} lr {train.lr:g}, batch {train.batch_size}, "
                    f"{train.epochs} epoch(s) on {images:,} images, seed {train.seed}: exported from the Neural "
                    f"Network Basics Lab's {origin}.") + f"\nRun: python {name}.py --data-dir ./data (downloads " \
        "MNIST when missing)"
    steps = [Step(step.title, wrap(step.words), step.code) for step in steps]
    return Script(name, summary, tuple(steps))


def _main_code(train: TrainConfig, model: ModelConfig) -> str:
    stop = train.patience > 0
    lines = [
        "def main():",
        '    parser = argparse.ArgumentParser(description="Train an MNIST classifier as the lab did.")',
        '    parser.add_argument("--data-dir", default="./data", help="where MNIST is (or is downloaded to)")',
        '    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")',
        "    args, _ = parser.parse_known_args()  # known args only: a notebook passes its own",
        "    x, y, val_x, val_y, test_x, test_y = load_data(args.data_dir, args.device)",
        "    torch.manual_seed(SEED)  # the starting weights",
        "    model = build_model().to(args.device)",
    ]
    if model.init in _INIT:
        lines.append("    initialise(model)")
    lines += [
        "    torch.manual_seed(SEED)  # dropout's masks",
        "    shuffle = torch.Generator(device=args.device).manual_seed(SEED)  # the order of the images",
        f"    optimizer = {_optimizer_code(train)}",
    ]
    if stop:
        lines += ["    best_loss, best_state, bad_epochs = math.inf, None, 0"]
    lines += [
        "    start = time.perf_counter()",
        "    for epoch in range(1, EPOCHS + 1):",
        "        if not train_epoch(model, optimizer, x, y, shuffle):",
        '            print(f"epoch {epoch}: the loss became NaN; lower the learning rate or clip the gradient")',
        '            print(json.dumps({"test_accuracy": None, "test_loss": None}))',
        "            return",
        "        val_loss, val_acc = evaluate(model, val_x, val_y)",
        "        seconds = time.perf_counter() - start",
        '        print(f"epoch {epoch}: validation loss {val_loss:.4f}, accuracy {val_acc:.2%} ({seconds:.1f} s)")',
    ]
    if stop:
        lines += [
            "        if val_loss < best_loss - 1e-4:",
            "            best_loss, bad_epochs = val_loss, 0",
            "            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}",
            "        else:",
            "            bad_epochs += 1",
            f"            if bad_epochs >= {literal(int(train.patience))}:",
            "                model.load_state_dict(best_state)  # keep the best epoch, not the last",
            '                print("early stopping: back to the best epoch")',
            "                break",
        ]
    lines += [
        "    test_loss, test_acc = evaluate(model, test_x, test_y)",
        '    print(f"test: loss {test_loss:.4f}, accuracy {test_acc:.2%}")',
        '    print(json.dumps({"test_accuracy": test_acc, "test_loss": test_loss}))',
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
    ]
    return "\n".join(lines)


def pitfall_script(preset: Preset, fix: Fix | None) -> Script:
    """A Pitfall lab preset as it is (fix=None) or with one of its fixes: the same script as the Train tab's."""
    model, train = (preset.model, preset.train) if fix is None else (fix.model, fix.train)
    how = "as it is" if fix is None else f"fixed with {fix.label.lower()}"
    return script(model, train, preset.images, val_images=preset.val_images,
                  origin=f"Pitfall lab ({preset.title}, {how})",
                  name=f"mnist_pitfall_{preset.key}" + (f"_{fix.key}" if fix else ""))
