"""Every Loss & optimization challenge is reached by a known solution and missed by a known non-solution, through
the same result functions the page records, on real races, real training and real gradients (no mocks)."""
import math

import pytest

from core.challenges import by_id
from core.loss_optimization import backprop, challenges
from core.loss_optimization.batching import BatchConfig, compare_seeds
from core.loss_optimization.gradient_flow import FlowConfig, flows_over_seeds
from core.loss_optimization.race import SURFACES, RaceConfig, default_lrs, race

CHALLENGES = by_id(challenges.CHALLENGES)
TABS = {"Loss functions", "Gradient descent race", "Batch size", "Backprop step by step", "Vanishing gradients"}


def solved(challenge_id: str, name: str, metrics: dict) -> bool:
    return CHALLENGES[challenge_id].solved_by({name: metrics})


def test_the_lesson_has_at_least_four_challenges_each_with_its_setup_on_a_real_tab():
    assert len(challenges.CHALLENGES) >= 4
    for ch in challenges.CHALLENGES:
        assert ch.lesson == "loss_optimization" and ch.setup["loss_tab"] in TABS
        assert all(goal.metric in ch.metrics for goal in ch.goals)


def racing(surface: str, lrs: dict, steps: int = 200, momentum: float = 0.9, start=None) -> dict:
    cfg = RaceConfig(surface, start or SURFACES[surface].start, tuple(lrs.items()), steps, momentum)
    return challenges.race_result(race(cfg))


def test_challenge_bowl_diverges():
    assert solved("loss_optimization.bowl_diverges", "race_bowl", racing("bowl", {"SGD": 1.2}))
    assert not solved("loss_optimization.bowl_diverges", "race_bowl", racing("bowl", {"SGD": 1.0}))  # it bounces
    assert not solved("loss_optimization.bowl_diverges", "race_bowl", racing("bowl", {"SGD": 2.0}))  # not the edge
    assert not solved("loss_optimization.bowl_diverges", "race_bowl", racing("bowl", default_lrs("bowl")))
    result = racing("bowl", {"SGD": 1.2})
    assert CHALLENGES["loss_optimization.bowl_diverges"].prediction.outcome(result) == 1.0  # 2/λmax = 2/2


@pytest.mark.parametrize("start", [(-4.5, 1.0), (-4.0, 1.2), (-4.8, -0.8)])
def test_challenge_ravine_momentum(start):
    tuned = racing("ravine", {"SGD": 0.1, "Momentum": 0.3}, momentum=0.7, start=start)
    assert solved("loss_optimization.ravine_momentum", "race_ravine", tuned)
    assert tuned["sgd_steps"] == math.inf  # plain SGD, at its "about right" rate, is still crawling
    default = racing("ravine", default_lrs("ravine"), start=start)
    assert not solved("loss_optimization.ravine_momentum", "race_ravine", default)


@pytest.fixture(scope="module")
def batch_images(mnist):
    sub = mnist.subset(200, seed=0)
    return sub.train_x, sub.train_y


@pytest.mark.parametrize("lr, solves", [(0.1, True), (0.01, False)])
def test_challenge_batch_noise(batch_images, lr, solves):
    """Small settings (200 images, 1 epoch, 3 seeds): lr 0.1 solves it, the default 0.01 does not."""
    result = challenges.batch_result(compare_seeds(BatchConfig(200, 1, lr, 64), *batch_images))
    assert solved("loss_optimization.batch_noise", "batch", result) is solves


@pytest.fixture(scope="module")
def flow_batch(mnist):
    batch = mnist.subset(256, seed=0)
    return batch.train_x, batch.train_y


def test_challenge_vanishing_relu(flow_batch):
    deep = challenges.flow_result(flows_over_seeds(FlowConfig(depth=15), *flow_batch))
    assert solved("loss_optimization.vanishing_relu", "gradient_flow", deep)
    assert CHALLENGES["loss_optimization.vanishing_relu"].prediction.outcome(deep) == "more than 1,000× smaller"
    default = challenges.flow_result(flows_over_seeds(FlowConfig(), *flow_batch))  # the tab as it opens: 10 layers
    assert not solved("loss_optimization.vanishing_relu", "gradient_flow", default)
    exploding = challenges.flow_result(flows_over_seeds(FlowConfig(depth=15, weight_scale=2.0), *flow_batch))
    assert not solved("loss_optimization.vanishing_relu", "gradient_flow", exploding)  # larger weights: no vanishing


def walked(lr: float, x=(1.0, 1.0), y=0.0, loss="bce") -> dict:
    return challenges.backprop_result(backprop.walk(backprop.NetConfig(x, y, loss=loss, lr=lr)))


def test_challenge_backprop_step():
    assert solved("loss_optimization.backprop_step", "backprop", walked(5.0))
    assert not solved("loss_optimization.backprop_step", "backprop", walked(0.5))  # the default rate
    assert not solved("loss_optimization.backprop_step", "backprop", walked(2.0))
    result = walked(5.0)
    assert result["autograd_gap"] < 1e-9
    assert CHALLENGES["loss_optimization.backprop_step"].prediction.outcome(result) == "down"  # ŷ too high for y = 0


def test_every_challenge_and_assignment_metric_names_the_result_that_holds_it():
    assert {result for result, _ in challenges.METRICS.values()} == {"race", "batch", "gradient_flow", "backprop"}
    assert all(metric.name == name for name, (_, metric) in challenges.METRICS.items())
    race_metrics = racing("ravine", default_lrs("ravine"))
    assert {n for n, (r, _) in challenges.METRICS.items() if r == "race"} <= set(race_metrics)
