"""Choose where tensors live: a CUDA GPU, Apple's MPS, or the CPU."""
from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class DeviceInfo:
    kind: str  # "cuda", "mps" or "cpu"
    name: str  # what a learner reads: GPU name, "Apple MPS" or "CPU (2 threads)"

    @property
    def torch_device(self) -> torch.device:
        return torch.device(self.kind)


def pick_device(prefer: str | None = None) -> DeviceInfo:
    """CUDA when available, then MPS, else CPU; `prefer="cpu"` forces the CPU."""
    if prefer != "cpu" and torch.cuda.is_available():
        return DeviceInfo("cuda", torch.cuda.get_device_name(0))
    if prefer != "cpu" and torch.backends.mps.is_available():
        return DeviceInfo("mps", "Apple MPS")
    return DeviceInfo("cpu", f"CPU ({torch.get_num_threads()} threads)")


@contextlib.contextmanager
def cpu_threads(n: int):
    """Run the block on `n` CPU threads, then restore the count.

    PyTorch's thread setting is per thread, so a visitor's training thread can take
    its share of the cores without changing anyone else's.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(max(1, n))
    try:
        yield
    finally:
        torch.set_num_threads(before)


def single_threaded(fn):
    """Run `fn` on one CPU thread.

    Tiny networks do a handful of small matrix products per step; spreading those over
    threads only makes the threads wait for each other. On a busy two-core machine that
    waiting made training 10–20 times slower (bench/playground_speed.py measures it).
    """
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with cpu_threads(1):
            return fn(*args, **kwargs)
    return wrapper
