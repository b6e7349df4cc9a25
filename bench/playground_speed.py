"""How fast the Playground is: seconds to converge on 2-D data, one thread vs the default, a page rerun,
and how long each of the lesson's default results (the warm-up's DEFAULTS) takes to compute.

Converged means the stop rule "training accuracy reaches the target" fired. Every
figure is measured in this one process, side by side, so ratios hold on a busy
machine even when the absolute seconds do not. Last line: a JSON object.

    NNLAB_DATA_DIR=../shared/data python bench/playground_speed.py
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NNLAB_WARM_UP", "0")  # no background warm-up competing with the timings
from core.architectures.playground import FitConfig, NetConfig, new_run  # noqa: E402
from core.architectures.points import DataConfig  # noqa: E402
from core.architectures.trainer import step_epoch, train_epochs, warm_up  # noqa: E402

CASES = {  # name → data, network, training; the Playground's defaults unless said
    "circle 2-4-2 tanh, batch 10": (DataConfig("circle"), NetConfig(), FitConfig(target=1.0)),
    "xor 4 tanh, batch 10": (DataConfig("xor"), NetConfig(hidden=(4,), activations=("tanh",)), FitConfig()),
    "spiral 16-16 tanh, batch 10": (DataConfig("spiral"), NetConfig(hidden=(16, 16), activations=("tanh",) * 2),
                                    FitConfig(target=0.99)),
    "spiral 16-16 tanh, full batch": (DataConfig("spiral"), NetConfig(hidden=(16, 16), activations=("tanh",) * 2),
                                      FitConfig(batch_size=10_000, target=0.99)),
    "3 spiral arms 32-32 tanh, full batch": (DataConfig("arms"), NetConfig(hidden=(32, 32), activations=("tanh",) * 2),
                                             FitConfig(batch_size=10_000, target=0.95)),
}


def converge(data: DataConfig, net: NetConfig, fit: FitConfig, max_epochs: int = 2000) -> dict:
    fit = FitConfig(**{**fit.__dict__, "stop_rule": "accuracy"})
    start = time.perf_counter()
    run = train_epochs(new_run(data, net), fit, max_epochs)
    seconds = time.perf_counter() - start
    last = run.history[-1]
    return {"converged": run.status == "reached target", "epochs": run.epoch, "seconds": round(seconds, 2),
            "train_acc": round(last.train_score, 3), "test_acc": round(last.test_score, 3)}


def epoch_ms(threads: int | None, epochs: int = 30) -> float:
    """Median milliseconds per epoch of the spiral 16-16 net at batch 10, with `threads` (None: PyTorch's default)."""
    run = new_run(DataConfig("spiral"), NetConfig(hidden=(16, 16), activations=("tanh",) * 2))
    fit, times = FitConfig(), []
    before = torch.get_num_threads()
    for _ in range(epochs):
        t = time.perf_counter()
        if threads is None:
            step_epoch.__wrapped__(run, fit)  # the undecorated function: PyTorch's own thread count
        else:
            step_epoch(run, fit)
        times.append(1000 * (time.perf_counter() - t))
    torch.set_num_threads(before)
    return statistics.median(times)


def page_rerun_s(tab: str = "Playground", reruns: int = 5) -> float:
    """Median seconds of an AppTest rerun of one Architectures tab with nothing training (its default warm)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600).run()
    at.switch_page("lessons/architectures/page.py")
    at.query_params["arch_tab"] = tab
    at.run()  # the first run computes (or finds) the tab's default result
    times = []
    for _ in range(reruns):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def defaults_s() -> dict:
    """Seconds each of the lesson's default results takes from cold, as the warm-up computes them."""
    from lessons.architectures import cache

    seconds = {}
    for name, compute in cache.DEFAULTS.items():
        t = time.perf_counter()
        compute()
        seconds[f"default {name} s"] = round(time.perf_counter() - t, 1)
    return seconds


def main() -> None:
    warm_up()  # the first optimizer's one-off import, kept out of the timings
    figures = {name: converge(*case) for name, case in CASES.items()}
    one, default = epoch_ms(1), epoch_ms(None)
    figures["epoch_ms_one_thread"] = round(one, 2)
    figures[f"epoch_ms_default_threads ({torch.get_num_threads()})"] = round(default, 2)
    figures["default_over_one_thread"] = round(default / one, 2)
    figures.update(defaults_s())
    for tab in ("Playground", "Depth, width & capacity", "FNN vs CNN vs RNN"):
        figures[f"page_rerun_s {tab} (AppTest, median of 5)"] = round(page_rerun_s(tab), 3)
    for name, value in figures.items():
        print(f"{name}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
