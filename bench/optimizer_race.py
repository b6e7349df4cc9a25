"""How long an optimizer race takes to compute and draw: the page's rerun after a setting changes.

Five torch.optim racers, a few hundred steps, on every surface; then the two figures
built and serialised as st.plotly_chart would. The first race of a process also pays
torch.optim's one-time start-up, reported apart. Wall time is what a visitor waits; CPU time
is what it costs the machine, and it is the steadier figure on a shared, busy box.
Last line: a JSON object with the figures.

    python bench/optimizer_race.py [steps]
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.loss_optimization import figures as loss_figures  # noqa: E402
from core.loss_optimization.race import SURFACES, RaceConfig, default_lrs, race  # noqa: E402

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
REPEATS = 3


def one(surface: str) -> tuple[float, float, float]:
    """Wall seconds to run the race and to build and serialise its two figures; CPU seconds of both."""
    cfg = RaceConfig(surface, SURFACES[surface].start, tuple(default_lrs(surface).items()), STEPS)
    cpu, start = time.process_time(), time.perf_counter()
    result = race(cfg)
    raced = time.perf_counter()
    for fig in (loss_figures.race_paths(result), loss_figures.race_losses(result)):
        fig.to_json()
    return raced - start, time.perf_counter() - raced, time.process_time() - cpu


def main() -> None:
    start = time.perf_counter()
    cold_race, cold_figs, _ = one("ravine")  # the process's first race and figures: one-time imports included
    cold = time.perf_counter() - start
    rows = {}
    for surface in SURFACES:
        times = [one(surface) for _ in range(REPEATS)]
        race_s, fig_s, cpu_s = (statistics.median(t[k] for t in times) for k in range(3))
        rows[surface] = {"race_s": round(race_s, 3), "figures_s": round(fig_s, 3), "total_s": round(race_s + fig_s, 3),
                         "cpu_s": round(cpu_s, 3)}
        print(f"{surface:11s} race {race_s * 1000:7.1f} ms   figures {fig_s * 1000:6.1f} ms   "
              f"total {(race_s + fig_s) * 1000:7.1f} ms   CPU {cpu_s * 1000:7.1f} ms   "
              f"({STEPS} steps × 5 optimizers, median of {REPEATS})")
    worst = max(r["total_s"] for r in rows.values())
    worst_cpu = max(r["cpu_s"] for r in rows.values())
    print(f"first race of the process (one-time start-up included): {cold:.2f} s "
          f"(race {cold_race:.2f} s, figures {cold_figs:.2f} s)")
    print(f"slowest warm race + figures: {worst:.3f} s wall, {worst_cpu:.3f} s CPU; under a second: {worst < 1.0}")
    print(json.dumps({"steps": STEPS, "optimizers": 5, "surfaces": rows, "worst_warm_total_s": worst,
                      "worst_warm_cpu_s": worst_cpu, "load_average_1min": round(os.getloadavg()[0], 2),
                      "cold_first_total_s": round(cold, 3), "under_one_second": worst < 1.0}))


if __name__ == "__main__":
    main()
