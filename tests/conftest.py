"""Tests read MNIST from $NNLAB_DATA_DIR (../shared/data in this workspace and in CI)."""
import os
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NNLAB_DATA_DIR", str(ROOT.parent / "shared" / "data"))
os.environ.setdefault("NNLAB_WARM_UP", "0")  # no background warm-up competing with the tests (its own test turns it on)


@pytest.fixture(scope="session")
def mnist():
    """The real MNIST, loaded once for the whole session (CPU tensors)."""
    from core.data import load_mnist

    return load_mnist(download=False)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


@pytest.fixture(scope="session", autouse=True)
def _finish_training_threads():
    """Stop and join every background training job before the interpreter exits.

    A daemon thread still inside a PyTorch kernel at exit aborts the process
    ("terminate called without an active exception"), which would fail the run.
    """
    yield
    import gc
    import threading

    from core.jobs import TrainingJob

    jobs = [o for o in gc.get_objects() if type(o) is TrainingJob]  # isinstance would poke torch internals
    for job in jobs:
        job.stop()
    for thread in threading.enumerate():
        if thread.name in ("training-job", "playground-warm-up"):
            thread.join(60)
