"""The perceptron rule learns AND, OR and NAND and provably never settles on XOR."""
import itertools

import numpy as np
import pytest
import torch
from torch import nn

from core.neuron import perceptron
from core.neuron.perceptron import GATES, INPUTS, Cursor, PerceptronConfig

STARTS = [(0.0, 0.0, 0.0), (0.3, -0.2, 0.1), (-1.0, 1.0, 0.5), (1.0, 1.0, -1.0)]
RATES = [0.1, 0.25, 0.5, 1.0]


def test_first_steps_by_hand():
    """AND from zero weights with η = 0.5, worked on paper."""
    run = perceptron.train(PerceptronConfig("AND", lr=0.5))
    after = [(s.w_after, s.b_after) for s in run.steps[:8]]
    assert after == [((0, 0), 0), ((0, 0), 0), ((0, 0), 0), ((0.5, 0.5), 0.5),  # only (1,1) is wrong at first
                     ((0.5, 0.5), 0.0), ((0.5, 0.0), -0.5), ((0.5, 0.0), -0.5), ((1.0, 0.5), 0.0)]
    assert [s.mistake for s in run.steps[:8]] == [False, False, False, True, True, True, False, True]


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
@pytest.mark.parametrize("lr, start", list(itertools.product(RATES, STARTS)))
def test_linearly_separable_gates_converge(gate, lr, start):
    run = perceptron.train(PerceptronConfig(gate, lr, *start))
    assert run.status == "converged"
    assert run.mistakes_per_epoch[-1] == 0
    last = run.steps[-1]
    assert perceptron.accuracy(gate, *last.w_after, last.b_after) == 1.0
    assert perceptron.separating_line(gate) is not None


@pytest.mark.parametrize("lr, start", list(itertools.product(RATES, STARTS)))
def test_xor_never_converges(lr, start):
    run = perceptron.train(PerceptronConfig("XOR", lr, *start, max_epochs=500))
    assert run.status == "cycle"  # weights at an epoch's start came back: the same epochs repeat forever
    assert min(run.mistakes_per_epoch) > 0
    assert "never converges" in run.message


def test_no_line_separates_xor():
    assert perceptron.separating_line("XOR") is None
    # brute force over a grid of lines: at best three of the four points come out right
    grid = np.linspace(-2, 2, 41)
    best = max(perceptron.accuracy("XOR", w1, w2, b) for w1 in grid for w2 in grid for b in grid)
    assert best == 0.75
    for gate in ("AND", "OR", "NAND"):
        w1, w2, b = perceptron.separating_line(gate)
        assert perceptron.accuracy(gate, w1, w2, b) == 1.0


def test_a_trained_sigmoid_neuron_cannot_fit_xor():
    """The same claim with gradient descent instead of the perceptron rule."""
    torch.manual_seed(0)
    X = torch.tensor(INPUTS, dtype=torch.float32)  # (4, 2)
    y = torch.tensor(GATES["XOR"], dtype=torch.float32)  # (4,)
    unit = nn.Linear(2, 1)
    opt = torch.optim.Adam(unit.parameters(), lr=0.1)
    for _ in range(500):
        opt.zero_grad()
        nn.functional.binary_cross_entropy_with_logits(unit(X).squeeze(1), y).backward()
        opt.step()
    acc = ((unit(X).squeeze(1) > 0).float() == y).float().mean().item()
    assert acc <= 0.75


def test_cursor_stays_within_the_run():
    c = Cursor(PerceptronConfig())
    assert c.moved(-1, 10).step == 0
    assert c.moved(3, 10).moved(1, 10).step == 4
    assert c.moved(99, 10).step == 10
    run = perceptron.train(PerceptronConfig("AND", lr=0.5))
    assert run.mistakes_up_to(6) == [1, 2]  # epoch 1 made one mistake, epoch 2 two in its first two steps
    assert run.mistakes_up_to(len(run.steps)) == list(run.mistakes_per_epoch)
