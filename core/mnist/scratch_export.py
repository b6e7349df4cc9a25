"""Take it home: the From scratch race as a standalone script, a NumPy MLP with its backward pass by hand
beside the same network in PyTorch.

The script starts both from the same seeded weights, feeds them the same mini-batches and prints the
largest loss and weight gaps and both test accuracies: on the same machine the very numbers the tab
showed. It imports torch, torchvision and numpy, never this project; settings enter the code only
through `core.export.literal`. The NumPy activations are written out for the chosen one only, with the
same arithmetic as `core.activations`, so that the losses agree bit for bit.
"""
from __future__ import annotations

from core.export import Script, Step, literal
from core.mnist.export import INPUTS_CODE, MNIST_CONSTANTS, TRAIN_SIZE, VAL_SIZE, model_code, wrap
from core.mnist.numpy_mlp import SCRATCH_ACTIVATIONS, ScratchConfig
from core.models import ModelConfig

# f and f' in NumPy for each activation the race offers: core.activations' own formulas
_NUMPY_F = {
    "relu": ("ReLU passes positive numbers and zeroes the rest; its slope is 1 where z > 0, else 0.",
             "def f(z):\n    return np.maximum(z, 0.0)\n\n\n"
             "def f_slope(z):\n    return (z > 0).astype(z.dtype)"),
    "tanh": ("tanh squashes z into (-1, 1); its slope is 1 - tanh²(z).",
             "def f(z):\n    return np.tanh(z)\n\n\n"
             "def f_slope(z):\n    return 1 - np.tanh(z) ** 2"),
    "sigmoid": ("The sigmoid squashes z into (0, 1), written so that it never exponentiates a large positive "
                "number; its slope is σ(z)(1 - σ(z)).",
                "def f(z):\n    e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n\n\n"
                "def f_slope(z):\n    s = f(z)\n    return s * (1 - s)"),
}

_NUMPY_MLP = '''class NumpyMLP:
    """The same MLP in plain NumPy, started from the PyTorch twin's weights."""

    def __init__(self, model):
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        self.weights = [m.weight.detach().cpu().numpy().copy() for m in linears]  # (out, in), as torch keeps them
        self.biases = [m.bias.detach().cpu().numpy().copy() for m in linears]

    def forward(self, x):
        """Logits, and each layer's (z, a) that the backward pass needs."""
        a = x
        cache = [(a, a)]
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = a @ w.T + b
            if i == len(self.weights) - 1:
                return z, cache
            a = f(z)
            cache.append((z, a))

    def loss_and_grads(self, x, y):
        """Mean cross-entropy and its gradient for every weight and bias, by the chain rule."""
        logits, cache = self.forward(x)
        n = len(y)
        shifted = logits - logits.max(1, keepdims=True)  # softmax without overflow
        log_p = shifted - np.log(np.exp(shifted).sum(1, keepdims=True))
        loss = float(-log_p[np.arange(n), y].mean())
        dz = np.exp(log_p)
        dz[np.arange(n), y] -= 1
        dz /= n  # d loss / d logits = (softmax - one_hot) / n
        grads_w, grads_b = [], []
        for i in range(len(self.weights) - 1, -1, -1):  # back one layer at a time
            grads_w.append(dz.T @ cache[i][1])
            grads_b.append(dz.sum(0))
            if i:
                dz = (dz @ self.weights[i]) * f_slope(cache[i][0])  # the chain rule: times f'(z)
        return loss, grads_w[::-1], grads_b[::-1]

    def sgd_step(self, grads_w, grads_b):
        for w, b, gw, gb in zip(self.weights, self.biases, grads_w, grads_b, strict=True):
            w -= LR * gw
            b -= LR * gb

    def accuracy(self, x, y):
        return float((self.forward(x)[0].argmax(1) == y).mean())'''

_MAIN = '''def main():
    parser = argparse.ArgumentParser(description="Race a NumPy MLP against the same one in PyTorch.")
    parser.add_argument("--data-dir", default="./data", help="where MNIST is (or is downloaded to)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",
                        help="where the PyTorch twin trains; NumPy always runs on the CPU")
    args, _ = parser.parse_known_args()  # known args only: a notebook passes its own
    x, y, test_x, test_y = load_data(args.data_dir)
    torch.manual_seed(SEED)
    model = build_model().to(args.device)
    scratch = NumpyMLP(model)  # the very same starting weights
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    x_t, y_t = torch.as_tensor(x, device=args.device), torch.as_tensor(y, device=args.device)
    rng = np.random.default_rng(SEED)  # one shuffle, used by both
    torch_losses, numpy_losses, torch_s, numpy_s = [], [], 0.0, 0.0
    model.train()
    for epoch in range(1, EPOCHS + 1):
        order = rng.permutation(len(y))
        order_t = torch.as_tensor(order, device=args.device)
        for start in range(0, len(order), BATCH_SIZE):
            t0 = time.perf_counter()
            batch_t = order_t[start:start + BATCH_SIZE]
            loss = F.cross_entropy(model(x_t[batch_t]), y_t[batch_t])  # PyTorch: autograd does the backward pass
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            torch_losses.append(loss.item())
            t1 = time.perf_counter()
            batch = order[start:start + BATCH_SIZE]
            value, grads_w, grads_b = scratch.loss_and_grads(x[batch], y[batch])  # NumPy: by hand
            scratch.sgd_step(grads_w, grads_b)
            numpy_losses.append(value)
            numpy_s += time.perf_counter() - t1
            torch_s += t1 - t0
        print(f"epoch {epoch}: {len(torch_losses)} steps, loss {torch_losses[-1]:.4f} (PyTorch) and "
              f"{numpy_losses[-1]:.4f} (NumPy); {torch_s:.2f} s in PyTorch, {numpy_s:.2f} s in NumPy")
    twin = NumpyMLP(model)  # PyTorch's final weights, to compare and to test the same way
    loss_gap = float(np.max(np.abs(np.subtract(torch_losses, numpy_losses))))
    weight_gap = max(float(np.abs(a - b).max()) for a, b in zip(twin.weights, scratch.weights, strict=True))
    print(f"largest loss gap {loss_gap:.1e}, largest weight gap {weight_gap:.1e}")
    print(json.dumps({"max_loss_gap": loss_gap, "max_weight_gap": weight_gap,
                      "torch_test_accuracy": twin.accuracy(test_x, test_y),
                      "numpy_test_accuracy": scratch.accuracy(test_x, test_y)}))


if __name__ == "__main__":
    main()'''


def script(cfg: ScratchConfig) -> Script:
    """The From scratch tab's race for these settings as a script."""
    if cfg.activation not in SCRATCH_ACTIVATIONS:
        raise ValueError(f"the NumPy MLP knows {SCRATCH_ACTIVATIONS}, not {cfg.activation!r}")
    if not (cfg.lr > 0 and cfg.batch_size >= 1 and cfg.epochs >= 1 and 1 <= cfg.images <= TRAIN_SIZE):
        raise ValueError("learning rate, batch size, epochs and images must be positive")
    if not all(isinstance(h, int) and 1 <= h <= 4096 for h in cfg.hidden):
        raise ValueError("hidden widths must be whole numbers")
    net_words, net_code = model_code(ModelConfig(hidden=cfg.hidden, activation=cfg.activation))
    f_words, f_code = _NUMPY_F[cfg.activation]
    steps = (
        Step("Imports", "The same MLP written twice: once with PyTorch's autograd and optimizer, once in plain "
             "NumPy with the backward pass typed out by hand, as the lab's From scratch tab did.",
             "import argparse\nimport json\nimport time\n\nimport numpy as np\nimport torch\n"
             "import torch.nn.functional as F\nfrom torch import nn\nfrom torchvision.datasets import MNIST\n\n"
             f"SEED = {literal(int(cfg.seed))}\n"
             + (f"IMAGES = {literal(int(cfg.images))}  # training images, a seeded subset of the 55,000\n"
                if cfg.images < TRAIN_SIZE else "")
             + f"EPOCHS = {literal(int(cfg.epochs))}\nBATCH_SIZE = {literal(int(cfg.batch_size))}\n"
             f"LR = {literal(float(cfg.lr))}  # plain SGD, no momentum, on both sides\n{MNIST_CONSTANTS}"),
        Step("Data", f"MNIST with the lab's split: {VAL_SIZE:,} training images held out for validation (a fixed "
             "shuffle with seed 0), a seeded subset of the rest to train on, and the 10,000 test images; "
             "pixels scaled to mean 0 and standard deviation 1, then laid out as rows of 784 numbers for NumPy.",
             f"{INPUTS_CODE}\n\n\n"
             "def load_data(data_dir):\n"
             "    train, test = (MNIST(data_dir, train=split, download=True) for split in (True, False))\n"
             "    order = np.random.default_rng(0).permutation(len(train.targets))\n"
             f"    rest = order[{literal(VAL_SIZE)}:]\n"
             + ("" if cfg.images >= TRAIN_SIZE else
                "    rest = rest[torch.randperm(len(rest), generator=torch.Generator().manual_seed(SEED))[:IMAGES]]\n")
             + "    x, y = inputs(train.data[rest]), train.targets[rest]\n"
             "    rows = [t.reshape(len(t), -1).numpy() for t in (x, inputs(test.data))]  # (n, 784) float32\n"
             "    return rows[0], y.numpy(), rows[1], test.targets.numpy()"),
        Step("PyTorch", net_words + " PyTorch's default initialisation draws the starting weights.", net_code),
        Step("NumPy", f"The NumPy twin: forward pass, cross-entropy, and the backward pass by the chain rule, "
             f"one layer at a time; then the SGD step θ ← θ − η∇θL. {f_words}", f"{f_code}\n\n\n{_NUMPY_MLP}"),
        Step("Race", "Both train on the same mini-batches in the same order. Their losses must agree step for step "
             "up to float32 rounding: backpropagation is the chain rule written out once per layer, and autograd "
             "writes it for you without changing the maths. On the same machine the numbers are the tab's.",
             _MAIN),
    )
    net = ModelConfig(hidden=cfg.hidden, activation=cfg.activation).describe()
    summary = wrap(f"MNIST, {net} in NumPy and in PyTorch, SGD lr {cfg.lr:g}, batch {cfg.batch_size}, "
                   f"{cfg.epochs} epoch(s) on {cfg.images:,} images, seed {cfg.seed}: exported from the Neural "
                   "Network Basics Lab's From scratch tab.") + \
        "\nRun: python mnist_from_scratch.py --data-dir ./data (downloads MNIST when missing)"
    return Script("mnist_from_scratch", summary, tuple(Step(s.title, wrap(s.words), s.code) for s in steps))
