"""FNN vs CNN vs RNN: the row-by-row RNN against torch's own cells, the comparison's rows and its claim."""
from dataclasses import replace

import pytest
import torch
from torch import nn

from core.architectures.compare import (
    KINDS,
    SEEDS,
    CompareConfig,
    CompareRow,
    RowRNN,
    build,
    by_kind,
    compare_one,
    neighbours_verdict,
    summary,
)
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


def rows(accuracies: dict, parameters=None) -> list[CompareRow]:
    """{kind: [test accuracy per seed]} → rows, as the tab trains them (every kind on each seed)."""
    params = parameters or {"mlp": 101_770, "cnn": 20_490, "rnn": 18_698}
    return [CompareRow(kind, kind, params[kind], 1.0 + i, acc, "CPU")
            for i, (kind, accs) in enumerate(accuracies.items()) for acc in accs]


def test_summary_names_a_winner_only_outside_the_noise():
    clear = rows({"mlp": [0.89, 0.90, 0.895], "cnn": [0.917, 0.918, 0.92], "rnn": [0.5, 0.49, 0.51]})
    text = summary(clear)
    assert text.startswith("After one epoch the CNN is the most accurate on all 3 seeds")
    assert "with 5× fewer parameters than the FNN" in text and "Behind: the FNN (89.5%) and the RNN" in text
    assert "trains fastest" in text and "FNN" in text
    assert neighbours_verdict(clear).startswith("Here it paid")
    overlap = rows({"mlp": [0.86, 0.85, 0.83], "cnn": [0.85, 0.81, 0.84], "rnn": [0.28, 0.26, 0.23]})
    text = summary(overlap)
    assert "level within the noise" in text and "most accurate" not in text and "the CNN with 5× fewer" in text
    assert neighbours_verdict(overlap).startswith("Here the CNN matched the FNN within the noise")
    assert by_kind(overlap)[0].accuracy == pytest.approx(0.8467, abs=1e-3)


def test_a_fixed_test_sample_is_shared_by_every_seed(digits):
    a = compare_one("mlp", digits, CompareConfig(train_images=300, test_images=100, seed=0))
    b = compare_one("mlp", digits, CompareConfig(train_images=300, test_images=100, seed=1))
    assert a.test_acc != b.test_acc  # another sample and other first weights…
    assert round(a.test_acc * 100) == a.test_acc * 100 and round(b.test_acc * 100) == b.test_acc * 100  # …of 100


def test_claim_default_cnn_beats_fnn_with_fewer_parameters_on_every_seed(mnist):
    """The tab's default (5,000 MNIST images, one epoch, 3 seeds): the CNN's assumption pays."""
    out = [compare_one(kind, mnist, replace(CompareConfig(), seed=seed)) for seed in SEEDS for kind in KINDS]
    kinds = {k.kind: k for k in by_kind(out)}
    cnn, fnn, rnn = kinds["cnn"], kinds["mlp"], kinds["rnn"]
    assert cnn.low > fnn.high and cnn.parameters * 4 < fnn.parameters
    assert rnn.high < fnn.low  # after one epoch the row-by-row reader lags behind
    assert summary(out).startswith("After one epoch the CNN is the most accurate on all 3 seeds")
    assert neighbours_verdict(out).startswith("Here it paid")
