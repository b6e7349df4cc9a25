"""MNIST as tensors, loaded once, with a validation split held out of training.

A per-sample DataLoader spends most of an epoch in Python; holding the whole
set as one tensor and slicing it is what makes live training fast.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # training-set pixel statistics on [0, 1]
MNIST_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


class DatasetMissing(RuntimeError):
    """MNIST is neither on disk nor downloadable; the message says where to put it."""


@dataclass(frozen=True)
class Dataset:
    """Normalised images (N, 1, side, side) and integer labels, split three ways.

    The network reads (pixel − mean) / std; `to_pixels` and `normalise` are the only
    two places that know it, so a figure, an augmentation or a drawn digit crosses
    between pixels and network inputs through them and nowhere else.
    """

    name: str
    side: int  # images are side × side pixels
    train_x: torch.Tensor
    train_y: torch.Tensor
    val_x: torch.Tensor
    val_y: torch.Tensor
    test_x: torch.Tensor
    test_y: torch.Tensor
    mean: float  # training-set pixel statistics on [0, 1]: inputs are (pixel − mean) / std
    std: float
    classes: int = 10

    def to_pixels(self, x: torch.Tensor) -> torch.Tensor:
        """Network inputs → pixels in [0, 1]: background 0, full ink 1, the same shape (N, 1, side, side).

        The inverse of `normalise`; the clamp only catches float rounding at the two ends.
        """
        return (x * self.std + self.mean).clamp(0, 1)

    def normalise(self, pixels: torch.Tensor, *, inplace: bool = False) -> torch.Tensor:
        """Pixels in [0, 1] → network inputs: (pixel − mean) / std, mean 0 and std 1 on the training set.

        `inplace=True` overwrites `pixels` (float only): the loader uses it to never hold two copies of MNIST.
        """
        if inplace:
            return pixels.sub_(self.mean).div_(self.std)
        return (pixels - self.mean) / self.std

    def to(self, device: torch.device | str) -> Dataset:
        move = {f: getattr(self, f).to(device) for f in
                ("train_x", "train_y", "val_x", "val_y", "test_x", "test_y")}
        return replace(self, **move)

    def subset(self, n_train: int, seed: int = 0) -> Dataset:
        """The first `n_train` of a seeded shuffle of the training split."""
        n = min(n_train, len(self.train_y))
        if n == len(self.train_y):
            return self  # all of it: share the tensors instead of copying them
        idx = torch.randperm(len(self.train_y), generator=torch.Generator().manual_seed(seed))[:n]
        idx = idx.to(self.train_x.device)
        return replace(self, train_x=self.train_x[idx], train_y=self.train_y[idx])


def data_dir() -> Path:
    """Where MNIST lives: `$NNLAB_DATA_DIR`, or ./data."""
    return Path(os.environ.get("NNLAB_DATA_DIR", "data"))


def _split(name: str, side: int, images: np.ndarray, labels: np.ndarray,
           test_images: np.ndarray, test_labels: np.ndarray,
           val_size: int, scale: float, mean: float, std: float, seed: int) -> Dataset:
    """Hold out a seeded validation split; pixels/scale become inputs through `Dataset.normalise`.

    Conversion happens split by split and in place, so loading MNIST never holds
    more than one float copy of it (this matters on a small hosted machine).
    """
    def pixels(a: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(a).reshape(-1, 1, side, side).to(torch.float32).div_(scale)  # (N, 1, side, side)

    perm = np.random.default_rng(seed).permutation(len(labels))
    val, train = np.sort(perm[:val_size]), perm[val_size:]
    y = torch.as_tensor(labels, dtype=torch.long)
    data = Dataset(name, side, pixels(images[train]), y[train], pixels(images[val]), y[val],
                   pixels(test_images), torch.as_tensor(test_labels, dtype=torch.long), mean, std)
    for x in (data.train_x, data.val_x, data.test_x):
        data.normalise(x, inplace=True)
    return data


def load_mnist(root: Path | str | None = None, val_size: int = 5000, seed: int = 0,
               download: bool = True) -> Dataset:
    """The real MNIST: 55,000 train, 5,000 validation, 10,000 test images.

    Reads torchvision's layout under `root/MNIST/raw`; downloads when the files
    are missing and the network allows; otherwise raises `DatasetMissing`.
    """
    from torchvision.datasets import MNIST

    root = Path(root) if root is not None else data_dir()
    try:
        train = MNIST(str(root), train=True, download=download)
        test = MNIST(str(root), train=False, download=download)
    except Exception as err:  # no files and no network, a broken download, a bad directory
        raise DatasetMissing(
            f"MNIST could not be loaded from {root.resolve() / 'MNIST' / 'raw'} ({err}). "
            f"Put the four files {', '.join(MNIST_FILES)} there, or point NNLAB_DATA_DIR at a "
            "directory that holds MNIST/raw/, or allow the app to download them."
        ) from err
    return _split("MNIST", 28, train.data.numpy(), train.targets.numpy(), test.data.numpy(),
                  test.targets.numpy(), val_size, 255.0, MNIST_MEAN, MNIST_STD, seed)


def load_digits_fallback(seed: int = 0) -> Dataset:
    """scikit-learn's bundled 8×8 digits (1,797 images): works with no files and no network."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images.astype(np.float32)  # pixels 0..16
    perm = np.random.default_rng(seed).permutation(len(images))
    test, rest = perm[:360], perm[360:]
    mean, std = float(images[rest].mean()) / 16, float(images[rest].std()) / 16
    return _split("scikit-learn 8×8 digits (fallback)", 8, images[rest], digits.target[rest],
                  images[test], digits.target[test], 180, 16.0, mean, std, seed)
