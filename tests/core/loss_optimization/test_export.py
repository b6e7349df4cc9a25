"""The optimizer race and backprop step by step: the exported scripts and notebooks stand alone and print exactly
the page's numbers (both are deterministic, float64 on the CPU)."""

import numpy as np
import pytest

from core.loss_optimization import backprop, export
from core.loss_optimization.race import SURFACES, RaceConfig, default_lrs, race
from tests.standalone import notebook_code, run_alone


def test_each_surface_is_written_as_the_race_computes_it():
    rng = np.random.default_rng(0)
    for name, surface in SURFACES.items():
        x, y = rng.normal(size=50), rng.normal(size=50)
        assert np.array_equal(eval(export.SURFACE_CODE[name], {"x": x, "y": y}), surface.f(x, y))  # noqa: S307


def page_race(cfg: RaceConfig) -> dict:
    """What the page shows for each racer: reached or diverged at which step, or neither, and the final loss."""
    return {r.name: {"status": r.status if r.status in ("reached", "diverged") else "not reached",
                     "step": r.step if r.status in ("reached", "diverged") else None,
                     "final_loss": float(r.losses[-1])} for r in race(cfg).racers}


RACES = [
    RaceConfig(),  # the ravine as the tab opens: every racer
    RaceConfig("bowl", (-2.5, 2.0), (("SGD", 1.2), ("Adam", 0.2)), 60),  # SGD diverges
    RaceConfig("rosenbrock", (-1.5, 2.0), tuple(default_lrs("rosenbrock").items()), 120, 0.5),
    RaceConfig("saddle", (-2.5, 0.02), (("Nesterov", 0.05), ("RMSprop", 0.02)), 100, 0.0),
]


@pytest.mark.parametrize("cfg", RACES, ids=lambda c: c.surface)
def test_the_race_script_and_notebook_print_exactly_the_pages_race(cfg, tmp_path):
    script = export.race_script(cfg)
    source = script.to_py()
    assert "import core" not in source and "from core" not in source
    expected = page_race(cfg)
    assert run_alone(source, tmp_path, "--device", "cpu") == expected
    assert run_alone(notebook_code(script), tmp_path, "-f", "kernel.json", "--device", "cpu") == expected


def page_walk(cfg: backprop.NetConfig) -> dict:
    walk = backprop.walk(cfg)
    return {"loss_before": float(walk.forward["loss"]), "loss_after": walk.loss_after,
            "autograd_gap": max(s.error for s in walk.steps),
            "gradients": {k: walk.grads[k].flatten().tolist() for k in ("W2", "b2", "W1", "b1")}}


@pytest.mark.parametrize("cfg", [backprop.NetConfig(), backprop.NetConfig((1.0, 1.0), 0.0, loss="mse", lr=2.0)],
                         ids=["bce", "mse"])
def test_the_backprop_script_and_notebook_print_exactly_the_pages_walk(cfg, tmp_path):
    script = export.backprop_script(cfg)
    expected = page_walk(cfg)
    for source, args in ((script.to_py(), ()), (notebook_code(script), ("-f", "kernel.json"))):
        printed = run_alone(source, tmp_path, "--device", "cpu", *args)
        assert printed["loss_before"] == expected["loss_before"] and printed["loss_after"] == expected["loss_after"]
        assert printed["gradients"] == expected["gradients"]
        assert printed["autograd_gap"] < 1e-12 and expected["autograd_gap"] < 1e-12


def test_tampered_settings_never_reach_the_template():
    with pytest.raises(ValueError):
        export.race_script(RaceConfig("bowl'); import os; ('"))
    with pytest.raises(ValueError):
        export.race_script(RaceConfig(lrs=(("os.system", 0.1),)))
    with pytest.raises(ValueError):
        export.race_script(RaceConfig(start=(float("nan"), 0.0)))
    with pytest.raises(ValueError):
        export.backprop_script(backprop.NetConfig(lr=float("inf")))
