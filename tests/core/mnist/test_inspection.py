"""Inspection reads a network without changing it, and every quantity matches a direct computation."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.data import load_digits_fallback
from core.mnist import inspection as im
from core.mnist.lab import start_run
from core.models import ModelConfig, build_model
from core.train import TrainConfig


@pytest.fixture(scope="module")
def digits():
    return load_digits_fallback()


def mlp(hidden=(16,), **kw):
    torch.manual_seed(0)
    return build_model(ModelConfig(hidden=hidden, **kw), side=8)


def test_saliency_is_the_input_gradient_of_the_winning_logit_and_leaves_params_alone(digits):
    model = mlp()
    x = digits.test_x[:1]
    sal, target = im.saliency(model, x)
    ref_x = x.clone().requires_grad_(True)
    logits = model(ref_x)
    assert target == int(logits.argmax())
    (grad,) = torch.autograd.grad(logits[0, target], ref_x)
    np.testing.assert_allclose(sal, grad[0, 0].abs().numpy(), rtol=1e-6)
    assert all(p.grad is None for p in model.parameters())  # nothing written into .grad
    assert im.saliency(model, x, target=3)[1] == 3


def test_weight_gradients_equal_backward(digits):
    model = mlp((16, 8))
    x, y = digits.train_x[:32], digits.train_y[:32]
    grads = im.weight_gradients(model, x, y)
    F.cross_entropy(model(x), y).backward()
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    for g, m in zip(grads, linears, strict=True):
        torch.testing.assert_close(g, m.weight.grad)


def test_snapshot_histograms_count_every_weight(digits):
    model = mlp((16, 8))
    snap = im.snapshot(model, 3, digits.train_x[:64], digits.train_y[:64], bins=20)
    assert snap.epoch == 3 and [h.layer for h in snap.layers] == [
        "layer 1 · Linear 64→16", "layer 2 · Linear 16→8", "layer 3 · Linear 8→10"]
    for h, m in zip(snap.layers, [m for m in model.modules() if isinstance(m, torch.nn.Linear)], strict=True):
        assert h.weight_counts.sum() == m.weight.numel() == h.grad_counts.sum()
        assert len(h.weight_edges) == 21
        assert h.weight_std == pytest.approx(m.weight.std().item())


def test_first_layer_weights_are_the_rows_of_w1_as_images():
    model = build_model(ModelConfig(hidden=(32,)))
    w = im.first_layer_weights(model, 28, units=5)
    assert w.shape == (5, 28, 28)
    np.testing.assert_array_equal(w[2].ravel(), model[1].weight[2].detach().numpy())
    cnn = build_model(ModelConfig(kind="cnn"))
    assert im.first_layer_weights(cnn, 28).shape == (16, 3, 3)


def test_hidden_activations_equal_a_manual_forward(digits):
    model = mlp((16,))
    x = digits.test_x[:1]
    [(name, act)] = im.hidden_activations(model, x)
    manual = torch.relu(x.flatten(1) @ model[1].weight.T + model[1].bias)[0]
    np.testing.assert_allclose(act, manual.detach().numpy(), rtol=1e-5, atol=1e-6)
    cnn = build_model(ModelConfig(kind="cnn"))
    maps = im.hidden_activations(cnn, torch.zeros(1, 1, 28, 28))
    assert [a.shape for _, a in maps] == [(16, 28, 28), (32, 14, 14)]


def test_gallery_top3_is_sorted_softmax_and_mistakes_are_wrong_and_sure(digits):
    model = mlp()
    g = im.gallery(model, digits.test_x[:10], digits.test_y[:10], digits)
    probs = torch.softmax(model(digits.test_x[:10]), 1).detach()
    np.testing.assert_allclose(g.top_probs, probs.topk(3, 1).values.numpy(), rtol=1e-6)
    assert (np.diff(g.top_probs, axis=1) <= 0).all()
    assert g.images.min() >= 0 and g.images.max() <= 1
    m = im.confident_mistakes(model, digits.test_x, digits.test_y, digits, n=8)
    assert len(m.labels) == 8 and not m.correct.any()
    assert (np.diff(m.top_probs[:, 0]) <= 1e-7).all()  # most confident first


def test_a_run_records_histograms_and_a_gallery_after_every_epoch(digits):
    """The live view's claims: per-epoch histograms (epoch 0 included) and a gallery after each epoch."""
    seen = []
    run = start_run(ModelConfig(hidden=(16,)), TrainConfig(epochs=3, lr=1e-2), digits, "CPU")
    run.job.join(60)
    assert run.job.state == "done", run.job.error
    seen = [s.epoch for s in run.snapshots]
    assert seen == [0, 1, 2, 3]
    assert run.gallery.epoch == 3 and len(run.gallery.labels) == 12
    assert run.confusion.sum() == len(digits.test_y) and run.mistakes is not None
    assert run.model is not None and run.result.test_acc > 0.8
    first, last = run.snapshots[0].layers[0], run.snapshots[-1].layers[0]
    assert last.weight_std != first.weight_std  # training moved the weights
