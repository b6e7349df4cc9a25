"""Limits for a shared, hosted demo, switched on with NNLAB_HOSTED=1."""
from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    hosted: bool
    max_epochs: int  # per training run
    max_hidden_width: int  # neurons in one MLP layer
    max_train_images: int  # MNIST training images per run
    concurrent_jobs: int  # training jobs running at once on the server


def limits() -> Limits:
    hosted = os.environ.get("NNLAB_HOSTED", "0") == "1"
    jobs = int(os.environ.get("NNLAB_MAX_JOBS", "1" if hosted else "2"))
    if hosted:
        return Limits(True, max_epochs=5, max_hidden_width=256, max_train_images=20_000, concurrent_jobs=jobs)
    return Limits(False, max_epochs=30, max_hidden_width=1024, max_train_images=55_000, concurrent_jobs=jobs)
