"""Choose where tensors live: a CUDA GPU, Apple's MPS, or the CPU."""
from __future__ import annotations

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
