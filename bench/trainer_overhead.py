"""The trainer against a bare PyTorch loop on the same tensors, side by side in one run.

Both train the tutorial's 784-128-10 ReLU network with fused Adam (lr 1e-3, batch 64) for one
epoch of MNIST as `core.data` holds it (uint8 pixels, each mini-batch normalised when read).
The bare loop is the least a loop can do: shuffle, gather, normalise, forward, backward, step.
The trainer adds its live curve (a probe every 0.5 s), the stop flag and the NaN guard.
A third arm is the trainer on the same images held as float32 inputs, as MNIST was held before
it became uint8: the price (or gain) of normalising each batch when it is read.
Runs alternate (bare, trainer, trainer on floats, bare, …) so that a busy machine slows all alike;
ratios are of the medians. Last line: one JSON object with the figures.

    NNLAB_DATA_DIR=../shared/data python bench/trainer_overhead.py --repeats 3
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.data import Dataset, load_mnist  # noqa: E402
from core.device import pick_device  # noqa: E402
from core.models import ModelConfig, build_model  # noqa: E402
from core.train import TrainConfig, make_optimizer, train  # noqa: E402

SEED = 0
TUTORIAL = ModelConfig(hidden=(128,), activation="relu")
CFG = TrainConfig(epochs=1, seed=SEED)


def bare_epoch(data: Dataset) -> float:
    """Seconds for one epoch of the plainest loop over the same tensors."""
    torch.manual_seed(SEED)
    model = build_model(TUTORIAL).to(data.train_x.device)
    opt = make_optimizer("adam", model.parameters(), CFG.lr, fused=True)
    n, batch = len(data.train_y), CFG.batch_size
    gen = torch.Generator(device=data.train_x.device).manual_seed(SEED)
    _sync(data)
    start = time.perf_counter()
    model.train()
    perm = torch.randperm(n, generator=gen, device=data.train_x.device)
    for i in range(0, n, batch):
        idx = perm[i:i + batch]
        loss = F.cross_entropy(model(data.train_x[idx]), data.train_y[idx])  # (batch, 1, 28, 28) → scalar
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    _sync(data)
    return time.perf_counter() - start


def trainer_epoch(data: Dataset) -> float:
    """Seconds for one epoch of `core.train.train`, with the live view on (as the page runs it)."""
    torch.manual_seed(SEED)
    model = build_model(TUTORIAL).to(data.train_x.device)
    _sync(data)
    start = time.perf_counter()
    train(model, data, CFG, on_progress=lambda p: None)
    _sync(data)
    return time.perf_counter() - start


def _sync(data: Dataset) -> None:
    if data.train_x.device.type == "cuda":
        torch.cuda.synchronize()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--images", type=int, default=55_000, help="training images per epoch (a seeded subset)")
    args = ap.parse_args()
    device = pick_device()
    data = load_mnist().to(device.kind).subset(args.images)
    # train() also tests the model at the end: time only the epoch itself on both sides
    data = replace(data, test_x=data.test_x[:0], test_y=data.test_y[:0])
    bare_epoch(data.subset(5000))  # warm-up: first-touch allocations and kernel set-up
    trainer_epoch(data.subset(5000))
    floats = replace(data, train_x=data.train_x[:], val_x=data.val_x[:])  # (N, 1, 28, 28) float32, as before
    bare, trainer, trainer_f32 = [], [], []
    for _ in range(args.repeats):
        bare.append(bare_epoch(data))
        trainer.append(trainer_epoch(data))
        trainer_f32.append(trainer_epoch(floats))
        print(f"bare {bare[-1]:.3f} s, trainer {trainer[-1]:.3f} s, trainer on float32 {trainer_f32[-1]:.3f} s",
              flush=True)
    figures = {
        "device": device.name, "images": len(data.train_y), "repeats": args.repeats,
        "bare_epoch_s": [round(s, 3) for s in bare], "trainer_epoch_s": [round(s, 3) for s in trainer],
        "trainer_f32_epoch_s": [round(s, 3) for s in trainer_f32],
        "trainer_vs_bare": round(statistics.median(trainer) / statistics.median(bare), 3),
        "uint8_vs_float32": round(statistics.median(trainer) / statistics.median(trainer_f32), 3),
        "loadavg_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
