"""Pieces every Data & splits script shares: the settings block, the command line, MNIST as the lab holds it.

A script's settings are constants at its top, each written through `core.export.literal`, so a value that
came from a link reaches the code only as a checked Python literal.
"""
from __future__ import annotations

import textwrap
from collections.abc import Sequence

from core.export import Script, Step, literal

WIDTH = 110  # a script's comment lines stay within the project's line length


def wrap(text: str) -> str:
    """Paragraphs (blank-line separated) wrapped to WIDTH: the same Markdown, and comment lines that fit."""
    return "\n\n".join(textwrap.fill(" ".join(par.split()), WIDTH) for par in text.strip().split("\n\n"))


def step(title: str, words: str, code: str) -> Step:
    """A step whose words are wrapped, so that the script's comments stay short."""
    return Step(title, wrap(words), code)


def script(name: str, summary: str, steps: Sequence[Step]) -> Script:
    return Script(name, wrap(summary), tuple(steps))


def constants(*rows: tuple[str, object, str]) -> str:
    """`NAME = value  # comment` lines for (name, value, comment) rows."""
    return "\n".join(f"{name} = {literal(value)}" + (f"  # {comment}" if comment else "")
                     for name, value, comment in rows)


def imports(words: str, modules: Sequence[str], settings: str) -> Step:
    """The first step: the imports, then the page's settings as constants."""
    return step("Imports and settings", words, "\n".join(modules) + "\n\n" + settings)


def command_line(description: str, *, device: bool, mnist: bool) -> str:
    """The start of `main()`: the command line, read with `parse_known_args` so that a notebook runs it too."""
    lines = [f"    parser = argparse.ArgumentParser(description={literal(description)})"]
    if device:
        lines.append('    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",\n'
                     '                        help="where to compute (default: cuda when available, else cpu)")')
    if mnist:
        lines.append('    parser.add_argument("--data-dir", default="./data",\n'
                     '                        help="where MNIST is kept; it is downloaded there when missing")')
    lines.append("    args, _ = parser.parse_known_args()  # a notebook passes arguments of its own: ignore them")
    return "\n".join(lines)


ONE_THREAD = ("    torch.set_num_threads(1)  # tiny tensors: one CPU thread is fastest, and it adds numbers up "
              "in the page's order")

JSON_OUT = '''def finite(x):
    """A number for JSON: NaN or infinity (nothing to report) becomes null."""
    return x if math.isfinite(x) else None'''

MAIN_GUARD = 'if __name__ == "__main__":\n    main()'

MNIST_WORDS = ("MNIST as the lab holds it: 5,000 of the 60,000 training images are held out for validation "
               "(a seeded draw), and every image is normalised to (pixel − mean) / std with MNIST's training "
               "statistics. The whole set lives in tensors on the device, sliced into mini-batches there.")

MNIST_LOADER = '''MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # pixel statistics of MNIST's training images, on [0, 1]


def load_mnist(data_dir, device):
    """(train, validation, test) pairs of images (N, 1, 28, 28) and labels (N,), as the lab splits MNIST."""
    train = datasets.MNIST(data_dir, train=True, download=True)
    test = datasets.MNIST(data_dir, train=False, download=True)
    order = np.random.default_rng(0).permutation(len(train.targets))
    val, rest = torch.from_numpy(np.sort(order[:5000])), torch.from_numpy(order[5000:])

    def inputs(images):  # (N, 28, 28) bytes -> (N, 1, 28, 28) normalised floats
        return ((images.float() / 255 - MNIST_MEAN) / MNIST_STD).unsqueeze(1).to(device)

    return ((inputs(train.data[rest]), train.targets[rest].to(device)),
            (inputs(train.data[val]), train.targets[val].to(device)),
            (inputs(test.data), test.targets.to(device)))


def to_pixels(x):
    """Normalised inputs back to pixels in [0, 1]: the nearest of the 256 grey levels MNIST stores, as the lab
    keeps them (it holds the bytes and divides by 255)."""
    return torch.round((x * MNIST_STD + MNIST_MEAN) * 255) / 255


def subset(x, y, n, seed):
    """The first n of a seeded shuffle of the training images: each seed learns from its own sample."""
    pick = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))[:n].to(x.device)
    return x[pick], y[pick]'''

EVALUATE = '''def evaluate(model, x, y):
    """Mean cross-entropy and accuracy on (x, y), in eval mode, 512 images at a time (as the lab sums them)."""
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), 512):
            logits = model(x[i:i + 512])  # (batch, 10)
            loss += F.cross_entropy(logits, y[i:i + 512], reduction="sum").item()
            correct += (logits.argmax(1) == y[i:i + 512]).sum().item()
    return loss / len(y), correct / len(y)'''


def optimizer_line(name: str, lr_name: str = "LEARNING_RATE") -> str:
    """The optimiser as the lab builds it for mini-batch training: torch's fused kernel, SGD with momentum 0.9."""
    if name == "sgd":
        return f"torch.optim.SGD(model.parameters(), lr={lr_name}, momentum=0.9, fused=True)"
    if name == "adam":
        return f"torch.optim.Adam(model.parameters(), lr={lr_name}, fused=True)"
    raise ValueError(f"no script for the optimizer {name!r}")
