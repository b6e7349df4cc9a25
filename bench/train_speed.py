"""One epoch of the trainer against one epoch of the tutorial's DataLoader recipe.

Same seed, same network (784-128-10 ReLU), same optimiser (Adam 1e-3, batch 64),
in one process. Then the trainer alone until ≥ 97% test accuracy.
Last line: a JSON object with the figures.

    NNLAB_DATA_DIR=../shared/data python bench/train_speed.py
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.data import MNIST_MEAN, MNIST_STD, data_dir, load_mnist  # noqa: E402
from core.device import pick_device  # noqa: E402
from core.models import ModelConfig, build_model  # noqa: E402
from core.train import TrainConfig, evaluate, train  # noqa: E402

SEED = 0
TUTORIAL = ModelConfig(hidden=(128,), activation="relu")


def recipe_epoch(device: torch.device) -> tuple[float, float]:
    """The tutorial's loop: torchvision dataset, per-sample transforms, DataLoader."""
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((MNIST_MEAN,), (MNIST_STD,))])
    train_set = datasets.MNIST(str(data_dir()), train=True, download=True, transform=tf)
    test_set = datasets.MNIST(str(data_dir()), train=False, download=True, transform=tf)
    torch.manual_seed(SEED)
    model = build_model(TUTORIAL).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    start = time.perf_counter()
    model.train()
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    seconds = time.perf_counter() - start
    test_x = torch.stack([test_set[i][0] for i in range(len(test_set))]).to(device)
    _, acc = evaluate(model, test_x, test_set.targets.to(device))
    return seconds, acc


def trainer_run(data, epochs: int, on_progress=None):
    torch.manual_seed(SEED)
    model = build_model(TUTORIAL).to(data.train_x.device)
    return train(model, data, TrainConfig(epochs=epochs, seed=SEED), on_progress=on_progress)


def seconds_to(data, target: float, max_epochs: int = 10) -> float:
    """Wall time of the trainer until the test accuracy first reaches `target`."""
    for epochs in range(1, max_epochs + 1):
        result = trainer_run(data, epochs)
        if result.test_acc >= target:
            return result.seconds
    return float("inf")


def main() -> None:
    device = pick_device()
    data = load_mnist().to(device.kind)
    trainer_run(data.subset(5000), 1)  # warm-up: first-touch allocations and kernel set-up
    trainer = trainer_run(data, 1, on_progress=lambda p: None)  # live view on
    recipe_s, recipe_acc = recipe_epoch(device.torch_device)
    figures = {
        "device": device.name,
        "trainer_epoch_s": round(trainer.seconds, 3),
        "recipe_epoch_s": round(recipe_s, 3),
        # images per second, since the trainer's epoch is 55,000 images (5,000 held out) and the recipe's 60,000
        "speedup": round((len(data.train_y) / trainer.seconds) / (60_000 / recipe_s), 2),
        "trainer_acc": round(trainer.test_acc, 4),
        "recipe_acc": round(recipe_acc, 4),
        "seconds_to_97": round(seconds_to(data, 0.97), 3),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
