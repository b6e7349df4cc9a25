"""FNN vs CNN vs RNN: the row-by-row RNN against torch's own cells, and the comparison's rows."""
import pytest
import torch
from torch import nn

from core.architectures.compare import KINDS, CompareConfig, RowRNN, build, compare_one, summary
from core.data import load_digits_fallback
from core.models import count_parameters


@pytest.fixture(scope="module")
def digits():
    return load_digits_fallback()


def test_row_rnn_reads_rows_like_a_hand_written_gru_loop():
    torch.manual_seed(0)
    model = RowRNN(side=6, classes=4, hidden=5).eval()
    cell = nn.GRUCell(6, 5)
    cell.weight_ih.data, cell.weight_hh.data = model.rnn.weight_ih_l0.data, model.rnn.weight_hh_l0.data
    cell.bias_ih.data, cell.bias_hh.data = model.rnn.bias_ih_l0.data, model.rnn.bias_hh_l0.data
    images = torch.randn(3, 1, 6, 6)
    h = torch.zeros(3, 5)
    for row in range(6):  # one time step per row of pixels, top to bottom
        h = cell(images[:, 0, row], h)
    with torch.no_grad():
        assert torch.allclose(model(images), model.head(h), atol=1e-6)


@pytest.mark.parametrize("cell,gates", [("gru", 3), ("lstm", 4)])
def test_rnn_parameter_count_by_hand(cell, gates):
    side, hidden, classes = 28, 64, 10
    per_gate = hidden * side + hidden * hidden + 2 * hidden  # input weights, recurrent weights, two biases
    assert count_parameters(RowRNN(side, classes, hidden, cell)) == gates * per_gate + hidden * classes + classes


def test_the_three_kinds_build_with_the_tutorial_sizes():
    cfg = CompareConfig()
    mlp, name = build("mlp", cfg, 28, 10)
    assert count_parameters(mlp) == 784 * 128 + 128 + 128 * 10 + 10 and "784-128-10" in name
    cnn, _ = build("cnn", cfg, 28, 10)
    assert cnn(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    with pytest.raises(ValueError):
        build("transformer", cfg, 28, 10)


def test_every_kind_learns_the_digits_in_one_epoch(digits):
    cfg = CompareConfig(train_images=2000, epochs=1)
    rows = [compare_one(kind, digits, cfg, "CPU") for kind in KINDS]
    assert [r.kind for r in rows] == list(KINDS)
    for row in rows:
        model, _ = build(row.kind, cfg, digits.side, digits.classes)
        assert row.parameters == count_parameters(model)
        assert row.seconds_per_epoch > 0 and row.device == "CPU, 1 thread"
        assert row.test_acc > 0.2  # well above chance (10%) after one epoch
    best = max(rows, key=lambda r: r.test_acc)
    assert f"{best.test_acc:.1%}" in summary(rows) and summary(rows).startswith("After one epoch the ")


def test_a_seeded_row_is_reproducible(digits):
    cfg = CompareConfig(train_images=500)
    assert compare_one("mlp", digits, cfg).test_acc == compare_one("mlp", digits, cfg).test_acc
