"""The optimizer race: real torch.optim steps, and the page's claims about momentum, Adam and the learning rate."""
import math

import numpy as np
import pytest
import torch

from core.loss_optimization import race as race_module
from core.loss_optimization.race import (
    LR_GRID,
    OPTIMIZERS,
    RACERS,
    SURFACES,
    RaceConfig,
    contour_grid,
    default_lrs,
    make_racer,
    race,
)
from core.train import OPTIMIZER_TABLE, make_optimizer


def run(surface: str, lrs: dict, steps: int = 200, start=None, momentum: float = 0.9):
    s = SURFACES[surface]
    return {r.name: r for r in race(RaceConfig(surface, start or s.start, tuple(lrs.items()), steps, momentum)).racers}


def test_first_sgd_step_is_theta_minus_lr_times_gradient():
    """Reference: the gradient of the bowl ½x² + y² by hand, (x, 2y)."""
    r = run("bowl", {"SGD": 0.1}, steps=1, start=(-2.0, 1.5))["SGD"]
    assert r.path[1] == pytest.approx([-2.0 - 0.1 * -2.0, 1.5 - 0.1 * 2 * 1.5])
    assert r.losses[0] == pytest.approx(0.5 * 4 + 1.5**2)


def test_first_adam_step_moves_each_coordinate_by_lr():
    """Adam's first step is lr · g/|g| per coordinate (bias correction makes m̂ = g, v̂ = g²)."""
    r = run("ravine", {"Adam": 0.3}, steps=1, start=(-4.0, 1.0))["Adam"]
    assert r.path[1] == pytest.approx([-4.0 + 0.3, 1.0 - 0.3], abs=1e-6)


def test_racers_do_not_disturb_each_other():
    """All racers share one autograd pass; each must still follow its own gradient."""
    together = run("rosenbrock", {"SGD": 1e-3, "Adam": 0.1, "Momentum": 5e-3}, steps=60)
    for name, lr in (("SGD", 1e-3), ("Adam", 0.1), ("Momentum", 5e-3)):
        alone = run("rosenbrock", {name: lr}, steps=60)[name]
        np.testing.assert_allclose(together[name].path, alone.path)


def test_momentum_matches_the_torch_recipe():
    """A hand-written loop with torch.optim.SGD(momentum) gives the same path."""
    s = SURFACES["ravine"]
    p = torch.tensor(s.start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    for _ in range(25):
        opt.zero_grad()
        s.f(p[0], p[1]).backward()
        opt.step()
    assert run("ravine", {"Momentum": 0.1}, steps=25)["Momentum"].path[-1] == pytest.approx(p.detach().numpy())


def test_every_racer_is_built_from_the_kernels_optimizer_table(monkeypatch):
    assert OPTIMIZERS == ("SGD", "Momentum", "Nesterov", "RMSprop", "Adam")  # loss_racers links carry these
    assert all(kind.optimizer in OPTIMIZER_TABLE for kind in RACERS.values())
    built = []

    def spy(name, params, lr, **options):
        opt = make_optimizer(name, params, lr, **options)
        built.append((name, opt.param_groups[0]))
        return opt

    monkeypatch.setattr(race_module, "make_optimizer", spy)
    race(RaceConfig(lrs=tuple((name, 0.01) for name in OPTIMIZERS), steps=2, momentum=0.8))
    assert [name for name, _ in built] == ["sgd", "sgd", "sgd", "rmsprop", "adam"]
    (_, sgd), (_, heavy), (_, nesterov), (_, rms), _ = built
    assert sgd["momentum"] == 0 and heavy["momentum"] == nesterov["momentum"] == 0.8 and rms["momentum"] == 0
    assert nesterov["nesterov"] and not heavy["nesterov"]
    assert all(group["foreach"] is False for _, group in built)  # the fast path for one tiny tensor


def test_nesterov_without_momentum_is_plain_sgd():
    group = make_racer("Nesterov", [torch.zeros(2, requires_grad=True)], 0.1, momentum=0.0).param_groups[0]
    assert group["momentum"] == 0 and not group["nesterov"]
    with pytest.raises(ValueError):
        make_racer("Lion", [torch.zeros(2, requires_grad=True)], 0.1)


# --- claims ---

def test_claim_momentum_and_adam_reach_the_ravine_minimum_before_sgd():
    """Same budget (200 steps), same start, each with its page default learning rate."""
    racers = run("ravine", default_lrs("ravine"))
    assert racers["Momentum"].status == racers["Adam"].status == "reached"
    assert racers["SGD"].status != "reached"
    assert max(racers["Momentum"].step, racers["Adam"].step) < 200


def test_claim_no_sgd_learning_rate_beats_momentum_and_adam_in_the_ravine():
    """Not a badly tuned SGD: at every rate it can pick it is slower, or it diverges."""
    best = run("ravine", default_lrs("ravine"))
    target = max(best["Momentum"].step, best["Adam"].step)
    for lr in LR_GRID:
        sgd = run("ravine", {"SGD": lr})["SGD"]
        assert sgd.status != "reached" or sgd.step > target, lr


@pytest.mark.parametrize("factor", [1.05, 1.5, 3.0])
def test_claim_on_the_bowl_a_learning_rate_above_2_over_lambda_max_diverges(factor):
    bowl = SURFACES["bowl"]
    assert bowl.critical_lr == pytest.approx(2 / 2.0)  # the Hessian of ½x² + y² is diag(1, 2)
    r = run("bowl", {"SGD": factor * bowl.critical_lr}, steps=500)["SGD"]
    assert r.status == "diverged"
    assert "diverged at step" in r.message and "2/λmax = 1" in r.message and "Lower it" in r.message


@pytest.mark.parametrize("factor", [0.3, 0.9, 0.97])
def test_below_2_over_lambda_max_the_bowl_converges(factor):
    r = run("bowl", {"SGD": factor * SURFACES["bowl"].critical_lr}, steps=500)["SGD"]
    assert r.status == "reached"


def test_learning_rate_too_small_crawls_and_too_large_diverges():
    small = run("ravine", default_lrs("ravine", 0.05))
    assert all(r.status == "crawling" for r in small.values())
    assert "crawls" in small["SGD"].message
    large = run("bowl", default_lrs("bowl", 10))
    assert large["SGD"].status == "diverged"
    assert np.isfinite(large["SGD"].losses[:-1]).all()  # the path is kept up to the blow-up


def test_exactly_on_the_saddle_ridge_gradient_descent_gets_stuck():
    racers = run("saddle", {"SGD": 0.2, "Adam": 0.05}, start=(-2.5, 0.0))
    assert all(r.status == "stuck" and "saddle point" in r.message for r in racers.values())
    assert run("saddle", {"SGD": 0.2}, start=(-2.5, 0.02))["SGD"].status == "reached"  # a nudge off the ridge


def test_every_surface_has_its_minimum_where_it_says():
    for s in SURFACES.values():
        for x, y in s.minima:
            p = torch.tensor([x, y], dtype=torch.float64, requires_grad=True)
            s.f(p[0], p[1]).backward()
            assert p.grad.norm().item() < 1e-3, s.name
        xs, ys, f = contour_grid(s, 50)
        assert f.shape == (50, 50) and f.min() >= s.f_min - 1e-9


def test_each_surface_default_race_runs_without_error():
    for name in SURFACES:
        racers = run(name, default_lrs(name), steps=50)
        assert set(racers) == set(OPTIMIZERS)
        assert all(len(r.path) == len(r.losses) for r in racers.values())


def test_without_momentum_every_sgd_flavour_is_plain_sgd():
    racers = run("ravine", {"SGD": 0.1, "Momentum": 0.1, "Nesterov": 0.1}, steps=30, momentum=0.0)
    np.testing.assert_allclose(racers["Momentum"].path, racers["SGD"].path)
    np.testing.assert_allclose(racers["Nesterov"].path, racers["SGD"].path)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        race(RaceConfig("bowl", (math.nan, 0.0)))
    with pytest.raises(ValueError):
        race(RaceConfig("bowl", (1.0, 0.0), (("LBFGS", 0.1),)))


@pytest.mark.parametrize("start", [(-4.5, 1.0), (-4.0, -1.2), (3.0, -1.4)])
def test_claim_the_ravine_takeaway_holds_from_three_starts(start):
    """The race has no seed; its analogue is the start point. From three of them SGD crawls, the others arrive."""
    result = race(RaceConfig("ravine", start, tuple(default_lrs("ravine").items())))
    status = {r.name: r.status for r in result.racers}
    assert status["SGD"] == "crawling"
    assert all(status[name] == "reached" for name in ("Momentum", "Nesterov", "RMSprop", "Adam"))


def test_the_verdict_is_written_from_the_race():
    ravine = race(RaceConfig())
    assert race_module.verdict(ravine) == ("In this race Nesterov reached a minimum first, at step 80; SGD did not "
                                           "within 200.")
    bowl = race(RaceConfig("bowl", SURFACES["bowl"].start, tuple(default_lrs("bowl", 10.0).items())))
    assert "SGD, Nesterov diverged" in race_module.verdict(bowl)
