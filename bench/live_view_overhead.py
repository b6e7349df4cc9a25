"""The live view's cost: one epoch with everything the MNIST page shows while training, against none.

Same seed, network (784-128-10 ReLU), optimiser (Adam 1e-3, batch 64), one process:
  * trainer, live view off: `train()` alone;
  * trainer, live view on: the page's job (`start_run`: per-epoch weight/gradient
    histograms, test gallery, confusion matrix and mistakes at the end) while a
    second thread does what the page's fragment does once a second: read the
    progress, run the pitfall detector, build the curve and gallery figures and
    serialise them to JSON, as Streamlit does before sending them;
  * the tutorial's DataLoader recipe (bench/train_speed.py).
Figures: the live view's overhead on the trainer's epoch (target < 10%) and the trainer's
speed-up over the recipe with the live view on (target ≥ 12×). Last line: a JSON object.

    NNLAB_DATA_DIR=../shared/data python bench/live_view_overhead.py
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_speed import SEED, TUTORIAL, recipe_epoch, trainer_run  # noqa: E402

from core import figures, pitfalls  # noqa: E402
from core import mnist_figures as mf  # noqa: E402
from core.data import load_mnist  # noqa: E402
from core.device import pick_device  # noqa: E402
from core.mnist_lab import start_run  # noqa: E402
from core.train import TrainConfig  # noqa: E402

TICK_S = 1.0  # the page's refresh period


def live_epoch(data, device_name: str) -> tuple[float, float, int]:
    """One epoch through the page's job while the live view is redrawn every second.

    Returns the trainer's epoch time, the job's whole wall time (its one-off start and
    end work included: epoch-0 histograms, confusion matrix, mistakes) and the frames drawn.
    """
    torch.manual_seed(SEED)
    start = time.perf_counter()
    run = start_run(TUTORIAL, TrainConfig(epochs=1, seed=SEED), data, device_name)
    frames = 0
    while run.job.active:
        time.sleep(TICK_S)
        p = run.job.progress
        if p is None:
            continue
        pitfalls.diagnose(p.curve, "training", p.step, run.model_cfg, run.train_cfg)
        payload = figures.training_curves(p.curve).to_json()
        if run.gallery is not None:
            payload += mf.gallery_figure(run.gallery).to_json()
        frames += 1
    run.job.join()
    return run.job.result.seconds, time.perf_counter() - start, frames


def main(reps: int = 3) -> None:
    device = pick_device()
    data = load_mnist().to(device.kind)
    trainer_run(data.subset(5000), 1)  # warm-up: first-touch allocations and kernel set-up
    plain, live, walls, frames = [], [], [], 0
    for _ in range(reps):  # interleaved, so drifting load on a shared machine hits both alike
        plain.append(trainer_run(data, 1).seconds)
        seconds, wall, n = live_epoch(data, device.name)
        live.append(seconds)
        walls.append(wall)
        frames += n
    recipe_s, _ = recipe_epoch(device.torch_device)
    plain_s, live_s = statistics.median(plain), statistics.median(live)
    rate = len(data.train_y) / live_s  # images per second; the recipe's epoch is 60,000 images
    figures_out = {
        "device": device.name,
        "threads": torch.get_num_threads(),
        "trainer_epoch_s": round(plain_s, 3),
        "trainer_live_epoch_s": round(live_s, 3),
        "live_view_overhead": round(live_s / plain_s - 1, 4),
        "live_job_wall_s": round(statistics.median(walls), 3),
        "live_frames_per_epoch": round(frames / reps, 1),
        "recipe_epoch_s": round(recipe_s, 3),
        "speedup_with_live_view": round(rate / (60_000 / recipe_s), 2),
        "all_plain_s": [round(s, 3) for s in plain],
        "all_live_s": [round(s, 3) for s in live],
    }
    print(f"live view overhead {figures_out['live_view_overhead']:+.1%} (target < 10%), "
          f"speed-up over the recipe with it on {figures_out['speedup_with_live_view']}× (target ≥ 12×)")
    print(json.dumps(figures_out))


if __name__ == "__main__":
    main()
