"""Tests read MNIST from $NNLAB_DATA_DIR (../shared/data in this workspace and in CI)."""
import os
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NNLAB_DATA_DIR", str(ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST, loaded once for the whole session (CPU tensors)."""
    from core.data import load_mnist

    return load_mnist(download=False)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)
