"""Vanishing and exploding gradients in a deep MLP, on a real MNIST batch."""
import pytest
import torch
import torch.nn.functional as F

from core.loss_optimization.gradient_flow import (
    FLOW_ACTIVATIONS,
    FLOW_INITS,
    FlowConfig,
    all_flows,
    flows_over_seeds,
    layer_gradient_norms,
)
from core.models import initialise, mlp


@pytest.fixture(scope="module")
def batch(mnist):
    return mnist.train_x[:128], mnist.train_y[:128]


def test_claim_deep_sigmoid_first_layer_gradient_is_orders_of_magnitude_below_relu_he(batch):
    cfg = FlowConfig(depth=10, width=64, batch=128)
    sigmoid = layer_gradient_norms(cfg, "sigmoid", "default", *batch)
    relu_he = layer_gradient_norms(cfg, "relu", "he", *batch)
    assert sigmoid.norms[0] < 1e-3 * relu_he.norms[0]  # measured: about 1e-9 of it
    assert sigmoid.first_to_last < 1e-3  # it vanishes on the way back
    assert 0.1 < relu_he.first_to_last < 10  # ReLU + He keeps it about level


def test_weights_too_large_make_gradients_explode(batch):
    normal = layer_gradient_norms(FlowConfig(batch=128), "relu", "he", *batch)
    large = layer_gradient_norms(FlowConfig(batch=128, weight_scale=2.0), "relu", "he", *batch)
    assert large.norms[0] > 100 * normal.norms[0]


def test_norms_are_autograds_weight_gradients(batch):
    """Reference: the same seeded network built and differentiated directly."""
    cfg = FlowConfig(depth=3, width=16, batch=64)
    flow = layer_gradient_norms(cfg, "tanh", "xavier", *batch)
    torch.manual_seed(cfg.seed)
    model = mlp(784, (16,) * 3, 10, "tanh")
    initialise(model, "xavier")
    x, y = batch[0][:64], batch[1][:64]
    F.cross_entropy(model(x), y).backward()
    ref = [m.weight.grad.norm().item() for m in model if isinstance(m, torch.nn.Linear)]
    assert flow.norms == pytest.approx(ref)


def test_every_activation_and_init_is_measured_per_layer(batch):
    flows = all_flows(FlowConfig(depth=4, width=16, batch=64), *batch)
    assert [(f.activation, f.init) for f in flows] == [(a, i) for a in FLOW_ACTIVATIONS for i in FLOW_INITS]
    assert all(len(f.norms) == 5 for f in flows)  # 4 hidden layers + the output layer


@pytest.fixture(scope="module")
def default_flows(mnist):
    """The tab's default: depth 10, width 64, weights × 1, the seed-0 batch of 256 images, seeds 0, 1, 2."""
    batch = mnist.subset(256, seed=0)
    return {(f.activation, f.init): f for f in flows_over_seeds(FlowConfig(), batch.train_x, batch.train_y)}


def test_claim_on_three_seeds_sigmoid_vanishes_and_relu_he_stays_level(default_flows):
    sigmoid, relu_he = default_flows[("sigmoid", "default")], default_flows[("relu", "he")]
    assert sigmoid.norms.shape == (3, 11)
    assert (sigmoid.norms[:, 0] < 1e-3 * relu_he.norms[:, 0]).all()  # every seed
    assert (sigmoid.first_to_last < 1e-3).all()
    assert ((0.1 < relu_he.first_to_last) & (relu_he.first_to_last < 10)).all()


def test_claim_on_three_seeds_weights_too_large_explode(mnist):
    batch = mnist.subset(256, seed=0)
    normal = flows_over_seeds(FlowConfig(), batch.train_x, batch.train_y)
    large = flows_over_seeds(FlowConfig(weight_scale=2.0), batch.train_x, batch.train_y)
    k = [(f.activation, f.init) for f in normal].index(("relu", "he"))
    assert (large[k].norms[:, 0] > 100 * normal[k].norms[:, 0]).all()  # every seed, every layer blows up
    assert (large[k].norms > 100 * normal[k].norms).all()


def test_the_figure_labels_powers_of_ten_and_whole_layers(default_flows):
    from core.loss_optimization import training_figures

    fig = training_figures.gradient_flow(list(default_flows.values()))
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.dtick in (1, 2, 3)
    assert fig.layout.yaxis.exponentformat == "power"
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis.dtick >= 1
    assert all(t.error_y.array is not None for t in fig.data)  # the spread over seeds is drawn
