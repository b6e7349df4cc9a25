"""Every Bias audit challenge: a known solution reaches its goal and a known non-solution does not,
on real training through the same result functions the page records (no mocks)."""
from dataclasses import replace

import pytest

from core.bias_audit import challenges as bc
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.images import ImageBiasConfig, run_image_audit
from core.bias_audit.mitigation import SEEDS, evaluate, predict_with_thresholds, run_mitigations, run_tabular_audit
from core.challenges import by_id
from core.data import DatasetMissing, load_mnist
from core.goals import parse_goal
from tests.core.bias_audit.test_images import one_thread  # noqa: F401  (the fixture, shared)

pytestmark = pytest.mark.usefixtures("one_thread")
CH = by_id(bc.CHALLENGES)


def solved(challenge_id: str, result: dict[str, float]) -> bool:
    ch = CH[challenge_id]
    return ch.solved_by({ch.result: result})


def test_challenges_are_well_formed_and_their_metrics_are_assignment_goals():
    assert len(bc.CHALLENGES) >= 4
    for ch in bc.CHALLENGES:
        assert ch.lesson == "bias_audit"
        assert ch.setup["bias_tab"] in (bc.IMAGES_TAB, bc.ARRESTS_TAB)
        for goal in ch.goals:
            result, metric = bc.METRICS[goal.metric]
            assert result == ch.result
            assert parse_goal(goal.to_text(), {n: m for n, (_, m) in bc.METRICS.items()}) == goal
        if ch.prediction:  # the outcome a solved challenge compares the prediction with is recorded
            assert ch.prediction.metric
    for main in ("test_accuracy", "balanced_accuracy", "demographic_parity_difference", "equalized_odds_difference",
                 "accuracy", "fix_balanced_accuracy", "fix_demographic_parity_difference"):
        assert main in bc.METRICS


@pytest.fixture(scope="module")
def mnist():
    try:
        return load_mnist()
    except DatasetMissing:
        pytest.skip("MNIST is not available here (set NNLAB_DATA_DIR)")


@pytest.mark.parametrize("seed", [0, 1])
def test_challenge_rare_style_solved_by_a_rare_style_not_by_an_even_mix(mnist, seed):
    small = ImageBiasConfig(style="faint", train_images=2000, epochs=1, seed=seed)
    rare = bc.image_result(run_image_audit(mnist, replace(small, share=0.01)))
    even = bc.image_result(run_image_audit(mnist, replace(small, share=0.5)))
    assert solved("bias_audit.rare_style", rare), rare
    assert not solved("bias_audit.rare_style", even), even
    assert CH["bias_audit.rare_style"].prediction.outcome(rare) == "the rare style"


def test_challenge_unaware_solved_by_hiding_colour_not_by_showing_it():
    hidden = bc.audit_result(run_tabular_audit(TabularConfig(blind=True)))
    shown = bc.audit_result(run_tabular_audit(TabularConfig(blind=False)))
    assert solved("bias_audit.unaware", hidden), hidden
    assert not solved("bias_audit.unaware", shown), shown  # the attribute was not hidden
    assert CH["bias_audit.unaware"].prediction.outcome(hidden).startswith("yes")


@pytest.mark.parametrize("seed", SEEDS)
def test_challenge_unaware_gap_stays_on_every_seed(seed):
    hidden = bc.audit_result(run_tabular_audit(TabularConfig(blind=True, seed=seed)))
    assert solved("bias_audit.unaware", hidden), hidden


def thresholds_result(audit, thresholds):
    _, bal, _, report = evaluate(audit.y_test, predict_with_thresholds(audit.scores, audit.a_test, thresholds),
                                 audit.a_test, audit.privileged)
    return bc.threshold_result(bal, report, thresholds)


def test_challenge_equal_opportunity_solved_by_per_group_cut_offs_not_by_one_cut_off():
    audit = run_tabular_audit(TabularConfig())  # the Threshold explorer's baseline: colour, seed 0
    ch = CH["bias_audit.equal_opportunity"]
    start = thresholds_result(audit, {"Black": 0.5, "White": 0.5})
    assert not solved(ch.id, start), start
    everyone = thresholds_result(audit, {"Black": 0.05, "White": 0.05})  # equal TPRs of 1, but no accuracy
    assert not solved(ch.id, everyone), everyone
    fair = thresholds_result(audit, SOLUTION_THRESHOLDS)
    assert solved(ch.id, fair), fair
    assert ch.prediction.outcome(fair) == "the Black group's"


SOLUTION_THRESHOLDS = {"Black": 0.36, "White": 0.56}  # found on a 0.02 grid: TPR gap 0.013, balanced 67.1%


@pytest.fixture(scope="module")
def mitigations():
    """The Mitigate tab's runs on its three seeds (one reweighting round: the fixes checked here do not use it)."""
    return {seed: run_mitigations(TabularConfig(seed=seed), "demographic_parity", 1) for seed in SEEDS}


def test_challenge_parity_fix_solved_by_reweighing(mitigations):
    result = bc.mitigation_result(mitigations, "demographic_parity", "Reweighing")
    assert solved("bias_audit.parity_fix", result), result
    assert CH["bias_audit.parity_fix"].prediction.outcome(result) in bc.FIXES


def test_challenge_parity_fix_not_solved_without_a_fix(mitigations):
    result = bc.mitigation_result(mitigations, "demographic_parity", bc.BASELINE)
    assert not solved("bias_audit.parity_fix", result), result
