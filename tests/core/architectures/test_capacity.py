"""Depth, width and capacity: the sweep over seeds, its paired verdict, and the claims the tab's defaults show."""
from dataclasses import replace

import pytest

from core.architectures import figures as figs
from core.architectures.capacity import (
    SWEEP_NETS,
    CapacityPoint,
    SweepConfig,
    by_network,
    clearly_worse,
    sweep,
    takeaway,
    verdict,
)
from core.architectures.points import DataConfig

NOISY = SweepConfig.of(DataConfig("circle", noise=0.3, points=100), ("x1", "x2"), "tanh")  # "Sweep 50 noisy points"


def points(table: dict) -> list[CapacityPoint]:
    """{hidden: ([train errors per seed], [test errors per seed])} → the sweep's points."""
    return [CapacityPoint(h, 10 * (i + 1), tr, te, k) for i, (h, (train, test)) in enumerate(table.items())
            for k, (tr, te) in enumerate(zip(train, test, strict=True))]


def test_the_comparison_is_paired_seed_by_seed():
    # seed 2's sample is hard for both networks: the spreads overlap, yet `a` is worse on every seed
    a, b = by_network(points({(1,): ([0, 0, 0], [0.20, 0.22, 0.45]), (2,): ([0, 0, 0], [0.10, 0.12, 0.40])}))
    assert clearly_worse(a, b) and not clearly_worse(b, a)
    c, d = by_network(points({(1,): ([0, 0, 0], [0.20, 0.10, 0.3]), (2,): ([0, 0, 0], [0.10, 0.12, 0.2])}))
    assert not clearly_worse(c, d)  # better on one seed: inside the noise


def test_verdict_names_no_winner_inside_the_noise():
    flat = points({(1,): ([0.11] * 3, [0.12, 0.10, 0.11]), (8,): ([0.11] * 3, [0.11, 0.12, 0.10]),
                   (32,): ([0.1] * 3, [0.10, 0.11, 0.12])})
    v = verdict(flat)
    assert not v.too_few and v.enough.hidden == (1,) and not v.fits_noise
    assert "do no better" in takeaway(flat) and "too few" not in takeaway(flat)
    gap = points({(1,): ([0.11] * 3, [0.12, 0.10, 0.11]), (32,): ([0.0] * 3, [0.10, 0.11, 0.12])})
    assert verdict(gap).fits_noise and "**fits the noise**" in takeaway(gap)


def test_a_config_from_the_playground_is_one_cache_key():
    base = DataConfig("circle")
    assert SweepConfig.of(replace(base, validation=0.2, classes=5), ("x1", "x2"), "tanh") == SweepConfig()
    assert SweepConfig.of(DataConfig("blobs", classes=5), ("x1",), "relu").data.classes == 5


def test_sweep_covers_every_network_on_every_seed_and_reports_progress():
    cfg = SweepConfig(DataConfig("gauss", points=40), seeds=2, epochs=5)
    seen = []
    pts = sweep(cfg, seen.append)
    assert len(pts) == 2 * len(SWEEP_NETS) and seen[-1] == 1.0 and len(seen) == len(pts)
    assert {p.seed for p in pts} == {0, 1} and len(by_network(pts)) == len(SWEEP_NETS)
    fig = figs.capacity_chart(pts, 25)
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis.dtick == 1  # powers of ten only
    assert sum(t.showlegend is not False for t in fig.data) == 3  # train, test, your network; seed lines unlabelled


@pytest.fixture(scope="module")
def default_sweep():
    return sweep(SweepConfig())  # the tab's default: the Playground's circle, 500 clean points, on 3 seeds


def test_claim_default_too_few_then_enough_on_every_seed(default_sweep):
    nets = {n.hidden: n for n in by_network(default_sweep)}
    for k in range(3):
        assert nets[(1,)].test[k] > 0.2  # one neuron draws one line: no circle
        assert nets[(8,)].test[k] <= 0.02 and nets[(32,)].test[k] <= 0.02  # a handful of neurons fit it
    v = verdict(default_sweep)
    assert v.too_few and v.enough.parameters <= 33 and not v.fits_noise
    text = takeaway(default_sweep)
    assert "**Too few**" in text and "**enough**" in text and "fits the noise" not in text


def test_claim_few_noisy_points_get_fitted_noise_and_all():
    noisy = sweep(NOISY)
    largest = by_network(noisy)[-1]
    assert largest.hidden == (32, 32, 32)
    for k in range(3):  # on every seed: the big network learns its training points by heart, noise and all
        assert largest.train[k] <= 0.02 and largest.test[k] - largest.train[k] >= 0.05
    v = verdict(noisy)
    assert v.too_few and v.fits_noise
    assert "**fits the noise**" in takeaway(noisy)
