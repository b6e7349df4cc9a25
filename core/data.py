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


class Images:
    """Images held as uint8 pixels, a quarter of float32's memory, and read as network inputs.

    `images[idx]` (an index, a slice, an index tensor) gives those rows as float32 network inputs,
    (pixel / scale − mean) / std, converted on the pixels' device when they are read: the trainer
    gathers a mini-batch of bytes and normalises just that batch. The arithmetic is the loader's
    own, step for step, so a row reads bit for bit as it did when MNIST was held as floats.
    Anything else a tensor does (`reshape`, `@`, `torch.cat`, …) works too, on the whole set
    converted for that call: fine for a test split, wasteful for the training split in a loop.
    """

    def __init__(self, pixels: torch.Tensor, scale: float, mean: float, std: float):
        if pixels.dtype != torch.uint8:
            raise TypeError(f"Images holds uint8 pixels, not {pixels.dtype}")
        self.pixels = pixels  # (N, 1, side, side) uint8, 0..scale
        self._norm = (scale, mean, std)  # inputs are (pixel / scale − mean) / std

    def __getitem__(self, idx) -> torch.Tensor:
        scale, mean, std = self._norm
        return self.pixels[idx].to(torch.float32).div_(scale).sub_(mean).div_(std)

    def __len__(self) -> int:
        return len(self.pixels)

    def __repr__(self) -> str:
        return f"Images({tuple(self.pixels.shape)}, uint8 on {self.pixels.device})"

    @property
    def shape(self) -> torch.Size:
        return self.pixels.shape

    @property
    def device(self) -> torch.device:
        return self.pixels.device

    @property
    def dtype(self) -> torch.dtype:
        return torch.float32  # what reading it gives

    def size(self, dim: int | None = None):
        return self.pixels.size() if dim is None else self.pixels.size(dim)

    def dim(self) -> int:
        return self.pixels.dim()

    def to(self, device: torch.device | str) -> Images:
        return Images(self.pixels.to(device), *self._norm)

    def cpu(self) -> Images:
        return self.to("cpu")

    def rows(self, idx) -> Images:
        """A subset of the rows, still as uint8 pixels."""
        return Images(self.pixels[idx], *self._norm)

    def to_pixels(self) -> torch.Tensor:
        """Pixels in [0, 1] (float32), as `Dataset.to_pixels` gives for the inputs."""
        return self.pixels.to(torch.float32).div_(self._norm[0])

    def __getattr__(self, name: str):  # any other tensor method: on the whole set as inputs
        if name.startswith("__") or name in ("pixels", "_norm"):
            raise AttributeError(name)
        return getattr(self[:], name)

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):  # torch.* on Images: on the inputs
        return func(*_dense(args), **_dense(kwargs or {}))


def _dense(value):
    """Images → float inputs, inside the arguments of a torch call."""
    if isinstance(value, Images):
        return value[:]
    if isinstance(value, (list, tuple)):
        return type(value)(_dense(v) for v in value)
    if isinstance(value, dict):
        return {k: _dense(v) for k, v in value.items()}
    return value


def _operator(name: str):
    def op(self, *others):
        return getattr(self[:], name)(*_dense(others))
    op.__name__ = name
    return op


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
              "__matmul__", "__rmatmul__", "__neg__", "__pow__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
              "__ge__", "__array__"):
    setattr(Images, _name, _operator(_name))
Images.__hash__ = object.__hash__  # defining __eq__ would otherwise make it unhashable


def rows(x: torch.Tensor | Images, idx) -> torch.Tensor | Images:
    """`x[idx]` that keeps uint8 images as uint8 (a subset of a data set stays lean)."""
    return x.rows(idx) if isinstance(x, Images) else x[idx]


@dataclass(frozen=True)
class Dataset:
    """Images (N, 1, side, side) and integer labels, split three ways.

    The network reads (pixel − mean) / std; `to_pixels`, `normalise` and `Images` are the only
    places that know it, so a figure, an augmentation or a drawn digit crosses between pixels
    and network inputs through them and nowhere else. A loaded data set holds its images as
    `Images` (uint8; indexing gives normalised float32 inputs); a derived one may hold float tensors.
    """

    name: str
    side: int  # images are side × side pixels
    train_x: torch.Tensor | Images
    train_y: torch.Tensor
    val_x: torch.Tensor | Images
    val_y: torch.Tensor
    test_x: torch.Tensor | Images
    test_y: torch.Tensor
    mean: float  # training-set pixel statistics on [0, 1]: inputs are (pixel − mean) / std
    std: float
    classes: int = 10

    def to_pixels(self, x: torch.Tensor | Images) -> torch.Tensor:
        """Network inputs → pixels in [0, 1]: background 0, full ink 1, the same shape (N, 1, side, side).

        The inverse of `normalise`; the clamp only catches float rounding at the two ends.
        """
        if isinstance(x, Images):
            return x.to_pixels()
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
        return replace(self, train_x=rows(self.train_x, idx), train_y=self.train_y[idx])


def data_dir() -> Path:
    """Where MNIST lives: `$NNLAB_DATA_DIR`, or ./data."""
    return Path(os.environ.get("NNLAB_DATA_DIR", "data"))


def _split(name: str, side: int, images: np.ndarray, labels: np.ndarray,
           test_images: np.ndarray, test_labels: np.ndarray,
           val_size: int, scale: float, mean: float, std: float, seed: int) -> Dataset:
    """Hold out a seeded validation split; pixels (integers 0..scale) are kept as uint8 `Images`.

    MNIST's 70,000 images take 55 MB as bytes instead of 220 MB as float32 (this matters on a
    small hosted machine); each mini-batch is normalised when the trainer reads it.
    """
    def pixels(a: np.ndarray) -> Images:
        u8 = torch.as_tensor(np.ascontiguousarray(a).astype(np.uint8, copy=False))
        return Images(u8.reshape(-1, 1, side, side), scale, mean, std)  # (N, 1, side, side)

    perm = np.random.default_rng(seed).permutation(len(labels))
    val, train = np.sort(perm[:val_size]), perm[val_size:]
    y = torch.as_tensor(labels, dtype=torch.long)
    return Dataset(name, side, pixels(images[train]), y[train], pixels(images[val]), y[val],
                   pixels(test_images), torch.as_tensor(test_labels, dtype=torch.long), mean, std)


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
    images = digits.images.astype(np.uint8)  # pixels 0..16, whole numbers
    perm = np.random.default_rng(seed).permutation(len(images))
    test, rest = perm[:360], perm[360:]
    mean, std = float(images[rest].astype(np.float32).mean()) / 16, float(images[rest].astype(np.float32).std()) / 16
    return _split("scikit-learn 8×8 digits (fallback)", 8, images[rest], digits.target[rest],
                  images[test], digits.target[test], 180, 16.0, mean, std, seed)
