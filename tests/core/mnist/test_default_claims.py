"""What the MNIST tabs' default results claim, reproduced on three seeds each.

- Pitfall lab: each preset's default pair shows its pitfall, and its first fix removes it; the NaN run
  has a point for every step up to the NaN, where the cross goes.
- Inside the model: the default network is healthy (a peak of gradients near zero, a few dead ReLU units,
  the first layer's ‖gradient‖ within reach of the last's), while the sigmoid preset's gradient vanishes.
"""
import math
from dataclasses import replace

import pytest
import torch

from core.mnist import inspection as im
from core.mnist import pitfalls
from core.mnist.inspection import VANISHING
from core.mnist.lab import PROBE, default_run, nan_step, pitfall_data, run_pitfall
from core.models import build_model
from core.train import train

SEEDS = (0, 1, 2)
EXPECTED = {"nan": "nan", "stagnant_lr": "stagnant", "stagnant_init": "stagnant", "overfit": "overfit"}


def diagnose(run):
    r = run.result
    return pitfalls.diagnose(r.curve, r.status, r.steps, run.model_cfg, run.train_cfg, r.epoch_ends)


@pytest.fixture(autouse=True)
def _one_thread():
    """Two CPU cores are shared by several test runs here: one thread each trains fastest."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_nan_run_has_a_point_per_step_up_to_the_nan(mnist, seed):
    preset = pitfalls.PRESETS["nan"]
    run = run_pitfall(preset, None, mnist, "cpu", seed=seed)
    result = run.result
    assert result.status == "diverged" and run.model is None
    losses = [p.train_loss for p in result.curve]
    assert len(losses) == result.steps - 1 >= 3  # every step before the one whose loss was NaN
    assert all(math.isfinite(v) for v in losses) and max(losses) > 100 * losses[0]  # it explodes first
    epoch, step = nan_step(run)
    assert step == result.steps and epoch == pytest.approx(step / math.ceil(preset.images / preset.train.batch_size))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("key", list(pitfalls.PRESETS))
def test_each_default_pair_shows_its_pitfall_and_the_first_fix_removes_it(mnist, key, seed):
    preset = pitfalls.PRESETS[key]
    broken = run_pitfall(preset, None, mnist, "cpu", seed=seed)
    fixed = run_pitfall(preset, preset.fixes[0], mnist, "cpu", seed=seed)
    found = diagnose(broken)
    assert found is not None and found.kind == EXPECTED[key], found
    assert diagnose(fixed) is None, diagnose(fixed)
    if key == "overfit":
        assert (pitfalls.val_loss_rise(fixed.result.curve, fixed.result.epoch_ends)
                < pitfalls.val_loss_rise(broken.result.curve, broken.result.epoch_ends))
    elif key != "nan":
        assert fixed.result.test_acc > broken.result.test_acc + 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_the_default_network_is_healthy_though_its_gradients_peak_at_zero(mnist, seed):
    run = default_run(mnist, "cpu", seed=seed)
    assert run.result.test_acc > 0.9
    assert im.gradient_ratio(run.snapshots[-1]) > VANISHING * 4  # measured 0.56–0.59
    [layer] = run.activity
    assert layer.dead_share < 0.2 and 0.2 < layer.zero_share < 0.6  # a few dead units; ReLU's sparsity
    # the 'spike at zero': most of layer 1's gradients are under a tenth of the largest, in a healthy network
    g = im.weight_gradients(run.model, mnist.train_x[:PROBE], mnist.train_y[:PROBE])[0].abs()
    assert (g < 0.1 * g.max()).float().mean() > 0.5


@pytest.mark.parametrize("seed", SEEDS)
def test_the_sigmoid_preset_s_first_layer_gradient_vanishes(mnist, seed):
    preset = pitfalls.PRESETS["stagnant_init"]
    torch.manual_seed(seed)
    model = build_model(preset.model)
    sub = pitfall_data(preset, mnist)
    train(model, sub, replace(preset.train, seed=seed))
    snap = im.snapshot(model, preset.train.epochs, sub.train_x[:PROBE], sub.train_y[:PROBE])
    assert im.gradient_ratio(snap) < VANISHING  # measured 0.014–0.030
