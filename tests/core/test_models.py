import pytest
import torch

from core.models import ModelConfig, build_model, count_parameters, predict_proba


def test_tutorial_mlp_parameter_count():
    model = build_model(ModelConfig(hidden=(128,)))
    assert count_parameters(model) == 784 * 128 + 128 + 128 * 10 + 10  # 101,770


@pytest.mark.parametrize("cfg", [ModelConfig(), ModelConfig(hidden=(64, 32), activation="tanh", dropout=0.2,
                                                              batch_norm=True, init="he"),
                                 ModelConfig(kind="cnn")])
@pytest.mark.parametrize("side", [28, 8])
def test_logits_shape(cfg, side):
    model = build_model(cfg, side=side)
    assert model(torch.randn(5, 1, side, side)).shape == (5, 10)  # (batch, classes)


def test_cnn_parameter_count():
    convs = (1 * 16 * 9 + 16) + (16 * 32 * 9 + 32)
    assert count_parameters(build_model(ModelConfig(kind="cnn"))) == convs + 32 * 7 * 7 * 10 + 10


def test_probabilities_sum_to_one():
    p = predict_proba(build_model(ModelConfig()), torch.randn(7, 1, 28, 28))
    assert torch.allclose(p.sum(1), torch.ones(7))


def test_he_init_zeroes_biases_and_scales_weights():
    model = build_model(ModelConfig(hidden=(512,), init="he"))
    w = model[1].weight
    assert torch.all(model[1].bias == 0)
    assert abs(w.std().item() - (2 / 784) ** 0.5) < 0.005


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        build_model(ModelConfig(kind="transformer"))
