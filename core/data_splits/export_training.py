"""Scripts for the lesson's MNIST experiments: input scale, augmentation and fitting (see core.data_splits.export).

On the same machine and device they reproduce the page's numbers exactly: the same data, sample, initial
weights, batch order and one CPU thread. On a GPU the page and the script agree to within float rounding.
"""
from __future__ import annotations

from core.data_splits.augmentation import AugConfig, affine_params
from core.data_splits.export_parts import (
    EVALUATE,
    JSON_OUT,
    MAIN_GUARD,
    MNIST_LOADER,
    MNIST_WORDS,
    ONE_THREAD,
    command_line,
    constants,
    imports,
    optimizer_line,
    script,
    step,
)
from core.data_splits.fitting import CAPACITIES, RISE, UNDERFIT_SHARE, BiasVarianceConfig, FittingConfig
from core.data_splits.scaling import NormConfig
from core.export import Script, literal

TORCH = ("import argparse", "import json", "import math", "", "import numpy as np", "import torch",
         "import torch.nn.functional as F", "from torch import nn", "from torchvision import datasets")
MODEL = '''def make_model(hidden):
    """The tutorial's MLP: flatten the 28 × 28 image, hidden ReLU layers, 10 logits."""
    layers, width = [nn.Flatten()], 28 * 28
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    return nn.Sequential(*layers, nn.Linear(width, 10))'''


SEP = ",\n        "  # one transform per line


def _seeds(first: int, count: int) -> tuple[int, ...]:
    return tuple(range(first, first + count))


def scaling(cfg: NormConfig) -> Script:
    """Input scale: the same network on raw, [0, 1] and standardised pixels, over `cfg.seeds` seeds."""
    opt = "SGD with momentum 0.9, one step size for every weight" if cfg.optimizer == "sgd" else (
        "Adam, which scales each weight's step by its own recent gradients")
    train = f'''def train(model, x, y, val_x, val_y, seed):
    """{opt.capitalize()}, on shuffled mini-batches of 64.

    About 8 times an epoch, note the running training loss and the validation accuracy.
    Returns (losses, last validation accuracy, diverged).
    """
    optimizer = {optimizer_line(cfg.optimizer)}
    shuffle = torch.Generator(device=x.device).manual_seed(seed)
    every = max(1, len(y) // BATCH // 8)
    losses, val_acc, running, seen, step = [], float("nan"), 0.0, 0, 0
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(y), generator=shuffle, device=x.device)
        for i in range(0, len(y), BATCH):
            idx = order[i:i + BATCH]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            if not torch.isfinite(loss):  # the steps overshot until the loss became NaN: diverged
                return losses, float("nan"), True
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step, running, seen = step + 1, running + loss.item() * len(idx), seen + len(idx)
            if step % every == 0:
                losses.append(running / seen)
                running, seen = 0.0, 0
                val_acc = evaluate(model, val_x, val_y)[1]
                model.train()
    return losses, val_acc, False'''
    main = f'''def main():
{command_line("Input scale: one network on raw, [0, 1] and standardised pixels", device=True, mnist=True)}
{ONE_THREAD}
    (train_x, train_y), (val_x, val_y), _ = load_mnist(args.data_dir, args.device)
    val_x, val_y = val_x[:2000], val_y[:2000]
    runs = {{scale: [] for scale in SCALES}}
    for seed in SEEDS:
        x, y = subset(train_x, train_y, TRAIN_IMAGES, seed)
        train_sets, val_sets = input_scales(x, x), input_scales(val_x, x)
        for scale in SCALES:
            torch.manual_seed(seed)  # the same initial weights for every scale
            model = make_model((HIDDEN,)).to(args.device)
            losses, acc, diverged = train(model, train_sets[scale], y, val_sets[scale], val_y, seed)
            runs[scale].append((losses, acc, diverged))
            print(f"seed {{seed}}, {{scale:>12}}: " + ("diverged (the loss became NaN)" if diverged else
                  f"mean training loss {{np.mean(losses):.3f}}, validation accuracy {{acc:.1%}}"))
    acc = {{s: float(np.mean([0.0 if d else a for _, a, d in runs[s]])) for s in SCALES}}  # diverged counts as 0
    loss = {{s: float(np.mean([np.mean(losses) if losses and not d else math.inf for losses, _, d in runs[s]]))
            for s in SCALES}}  # the mean training loss over the run (lower: converged faster)
    change = acc["raw 0–255"] - acc["standardised"]
    print(json.dumps({{
        "raw_accuracy": acc["raw 0–255"], "unit_accuracy": acc["[0, 1]"], "standardised_accuracy": acc["standardised"],
        "raw_diverged": float(sum(d for _, _, d in runs["raw 0–255"])),
        "raw_vs_standardised": 0.0 if change < -0.05 else 2.0 if change > 0.05 else 1.0,
        "scaling_seeds": float(len(SEEDS)),
        "raw_mean_loss": finite(loss["raw 0–255"]), "unit_mean_loss": finite(loss["[0, 1]"]),
        "standardised_mean_loss": finite(loss["standardised"]),
    }}))'''
    settings = constants(("TRAIN_IMAGES", cfg.n_train, "MNIST training images per seed"),
                         ("EPOCHS", cfg.epochs, ""), ("LEARNING_RATE", cfg.lr, "one step size for every weight"
                                                     if cfg.optimizer == "sgd" else "Adam's base step"),
                         ("HIDDEN", cfg.hidden, "one hidden layer: the tutorial's 784-128-10"),
                         ("SEEDS", _seeds(cfg.seed, cfg.seeds), "each: its own sample, initial weights, batch order"),
                         ("BATCH", 64, ""), ("SCALES", ("raw 0–255", "[0, 1]", "standardised"), ""))
    return script("data_scaling", (
        "Input scale, from the Neural Network Basics Lab (Data & splits › Scaling): the same MLP, from the same "
        f"initial weights and batches, learns from raw pixels (0–255), pixels in [0, 1] and standardised pixels, "
        f"with {opt}. Its last line is the page's numbers as JSON; on the same machine and device they match "
        "exactly (one CPU thread, as on the page)."), (
        imports("The settings are the page's when you downloaded this script.", TORCH, settings),
        step("Data", MNIST_WORDS + "\n\nThe three scales are made from the same pixels; the standardiser's mean "
             "and standard deviation come from the training images only, as a deployed model would meet new data.",
             MNIST_LOADER + '''


def input_scales(images, fit_on):
    """The same images three ways: pixels 0–255, pixels in [0, 1], and (pixel − mean) / std."""
    pixels, train_pixels = to_pixels(images), to_pixels(fit_on)
    mean, std = train_pixels.mean(), train_pixels.std()  # the scaler is fitted on the training images only
    return {"raw 0–255": pixels * 255, "[0, 1]": pixels, "standardised": (pixels - mean) / std}'''),
        step("Model", "One hidden layer of 128 ReLUs, the tutorial's 784-128-10.", MODEL),
        step("Train", "A step that suits inputs of size 1 is 255 times too large for raw pixels: the first layer's "
             "outputs are huge and each step overshoots. A NaN loss ends the run.", train),
        step("Test", "Validation accuracy and loss, with dropout and batch statistics frozen (eval mode).", EVALUATE),
        step("Main", "Every scale on every seed; a seed whose loss became NaN counts as 0 accuracy in the JSON.",
             JSON_OUT + "\n\n\n" + main + "\n\n\n" + MAIN_GUARD)))


def augmentation(cfg: AugConfig) -> Script:
    """Augmentation: the small MLP with and without the chosen transforms (and flips, if chosen), per seed."""
    affine = {k: v for k, v in affine_params(cfg.names).items() if v not in (0, None)}
    steps = []
    if affine:
        steps.append(f"v2.RandomAffine(degrees={literal(affine.get('degrees', 0))}"
                     + "".join(f", {k}={literal(v)}" for k, v in affine.items() if k != "degrees") + ")")
    extra = {"crop": "v2.RandomResizedCrop(28, scale=(0.8, 1.0), ratio=(0.9, 1.1))",
             "elastic": "v2.ElasticTransform(alpha=20.0, sigma=4.0)", "noise": "v2.GaussianNoise(sigma=0.15)"}
    steps += [extra[n] for n in ("crop", "elastic", "noise") if n in cfg.names]
    arms = ('("none", "augmented", "augmented + flips")' if cfg.with_flips else '("none", "augmented")')
    flip = ('\n    if arm == "augmented + flips":  # the wrong augmentation for digits: a mirrored 2 is no digit\n'
            '        steps.append(v2.RandomHorizontalFlip(p=0.5))') if cfg.with_flips else ""
    augment = f'''def augmenter(arm):
    """A batch transform: normalised images in, augmented normalised images out (None: no augmentation)."""
    if arm == "none":
        return None
    steps = [  # changes that keep the digit's identity
        {SEP.join(steps)},
    ]{flip}
    pipeline = v2.Compose(steps)

    def augment(x):
        pixels = to_pixels(x)  # background 0, so the transforms fill with blank
        # v2 draws one random transform per call: 8 images share each draw (a call per image is slow)
        return normalise(torch.cat([pipeline(pixels[i:i + 8]) for i in range(0, len(pixels), 8)]))

    return augment'''
    train = f'''def train(model, x, y, seed, augment):
    """Adam (learning rate 0.001) on shuffled mini-batches of 64, each batch augmented if there is a transform."""
    optimizer = {optimizer_line("adam", "0.001")}
    shuffle = torch.Generator(device=x.device).manual_seed(seed)
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(y), generator=shuffle, device=x.device)
        for i in range(0, len(y), BATCH):
            idx = order[i:i + BATCH]
            xb = x[idx] if augment is None else augment(x[idx])  # (batch, 1, 28, 28)
            loss = F.cross_entropy(model(xb), y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()'''
    main = f'''def main():
{command_line("Augmentation: a small MLP with and without label-keeping transforms", device=True, mnist=True)}
{ONE_THREAD}
    (train_x, train_y), _, (test_x, test_y) = load_mnist(args.data_dir, args.device)
    scores = {{arm: [] for arm in ARMS}}
    for seed in range(SEEDS):
        for arm in ARMS:
            x, y = subset(train_x, train_y, TRAIN_IMAGES, seed)
            augment = augmenter(arm)
            torch.manual_seed(seed)  # the same initial weights in every arm (and the transforms' random draws)
            model = make_model((HIDDEN,)).to(args.device)
            train(model, x, y, seed, augment)
            scores[arm].append(evaluate(model, test_x, test_y)[1])
            print(f"seed {{seed}}, {{arm}}: test accuracy {{scores[arm][-1]:.1%}}")
    mean = {{arm: float(np.mean(s)) for arm, s in scores.items()}}
    metrics = {{"augmented_test_accuracy": mean["augmented"], "plain_test_accuracy": mean["none"],
               "augmentation_gain": mean["augmented"] - mean["none"], "augmentation_seeds": float(SEEDS)}}'''
    if cfg.with_flips:
        main += '\n    metrics["flips_gain"] = mean["augmented + flips"] - mean["none"]'
    main += "\n    print(json.dumps(metrics))"
    settings = constants(("TRAIN_IMAGES", cfg.n_train, "the small training set"), ("EPOCHS", cfg.epochs, ""),
                         ("SEEDS", cfg.seeds, "seeds 0, 1, …: each its own sample and initial weights"),
                         ("HIDDEN", cfg.hidden, "the tutorial's MLP 784-128-10"), ("BATCH", 64, ""))
    settings += f"\nARMS = {arms}"
    names = ", ".join(cfg.names)
    return script("data_augmentation", (
        "Augmentation, from the Neural Network Basics Lab (Data & splits › Augmentation): the tutorial's MLP "
        f"learns from {cfg.n_train} MNIST images with and without augmentation ({names})"
        + (", and once more with left-right flips added" if cfg.with_flips else "")
        + ". Its last line is the page's numbers as JSON; on the same machine and device they match exactly "
        "(one CPU thread and the same random draws, as on the page)."), (
        imports("The settings are the page's when you downloaded this script.",
                (*(m for m in TORCH if m != "import math"), "from torchvision.transforms import v2"), settings),
        step("Data", MNIST_WORDS + "\n\nAugmentation shows the network each digit slightly changed in ways that "
             "keep it the same digit" + (". Flips do not: a mirrored 2, 3, 4, 5 or 7 is no digit." if cfg.with_flips
                                         else "."),
             MNIST_LOADER + '''


def normalise(pixels):
    """Pixels in [0, 1] to the network's inputs."""
    return (pixels - MNIST_MEAN) / MNIST_STD


''' + augment),
        step("Model", "One hidden layer of 128 ReLUs, the tutorial's 784-128-10.", MODEL),
        step("Train", "Augmented images are harder to fit, so they need more epochs than the originals.", train),
        step("Test", "Test accuracy on all 10,000 test images, in eval mode.", EVALUATE),
        step("Main", "Every arm on every seed, each arm from the same sample and initial weights.",
             main + "\n\n\n" + MAIN_GUARD)))


def fitting(cfg: FittingConfig) -> Script:
    """Under- and overfitting: three sizes of MLP, their learning curves, regimes and early-stopping epochs."""
    train = f'''def train(model, x, y, val_x, val_y, seed):
    """Adam on shuffled mini-batches of 64; after each epoch, the mean training loss and the validation loss."""
    optimizer = {optimizer_line("adam")}
    shuffle = torch.Generator(device=x.device).manual_seed(seed)
    train_loss, val_loss = [], []
    for _ in range(EPOCHS):
        model.train()
        order = torch.randperm(len(y), generator=shuffle, device=x.device)
        total, seen = 0.0, 0
        for i in range(0, len(y), BATCH):
            idx = order[i:i + BATCH]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total, seen = total + loss.item() * len(idx), seen + len(idx)
        train_loss.append(total / seen)
        val_loss.append(evaluate(model, val_x, val_y)[0])
    return train_loss, val_loss'''
    test = EVALUATE + f'''


def regime(train_loss, val_loss):
    """Overfitting: validation loss ended {RISE:.0%} above its minimum while training loss kept falling.
    Underfitting: otherwise, if training loss is still above {UNDERFIT_SHARE:g} × ln 10 (chance level).
    Good fit: neither. Also returns the early-stopping epoch (1-based): the lowest validation loss."""
    best = int(np.argmin(val_loss))
    if val_loss[-1] > val_loss[best] * (1 + {RISE!r}) and train_loss[-1] < train_loss[best]:
        return "overfitting", best + 1
    if train_loss[-1] > {UNDERFIT_SHARE!r} * math.log(10):
        return "underfitting", best + 1
    return "good fit", best + 1'''
    main = f'''def main():
{command_line("Under- and overfitting: three network sizes", device=True, mnist=True)}
{ONE_THREAD}
    (train_x, train_y), (val_x, val_y), _ = load_mnist(args.data_dir, args.device)
    val_x, val_y = val_x[:2000], val_y[:2000]
    curves = {{name: [] for name in SIZES}}
    for seed in SEEDS:
        x, y = subset(train_x, train_y, TRAIN_IMAGES, seed)
        for name, hidden in SIZES.items():
            torch.manual_seed(seed)
            model = make_model(hidden).to(args.device)
            train_loss, val_loss = train(model, x, y, val_x, val_y, seed)
            curves[name].append((train_loss, val_loss))
            kind, stop = regime(train_loss, val_loss)
            print(f"seed {{seed}}, {{name:>9}}: {{kind}}; train {{train_loss[-1]:.3f}}, validation "
                  f"{{val_loss[-1]:.3f}}; early stopping at epoch {{stop}}")
    large = curves["too large"]
    print(json.dumps({{
        "overfit_rise": float(min(v[-1] / min(v) - 1 for _, v in large)),
        "large_best_epoch": float(np.mean([regime(t, v)[1] for t, v in large])),
        "large_best_val_loss": float(np.mean([min(v) for _, v in large])),
        "right_best_val_loss": float(np.mean([min(v) for _, v in curves["right"]])),
        "fitting_seeds": float(len(SEEDS)),
    }}))'''
    settings = constants(("TRAIN_IMAGES", cfg.n_train, "a small training set overfits within a few epochs"),
                         ("EPOCHS", cfg.epochs, ""), ("LEARNING_RATE", cfg.lr, "Adam's"),
                         ("SEEDS", _seeds(cfg.seed, cfg.seeds), "each: its own sample, initial weights, batch order"),
                         ("BATCH", 64, ""))
    settings += "\nSIZES = {" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in CAPACITIES.items()) + "}"
    return script("data_fitting", (
        "Under- and overfitting, from the Neural Network Basics Lab (Data & splits › Fitting): three MLPs, too "
        f"small, about right and too large, learn from {cfg.n_train} MNIST images; the validation loss tells the "
        "regimes apart, and its lowest epoch is where early stopping would keep the weights. Its last line is the "
        "page's numbers as JSON; on the same machine and device they match exactly (one CPU thread, as on the "
        "page)."), (
        imports("The settings are the page's when you downloaded this script. SIZES holds each network's hidden "
                "widths.", TORCH, settings),
        step("Data", MNIST_WORDS, MNIST_LOADER),
        step("Model", "Flatten, hidden ReLU layers, 10 logits: 2 hidden units underfit, two layers of 256 "
             "memorise 1,000 images.", MODEL),
        step("Train", "Training loss always falls; the validation loss tells whether the network learns or "
             "memorises.", train),
        step("Test", "Validation loss in eval mode, and the regime each learning curve shows.", test),
        step("Main", "Every size on every seed.", main + "\n\n\n" + MAIN_GUARD)))


def bias_variance(cfg: BiasVarianceConfig) -> Script:
    """Bias and variance over capacity: many small tanh networks, fitted at once as one batched model."""
    data = '''def true_curve(x):
    return torch.sin(2 * math.pi * x) * (1 - 0.5 * x)


def training_sets(g):
    """DATASETS small training sets of noisy points from the same curve, the same ones for every width."""
    x = torch.rand(DATASETS, POINTS, 1, generator=g) * 2 - 1  # (sets, points, 1)
    y = true_curve(x) + NOISE * torch.randn(DATASETS, POINTS, 1, generator=g)
    return x.repeat(len(WIDTHS), 1, 1), y.repeat(len(WIDTHS), 1, 1)  # (widths · sets, points, 1)'''
    model = '''def make_networks(g):
    """One tanh network per (width, training set), all with max(WIDTHS) hidden units, of which a mask keeps
    only the network's own width: the batch trains them independently, in one pass."""
    k, r, h = len(WIDTHS), DATASETS, max(WIDTHS)
    mask = (torch.arange(h) < torch.tensor(WIDTHS).repeat_interleave(r)[:, None]).float()[:, None, :]
    width = mask.sum(-1, keepdim=True)  # (k · r, 1, 1)
    w1 = (torch.randn(k * r, 1, h, generator=g) * 4).requires_grad_()  # spread the tanh steps over [-1, 1]
    b1 = (torch.randn(k * r, 1, h, generator=g) * 2).requires_grad_()
    w2 = (torch.randn(k * r, h, 1, generator=g) / width.sqrt()).requires_grad_()
    b2 = torch.zeros(k * r, 1, 1).requires_grad_()

    def net(inp):
        return (torch.tanh(inp @ w1 + b1) * mask) @ w2 + b2  # (k · r, points, 1)

    return net, [w1, b1, w2, b2]'''
    train = '''def train(net, params, x, y):
    """Full-batch Adam on the sum of every network's own mean squared error."""
    optimizer = torch.optim.Adam(params, lr=0.01)
    for step in range(STEPS):
        loss = ((net(x) - y) ** 2).mean((1, 2)).sum()  # a sum of independent losses: one per network
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (step + 1) % (STEPS // 4) == 0:
            print(f"step {step + 1}/{STEPS}: summed training error {loss.item():.3f}")'''
    test = '''def decompose(net, x, y):
    """Bias²: how far the average fit is from the truth. Variance: how much the fits disagree. Both on a grid."""
    grid = torch.linspace(-1, 1, 200)[None, :, None]
    with torch.no_grad():
        pred = net(grid.expand(len(x), -1, -1))[..., 0].reshape(len(WIDTHS), DATASETS, -1)  # (widths, sets, grid)
        train_mse = ((net(x) - y) ** 2).mean((1, 2)).reshape(len(WIDTHS), DATASETS).mean(1)
    bias2 = ((pred.mean(1) - true_curve(grid[0, :, 0])) ** 2).mean(1)
    variance = pred.var(1, unbiased=False).mean(1)
    return bias2.numpy(), variance.numpy(), train_mse.numpy()'''
    main = f'''def main():
{command_line("Bias and variance over capacity", device=False, mnist=False)}
{ONE_THREAD}
    g = torch.Generator().manual_seed(SEED)  # one generator draws the data, then the initial weights
    x, y = training_sets(g)
    net, params = make_networks(g)
    train(net, params, x, y)
    bias2, variance, train_mse = decompose(net, x, y)
    test_mse = bias2 + variance + NOISE ** 2  # the expected error on a new noisy point
    for w, b, v, t in zip(WIDTHS, bias2, variance, test_mse, strict=True):
        print(f"{{w:>3}} hidden units: bias² {{b:.3f}}  variance {{v:.3f}}  expected test error {{t:.3f}}")
    best = int(np.argmin(test_mse))
    print(json.dumps({{"best_width": float(WIDTHS[best]), "lowest_test_error": float(test_mse.min()),
                      "bias2": [float(b) for b in bias2], "variance": [float(v) for v in variance],
                      "training_error": [float(t) for t in train_mse]}}))'''
    settings = constants(("WIDTHS", cfg.widths, "hidden tanh units: the capacity axis"),
                         ("DATASETS", cfg.datasets, "training sets, each drawn afresh from the same curve"),
                         ("POINTS", cfg.n_points, "noisy points per training set"),
                         ("NOISE", cfg.noise, "standard deviation of the label noise"),
                         ("STEPS", cfg.steps, "full-batch Adam steps"), ("SEED", cfg.seed, ""))
    return script("data_bias_variance", (
        "Bias and variance over capacity, from the Neural Network Basics Lab (Data & splits › Fitting): "
        f"{cfg.datasets} small noisy samples of one curve, a tanh network of each width fitted to each. Its last "
        "line is the page's numbers as JSON; on the CPU they match the page exactly (one thread, as on the page)."), (
        imports("The settings are the page's when you downloaded this script. The page computes this on the CPU, "
                "so this script does too.", ("import argparse", "import json", "import math", "",
                                              "import numpy as np", "import torch"), settings),
        step("Data", "Bias and variance need many training sets: each is a few noisy points of the same curve.",
             data),
        step("Model", "A batch of one-hidden-layer tanh networks, one per width and training set.", model),
        step("Train", "Every network learns its own training set, all in one batched model.", train),
        step("Test", "Expected test error = bias² + variance + noise²; noise² is what no model can remove.", test),
        step("Main", "Fit, decompose, and report where the expected test error is lowest.",
             main + "\n\n\n" + MAIN_GUARD)))
