"""The pitfall lab's claims: each preset really goes wrong, the detector names it, each fix removes it."""
import math

import pytest
import torch

from core.mnist import pitfalls
from core.mnist.lab import pitfall_data
from core.models import ModelConfig, build_model
from core.train import Point, TrainConfig, train

RUNS = {}


def run(mnist, preset_key: str, fix_key: str | None = None):
    """Train a preset (or one of its fixes) on real MNIST once per session; returns (result, diagnosis)."""
    key = (preset_key, fix_key)
    if key not in RUNS:
        preset = pitfalls.PRESETS[preset_key]
        fix = next((f for f in preset.fixes if f.key == fix_key), None)
        model_cfg, train_cfg = (fix.model, fix.train) if fix else (preset.model, preset.train)
        torch.manual_seed(train_cfg.seed)
        result = train(build_model(model_cfg), pitfall_data(preset, mnist), train_cfg)
        RUNS[key] = result, pitfalls.diagnose(result.curve, result.status, result.steps, model_cfg, train_cfg,
                                              result.epoch_ends)
    return RUNS[key]


EXPECTED = {"nan": "nan", "stagnant_lr": "stagnant", "stagnant_init": "stagnant", "overfit": "overfit"}
FIXES = [(p.key, f.key) for p in pitfalls.PRESETS.values() for f in p.fixes]


@pytest.mark.parametrize("preset", list(pitfalls.PRESETS))
def test_each_preset_is_detected(mnist, preset):
    result, diagnosis = run(mnist, preset)
    assert diagnosis is not None and diagnosis.kind == EXPECTED[preset], diagnosis
    assert diagnosis.evidence and diagnosis.advice


def test_nan_preset_really_diverges(mnist):
    result, _ = run(mnist, "nan")
    assert result.status == "diverged" and math.isnan(result.test_acc)


@pytest.mark.parametrize("preset,fix", FIXES)
def test_each_fix_removes_the_pitfall_and_beats_the_broken_run(mnist, preset, fix):
    broken, _ = run(mnist, preset)
    fixed, diagnosis = run(mnist, preset, fix)
    assert diagnosis is None, diagnosis
    assert fixed.status in ("finished", "early-stopped")
    if preset == "overfit":  # the visible effect: validation loss no longer climbs as far
        assert fixed.curve[-1].val_loss < broken.curve[-1].val_loss
        assert (pitfalls.val_loss_rise(fixed.curve, fixed.epoch_ends)
                < pitfalls.val_loss_rise(broken.curve, broken.epoch_ends))
    elif preset != "nan":
        assert fixed.test_acc > broken.test_acc + 0.05
        assert fixed.curve[-1].train_loss < broken.curve[-1].train_loss
    else:
        assert fixed.test_acc > 0.6


def test_vanishing_gradient_advice_differs_from_tiny_learning_rate(mnist):
    _, tiny_lr = run(mnist, "stagnant_lr")
    _, bad_init = run(mnist, "stagnant_init")
    assert "learning rate" in tiny_lr.advice and "tiny" in tiny_lr.advice
    assert "vanishes" in bad_init.advice and "He" in bad_init.advice


def test_early_stopping_keeps_the_best_epoch(mnist):
    fixed, _ = run(mnist, "overfit", "early_stopping")
    assert fixed.status == "early-stopped" and "were kept" in fixed.message
    ends = [fixed.curve[i] for i in fixed.epoch_ends]
    assert len(ends) < pitfalls.PRESETS["overfit"].train.epochs


def point(epoch, train_loss, val_loss=1.0, train_acc=0.5, val_acc=0.5):
    return Point(epoch, train_loss, train_acc, val_loss, val_acc, 1e-3, 1000.0)


CFG = ModelConfig()
TRAIN = TrainConfig()


def test_detector_on_hand_made_curves():
    healthy = [point(e, 2.0 / e, 0.5 / e) for e in (1, 2, 3, 4, 5)]
    assert pitfalls.diagnose(healthy, "finished", 500, CFG, TRAIN, list(range(5))) is None
    exploding = [point(0.2, 50.0)]
    assert pitfalls.diagnose(exploding, "training", 20, CFG, TRAIN).kind == "nan"
    early = [point(0.5, 2.3)]  # too soon to call it stagnant
    assert pitfalls.diagnose(early, "training", 40, CFG, TRAIN) is None
    flat = [point(e, 2.29) for e in (1, 2)]
    assert pitfalls.diagnose(flat, "finished", 200, CFG, TRAIN, [0, 1]).kind == "stagnant"
    vals = [0.6, 0.4, 0.35, 0.38, 0.42, 0.47]
    overfit = [point(e + 1, 0.5 / (e + 1) ** 2, v, 0.99, 0.9) for e, v in enumerate(vals)]
    d = pitfalls.diagnose(overfit, "finished", 600, CFG, TRAIN, list(range(6)))
    assert d.kind == "overfit" and "34%" in d.evidence
    assert pitfalls.diagnose(overfit, "early-stopped", 600, CFG, TRAIN, list(range(6))) is None


def test_every_preset_and_fix_changes_exactly_what_it_says():
    for preset in pitfalls.PRESETS.values():
        for fix in preset.fixes:
            changed = {k for k in vars(fix.model) if getattr(fix.model, k) != getattr(preset.model, k)}
            changed |= {k for k in vars(fix.train) if getattr(fix.train, k) != getattr(preset.train, k)}
            assert 1 <= len(changed) <= 2, (preset.key, fix.key, changed)  # optimizer fixes set its lr too
