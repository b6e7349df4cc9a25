import math

import pytest
import torch

from core import train as kernel
from core.data import load_digits_fallback
from core.models import ModelConfig, build_model
from core.train import (
    OPTIMIZER_TABLE,
    OPTIMIZERS,
    TrainConfig,
    evaluate,
    fit_full_batch,
    make_optimizer,
    train,
)


@pytest.fixture(scope="module")
def digits():
    return load_digits_fallback()


def fit(data, cfg=TrainConfig(epochs=2), model_cfg=ModelConfig(hidden=(32,)), **kwargs):
    torch.manual_seed(cfg.seed)
    return train(build_model(model_cfg, data.side), data, cfg, **kwargs)


EPOCHS_ONLY = {"report_every_s": float("inf")}  # curve points at epoch ends only, not on the clock's schedule


def test_same_seed_same_history_on_cpu(digits):
    a, b = fit(digits, **EPOCHS_ONLY), fit(digits, **EPOCHS_ONLY)
    assert [p.train_loss for p in a.curve] == [p.train_loss for p in b.curve]
    assert a.test_acc == b.test_acc
    c = fit(digits, TrainConfig(epochs=2, seed=1))
    assert c.curve[-1].train_loss != a.curve[-1].train_loss


@pytest.mark.parametrize("optimizer,lr", [("adam", 1e-2), ("sgd", 0.1), ("rmsprop", 1e-3)])
def test_every_optimizer_learns_digits(digits, optimizer, lr):
    result = fit(digits, TrainConfig(optimizer=optimizer, lr=lr, epochs=5))
    assert result.status == "finished"
    assert result.test_acc > 0.85


def test_progress_is_reported_at_a_bounded_rate(digits):
    seen = []
    result = fit(digits, TrainConfig(epochs=3, batch_size=8), on_progress=seen.append, report_every_s=10)
    # one per epoch end, and in between at most one per 10 s (none, unless the machine is very busy)
    assert 3 <= len(seen) <= 3 + result.seconds // 10
    assert seen[-1].step == seen[-1].total_steps == result.steps
    assert len(result.epoch_ends) == 3


def test_stop_keeps_what_was_learnt(digits):
    steps = []

    def should_stop():
        steps.append(1)
        return len(steps) >= 60

    result = fit(digits, TrainConfig(epochs=20, batch_size=16, lr=1e-2), should_stop=should_stop)
    assert result.status == "stopped" and result.steps == 60
    assert result.test_acc > 0.5  # it learnt something in 60 steps and kept it


def test_huge_learning_rate_ends_with_a_reason(digits):
    result = fit(digits, TrainConfig(optimizer="sgd", lr=1e6, momentum=0.9, epochs=3))
    assert result.status == "diverged"
    assert "learning rate" in result.message and "clipping" in result.message
    assert math.isnan(result.test_acc)


def test_gradient_clipping_tames_the_same_run(digits):
    result = fit(digits, TrainConfig(optimizer="sgd", lr=1.0, momentum=0.0, grad_clip=1.0, epochs=3))
    assert result.status == "finished"


def test_early_stopping(digits):
    result = fit(digits, TrainConfig(epochs=200, lr=3e-2, patience=2), model_cfg=ModelConfig(hidden=(256,)))
    assert result.status == "early-stopped" and len(result.epoch_ends) < 200


def test_batch_larger_than_dataset_is_clamped(digits):
    small = digits.subset(50)
    result = fit(small, TrainConfig(epochs=2, batch_size=10_000))
    assert result.steps == 2


def test_impossible_settings_are_refused(digits):
    with pytest.raises(ValueError):
        fit(digits, TrainConfig(epochs=0))


def test_evaluate_matches_a_manual_count(digits):
    model = build_model(ModelConfig(hidden=(16,)), side=8)
    loss, acc = evaluate(model, digits.test_x, digits.test_y)
    with torch.no_grad():
        logits = model(digits.test_x)
    assert acc == pytest.approx((logits.argmax(1) == digits.test_y).float().mean().item())
    assert loss == pytest.approx(torch.nn.functional.cross_entropy(logits, digits.test_y).item(), rel=1e-5)


def test_tutorial_network_reaches_97_percent_on_real_mnist_in_3_epochs(mnist):
    """784-128-10 ReLU, Adam 1e-3, batch 64: the tutorial's claim."""
    result = fit(mnist, TrainConfig(optimizer="adam", lr=1e-3, batch_size=64, epochs=3),
                 model_cfg=ModelConfig(hidden=(128,), activation="relu"))
    assert result.status == "finished"
    assert result.test_acc >= 0.97


# --- MNIST lab (issue 6): the per-epoch hook, early stopping's best weights, probe points ---
def test_on_epoch_hook_runs_after_every_epoch_and_training_mode_is_restored(digits):
    cfg, model_cfg = TrainConfig(epochs=3, lr=1e-2), ModelConfig(hidden=(32,), dropout=0.5)
    seen = []

    def hook(epoch, model):
        seen.append(epoch)
        model.eval()  # what inspection does; the trainer must switch dropout back on

    hooked = fit(digits, cfg, model_cfg, on_epoch=hook, **EPOCHS_ONLY)
    plain = fit(digits, cfg, model_cfg, **EPOCHS_ONLY)
    assert seen == [1, 2, 3]
    assert [p.train_loss for p in hooked.curve] == [p.train_loss for p in plain.curve]


def test_early_stopping_keeps_the_best_epochs_weights(digits):
    result = fit(digits, TrainConfig(epochs=200, lr=3e-2, patience=2), model_cfg=ModelConfig(hidden=(256,)))
    assert result.status == "early-stopped" and "were kept" in result.message
    best = min(result.curve[i].val_loss for i in result.epoch_ends)
    assert evaluate(result.model, digits.val_x, digits.val_y)[0] == pytest.approx(best, rel=1e-5)


def test_a_probe_point_on_the_last_step_does_not_zero_the_epoch_point(digits):
    result = fit(digits, TrainConfig(epochs=2), report_every_s=0.0)  # a point after every step
    assert all(p.train_loss > 0 and p.examples_per_s > 0 for p in result.curve)


# --- the one optimizer table ---
def test_the_table_keeps_the_names_links_use_and_labels_them():
    assert OPTIMIZERS == ("adam", "sgd", "rmsprop")  # mnist_opt and arch_opt links carry these: never rename
    assert {name: kind.label for name, kind in OPTIMIZER_TABLE.items()} == {
        "adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop"}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_table_entry_builds_torchs_default_optimizer(name):
    """With every keyword left alone the factory is torch's own optimizer: the same steps, exactly."""
    def steps(opt_of):
        torch.manual_seed(0)
        layer = torch.nn.Linear(3, 2)
        opt = opt_of(layer.parameters())
        x, y = torch.randn(8, 3), torch.randint(0, 2, (8,))
        for _ in range(5):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(layer(x), y).backward()
            opt.step()
        return layer.weight.detach()

    kind = OPTIMIZER_TABLE[name]
    opt = make_optimizer(name, [torch.nn.Parameter(torch.zeros(2))], 0.1)
    assert type(opt) is kind.torch_class and opt.param_groups[0]["lr"] == 0.1
    assert opt.param_groups[0].get("momentum", 0) == 0 and opt.param_groups[0]["weight_decay"] == 0  # plain
    assert torch.equal(steps(lambda p: make_optimizer(name, p, 0.05)), steps(lambda p: kind.torch_class(p, lr=0.05)))


def test_momentum_weight_decay_and_kernels_reach_torch():
    p = [torch.nn.Parameter(torch.zeros(2))]
    sgd = make_optimizer("sgd", p, 0.1, momentum=0.9, weight_decay=1e-3, fused=True).param_groups[0]
    assert sgd["momentum"] == 0.9 and sgd["weight_decay"] == 1e-3 and sgd["fused"] and not sgd["nesterov"]
    adam = make_optimizer("adam", p, 0.1, momentum=0.9, fused=True).param_groups[0]  # Adam has no momentum β
    assert adam["fused"] and "momentum" not in adam
    rms = make_optimizer("rmsprop", p, 0.1, momentum=0.9, fused=True).param_groups[0]  # no fused kernel: plain
    assert rms["momentum"] == 0.9 and not rms.get("fused")
    assert make_optimizer("sgd", p, 0.1, momentum=0.9, nesterov=True).param_groups[0]["nesterov"]
    assert make_optimizer("adam", p, 0.1, foreach=False).param_groups[0]["foreach"] is False
    with pytest.raises(ValueError):
        make_optimizer("lbfgs", p, 0.1)
    with pytest.raises(ValueError):
        make_optimizer("adam", p, 0.1, nesterov=True)


def test_the_mnist_trainer_builds_from_the_table_with_its_momentum(digits, monkeypatch):
    built = []

    def spy(name, params, lr, **options):
        opt = make_optimizer(name, params, lr, **options)
        built.append(opt.param_groups[0])
        return opt

    monkeypatch.setattr(kernel, "make_optimizer", spy)
    fit(digits.subset(50), TrainConfig(optimizer="sgd", lr=0.1, epochs=1))
    fit(digits.subset(50), TrainConfig(optimizer="adam", epochs=1))
    assert built[0]["momentum"] == 0.9 and built[0]["fused"]  # MNIST's SGD is SGD with momentum
    assert built[1]["fused"]


# --- the small full-batch trainer ---
def _tiny_net(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


@pytest.mark.parametrize("weighted", [False, True])
def test_fit_full_batch_matches_a_hand_loop(weighted):
    """The same weights, exactly, as the loop the data and bias lessons each used to write out."""
    g = torch.Generator().manual_seed(1)
    x, y = torch.randn(40, 5, generator=g), torch.randint(0, 3, (40,), generator=g)
    w = torch.rand(40, generator=g) + 0.5 if weighted else None
    progress = []
    fitted = fit_full_batch(_tiny_net(), x, y, 100, lr=0.02, weight_decay=1e-3, row_weights=w,
                            on_progress=progress.append)
    hand = _tiny_net()
    opt = torch.optim.Adam(hand.parameters(), lr=0.02, weight_decay=1e-3)
    hand.train()
    for _ in range(100):
        loss = ((torch.nn.functional.cross_entropy(hand(x), y, reduction="none") * w).mean() if weighted
                else torch.nn.functional.cross_entropy(hand(x), y))
        opt.zero_grad()
        loss.backward()
        opt.step()
    for a, b in zip(fitted.parameters(), hand.parameters(), strict=True):
        assert torch.equal(a, b)
    assert progress == [0.5, 1.0]  # every 50 steps
    assert fitted.training


def test_fit_full_batch_passes_several_inputs_and_learns():
    class Joined(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = _tiny_net()

        def forward(self, a, b):
            return self.body(torch.cat([a, b], 1))

    g = torch.Generator().manual_seed(2)
    x = torch.randn(60, 5, generator=g)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()  # (60,) three classes
    split, joined = fit_full_batch(Joined(), (x[:, :2], x[:, 2:]), y, 200), fit_full_batch(_tiny_net(), x, y, 200)
    assert torch.equal(split.body[0].weight, joined[0].weight)
    with torch.no_grad():
        assert (joined(x).argmax(1) == y).float().mean() > 0.9
