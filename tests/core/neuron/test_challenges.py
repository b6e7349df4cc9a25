"""Every Neuron challenge is reached by a known solution and missed by a known non-solution, through the same
result functions the page records, on the real computation (no mocks)."""
import numpy as np
import pytest

from core import activations
from core.challenges import by_id
from core.neuron import bias as neuron_bias
from core.neuron import challenges
from core.neuron import layers as neuron_layers
from core.neuron.calculator import NeuronConfig, forward
from core.neuron.perceptron import GATES, PerceptronConfig

CHALLENGES = by_id(challenges.CHALLENGES)


def solved(challenge_id: str, name: str, metrics: dict) -> bool:
    return CHALLENGES[challenge_id].solved_by({name: metrics})


def test_the_lesson_has_at_least_four_challenges_each_with_its_setup_on_a_real_tab():
    tabs = {"Neuron calculator", "Activation gallery", "Why bias", "Why non-linearity", "Perceptron",
            "Forward pass by hand"}
    assert len(challenges.CHALLENGES) >= 4
    for ch in challenges.CHALLENGES:
        assert ch.lesson == "neuron" and ch.setup["neuron_tab"] in tabs
        assert all(goal.metric in ch.metrics for goal in ch.goals)


def calculator(x, w, b, act):
    cfg = NeuronConfig(x, w, b, act)
    return challenges.calculator_result(cfg, forward(cfg))


def test_challenge_dead_relu():
    # solution: ReLU, every weight positive, the inputs negative: z < 0, so a = 0 and f'(z) = 0
    assert solved("neuron.dead_relu", "calculator", calculator((-1.0, -0.5, -1.5), (0.8, 0.4, 0.3), 0.1, "relu"))
    # non-solutions: the defaults (sigmoid is never exactly 0) ...
    assert not solved("neuron.dead_relu", "calculator", calculator((1.0, 0.5, -1.5), (0.8, -0.4, 0.3), 0.1,
                                                                   "sigmoid"))
    # ... a = 0 through a negative weight ...
    assert not solved("neuron.dead_relu", "calculator", calculator((1.0, 0.5, -1.5), (-0.8, 0.4, 0.3), 0.1, "relu"))
    # ... and Leaky ReLU, whose slope below 0 keeps a gradient flowing
    assert not solved("neuron.dead_relu", "calculator", calculator((-1.0, -0.5, -1.5), (0.8, 0.4, 0.3), 0.1,
                                                                   "leaky_relu"))
    assert activations.SLOPE > 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_challenge_horizontal_line(seed):
    points = neuron_bias.shifted_clouds(seed=seed)
    top_of_0, bottom_of_1 = points.X[points.y == 0, 1].max(), points.X[points.y == 1, 1].min()
    b = -round((top_of_0 + bottom_of_1) / 2 * 2) / 2  # the middle of the gap, on the slider's 0.5 grid
    assert solved("neuron.horizontal_line", "bias_line", challenges.line_result(points, 0.0, 1.0, b))
    assert not solved("neuron.horizontal_line", "bias_line", challenges.line_result(points, 0.0, 1.0, 0.0))  # no b
    assert not solved("neuron.horizontal_line", "bias_line", challenges.line_result(points, 1.0, 1.0, -5.0))  # w1 ≠ 0


def test_challenge_horizontal_line_is_not_solved_by_the_tab_as_it_opens():
    points = neuron_bias.shifted_clouds(seed=0)
    assert not solved("neuron.horizontal_line", "bias_line", challenges.line_result(points, 1.0, 1.0, -5.0))
    assert challenges.line_result(points, 1.0, 1.0, -5.0)["line_accuracy"] == 1.0  # right, but not horizontal


def collapse(seed, x):
    x = np.array(x)
    return challenges.collapse_result(neuron_layers.collapse(neuron_layers.random_layers(len(x), seed), x))


def test_challenge_relu_switch():
    assert solved("neuron.relu_switch", "layers", collapse(1, (1.0, 0.5, -1.5)))  # seed 1: all three units on
    assert not solved("neuron.relu_switch", "layers", collapse(0, (1.0, 0.5, -1.5)))  # the defaults: two units off
    result = collapse(0, (1.0, 0.5, -1.5))
    assert result["units_off"] == 2 and result["collapse_outcome"] == 0  # the linear stack still collapses exactly
    assert CHALLENGES["neuron.relu_switch"].prediction.outcome(result) == "equal, up to float rounding"


@pytest.mark.parametrize("start", [(0.0, 0.0, 0.0), (-1.0, -1.0, 1.0), (0.3, -0.7, 0.5)])
@pytest.mark.parametrize("lr", [0.1, 1.0])
def test_challenge_or_gate(start, lr):
    run = challenges.perceptron_result(PerceptronConfig("OR", lr, *start))
    assert solved("neuron.or_gate", "perceptron_or", run)
    and_run = challenges.perceptron_result(PerceptronConfig("AND", lr, *start))
    assert not solved("neuron.or_gate", "perceptron_and", and_run)  # another gate's run does not count
    assert not CHALLENGES["neuron.or_gate"].solved_by({"perceptron_and": and_run})


@pytest.mark.parametrize("start", [(0.0, 0.0, 0.0), (-1.0, -1.0, 1.0), (0.3, -0.7, 0.5)])
@pytest.mark.parametrize("lr", [0.1, 1.0])
def test_challenge_xor(start, lr):
    run = challenges.perceptron_result(PerceptronConfig("XOR", lr, *start))
    assert solved("neuron.xor", "perceptron_xor", run)
    assert run["xor_accuracy"] < 1 and run["xor_settled"] == 0
    assert CHALLENGES["neuron.xor"].prediction.outcome(run).startswith("it never settles")
    for gate in GATES.keys() - {"XOR"}:  # a separable gate never shows a repeat: it settles
        other = challenges.perceptron_result(PerceptronConfig(gate, lr, *start))
        assert not solved("neuron.xor", "perceptron_xor", {"xor_cycles": other[f"{gate.lower()}_cycles"]})


def test_every_challenge_and_assignment_metric_names_the_result_that_holds_it():
    results = {"calculator", "bias_line", "layers"} | {challenges.result_name(g) for g in GATES}
    assert {result for result, _ in challenges.METRICS.values()} <= results
    assert all(metric.name == name for name, (_, metric) in challenges.METRICS.items())
