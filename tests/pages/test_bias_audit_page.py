"""The Bias audit page: train the biased MNIST mix, then measure, explore and mitigate on Arrests."""

import pytest

from core.bias_audit.classifiers import GOALS
from core.bias_audit.images import SHARES, SWEEP_SEEDS
from core.bias_audit.mitigation import SEEDS, compare_over_seeds
from tests.core.bias_audit.test_images import one_thread  # noqa: F401  (the fixture, shared)

IMAGES, ARRESTS = ":material/draw: Images: cause bias", ":material/gavel: Arrests: measure & fix"


pytestmark = pytest.mark.usefixtures("one_thread")


def assert_ok(at):
    assert not at.exception, [e.value for e in at.exception][:1]


def table_with(at, column: str):
    """The first st.dataframe on the page that has `column`."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_images_train_audit_and_datasheet(page):
    at = page("bias_audit", timeout=600).run()  # the default run trains first: minutes on a busy 2-core box
    assert_ok(at)
    assert at.title[0].value == "Bias audit"
    assert "Train and audit" in at.info[0].value
    at.selectbox(key="bias_style").set_value("faint")
    at.select_slider(key="bias_share").set_value(1)
    at.select_slider(key="bias_images").set_value(2000)
    at.slider(key="bias_epochs").set_value(1)
    at.button(key="bias_train").click().run()
    assert_ok(at)
    shown = metrics(at)
    assert {"Accuracy, regular strokes", "Accuracy, low contrast", "Worst-group accuracy", "Gap"} <= set(shown)
    run = at.session_state["bias_run"]
    assert run.latest.cfg.share == 0.01 and run.latest.train_counts["low contrast"] == 20
    assert shown["Gap"] == f"{run.latest.gap * 100:+.1f} pts"
    at.session_state["bias_view"] = "Confidence & calibration"  # the result's views are tabs of their own
    assert any("ECE" in latex.value for latex in at.run().latex)
    at.session_state["bias_view"] = "Datasheet"
    assert any("## Composition" in md.value for md in at.run().markdown)  # the datasheet preview
    # another share adds a second point to the gap-versus-share curve
    at.select_slider(key="bias_share").set_value(50)
    at.button(key="bias_train").click().run()
    assert_ok(at)
    assert len(at.session_state["bias_run"].curve(at.session_state["bias_run"].latest.cfg)) == 2


def test_arrests_measure_explore_mitigate_and_document(page):
    from lessons.bias_audit import cache

    at = page("bias_audit", timeout=900)  # Mitigate trains every fix on three seeds: minutes on a busy 2-core box
    at.query_params.update(bias_tab=ARRESTS, bias_attr="<script>", bias_blind="NaN")  # a tampered link
    at.run()
    assert_ok(at)
    assert at.selectbox(key="bias_attr").value == "colour" and not at.toggle(key="bias_blind").value
    assert any("not valid here" in info.value for info in at.info)
    shown = metrics(at)
    assert float(shown["Balanced accuracy"].rstrip("%")) > 60
    assert sum("fair band" in latex.value for latex in at.latex) == 5
    assert any("cannot all hold at once" in info.value for info in at.info)
    frame = table_with(at, "selection rate")
    assert list(frame.index) == ["Black", "White"] and "selection rate" in frame.columns
    # the warm-up's defaults are these very baselines (cache hits by now)
    assert cache.DEFAULTS["arrests_seed0"]().table.to_numpy() == pytest.approx(frame.to_numpy())
    assert [cache.DEFAULTS[f"arrests_seed{s}"]().cfg.seed for s in SEEDS] == list(SEEDS)

    at.session_state["bias_section"] = "Threshold explorer"
    at.run()
    assert_ok(at)
    before = metrics(at)["Statistical parity diff."]
    at.slider(key="bias_thr_colour_black").set_value(0.3).run()  # release more Black arrestees
    assert_ok(at)
    assert float(metrics(at)["Statistical parity diff."]) > float(before)

    at.selectbox(key="bias_attr").set_value("age band").run()
    assert_ok(at)
    assert {s.key for s in at.slider} >= {"bias_thr_age_band_under_18", "bias_thr_age_band_18_24",
                                          "bias_thr_age_band_25_and_over"}

    at.session_state["bias_section"] = "Mitigate"
    at.selectbox(key="bias_attr").set_value("colour")
    at.run()
    assert_ok(at)
    outcomes = table_with(at, "disparity")
    assert list(outcomes.index) == ["Baseline (class weights)", "Reweighing", "Group-weighted loss",
                                    "ThresholdOptimizer"]
    assert list(outcomes["stage"])[2] == "in-processing"
    assert (outcomes["disparity"].iloc[1:] < outcomes["disparity"].iloc[0] / 2).all()  # every fix halves the DP gap
    assert at.select_slider(key="bias_rounds").value == 5
    assert any(r"\lambda^\pm_a \leftarrow" in latex.value for latex in at.latex)  # the update rule for parity
    weights = table_with(at, "released (y=1)")
    assert weights.loc["Black", "released (y=1)"] > 1 > weights.loc["White", "released (y=1)"]
    five = outcomes.loc["Group-weighted loss", "disparity"]
    # the warm-up's defaults are this very comparison (cache hits by now)
    expected = compare_over_seeds({s: cache.DEFAULTS[f"mitigate_seed{s}"]() for s in SEEDS}, "demographic_parity")
    assert outcomes["disparity"].to_numpy() == pytest.approx(expected["disparity"].to_numpy())
    assert any(md.value.startswith("**Takeaway:** over 3 seeds") for md in at.markdown)

    at.select_slider(key="bias_rounds").set_value(1).run()  # one round of reweighting instead of five
    assert_ok(at)
    assert any("after each of the 1 rounds" in c.value for c in at.caption)
    outcomes = table_with(at, "disparity")
    assert outcomes.loc["Group-weighted loss", "disparity"] != five
    assert outcomes.loc["Group-weighted loss", "disparity"] < outcomes.loc["Baseline (class weights)", "disparity"]

    at.session_state["bias_section"] = "Datasheet"
    at.run()
    assert_ok(at)
    assert at.get("download_button") and any("## Composition" in md.value for md in at.markdown)


def test_a_link_sets_the_goal_and_the_reweighting_rounds(page):
    at = page("bias_audit", timeout=900)
    at.query_params.update(bias_tab=ARRESTS, bias_section="Mitigate", bias_goal=GOALS["equalized_odds"],
                           bias_rounds="2")
    at.run()
    assert_ok(at)
    assert at.selectbox(key="bias_goal").value == "equalized_odds" and at.select_slider(key="bias_rounds").value == 2
    assert any("after each of the 2 rounds" in c.value for c in at.caption)
    outcomes = table_with(at, "disparity")
    assert (outcomes["disparity"] == outcomes["EqOdds"]).all()
    assert outcomes.loc["Group-weighted loss", "disparity"] < outcomes.loc["Baseline (class weights)", "disparity"]
    assert any(r"\mathrm{FPR}_a" in latex.value for latex in at.latex)  # its own update rule


def test_every_default_runs_and_is_what_the_tabs_open_on(page):
    """The warm-up's DEFAULTS are the very runs the Images tab opens on (the Arrests ones: in the Arrests test)."""
    from lessons.bias_audit import cache

    assert list(cache.DEFAULTS)[0] == "images"
    assert sum(name.startswith("gap_") for name in cache.DEFAULTS) == len(SHARES) * len(SWEEP_SEEDS)
    assert {f"arrests_seed{s}" for s in SEEDS} | {f"mitigate_seed{s}" for s in SEEDS} <= set(cache.DEFAULTS)
    audit = cache.DEFAULTS["images"]()
    assert audit.cfg == cache.default_image_config()
    for name in ("gap_seed1_0.5", "gap_seed2_0.01"):  # the sweep's runs differ from the default only in these two
        run = cache.DEFAULTS[name]()
        assert (run.cfg.seed, run.cfg.share) == cache.SWEEP[name] and run.cfg.style == audit.cfg.style

    at = page("bias_audit", timeout=600).run()
    assert_ok(at)
    assert metrics(at)["Gap"] == f"{audit.gap * 100:+.1f} pts"
    assert any("Default settings" in c.value and "Train and audit" in c.value for c in at.caption)
    assert at.get("plotly_chart")  # the tab opens on a figure: the default run's gap curve
    assert "bias_run" not in at.session_state or at.session_state["bias_run"].latest is None
    # the Arrests defaults (arrests_seed*, mitigate_seed*) are checked against their tabs in the Arrests test


def test_an_assignment_link_locks_hides_sets_the_task_and_checks_the_goal(page):
    """An instructor's link: the attribute locked, the blind toggle hidden, a plain-text task, a goal on the
    Threshold explorer's balanced accuracy, checked against the student's own (real) baseline."""
    task = "Audit colour: <b>bring</b> the **TPR** gap under 0.05"
    at = page("bias_audit", timeout=600)
    at.query_params.update(bias_tab=ARRESTS, bias_section="Threshold explorer", bias_attr="colour",
                           lock="bias_attr", hide="bias_blind", task=task,
                           goal="threshold_balanced_accuracy:>=:0.6")
    at.run()
    assert_ok(at)
    assert at.selectbox(key="bias_attr").disabled and at.selectbox(key="bias_attr").value == "colour"
    assert not [t for t in at.toggle if t.key == "bias_blind"]  # hidden: not drawn at all
    assert any(t.value == task for t in at.text)  # shown as typed, never as Markdown or HTML
    at.run()  # the box sits above the lesson: it reads what the run below recorded from the next rerun on
    assert any(s.value.startswith("goal reached: balanced accuracy with your thresholds") for s in at.success)

    at.query_params["goal"] = "threshold_equal_opportunity_difference:<=:0.05"  # not reached at 0.5 / 0.5
    at.run().run()
    assert_ok(at)
    assert any("too high for equal-opportunity difference" in i.value for i in at.info)


def test_the_challenges_tab_checks_the_learners_own_threshold_run(page):
    """Challenges is the last tab; a prediction first, then the Threshold explorer's real numbers solve one."""
    from core.bias_audit.challenges import CHALLENGES

    at = page("bias_audit", timeout=600)
    at.query_params.update(bias_tab="Challenges")
    at.run()
    assert_ok(at)
    assert len(at.selectbox(key="bias_challenge").options) == len(CHALLENGES) >= 4
    at.selectbox(key="bias_challenge").set_value("bias_audit.equal_opportunity").run()
    at.radio(key="bias_predict_equal_opportunity").set_value("the Black group's").run()
    at.button(key="bias_lock_bias_audit.equal_opportunity").click().run()
    assert_ok(at)
    assert any("no threshold" in i.value or "no equal" in i.value for i in at.info)  # not run yet
    # the learner's own run: the Threshold explorer with per-group cut-offs
    at.query_params.update(bias_tab=ARRESTS, bias_section="Threshold explorer")
    at.run()
    at.slider(key="bias_thr_colour_black").set_value(0.36)
    at.slider(key="bias_thr_colour_white").set_value(0.56).run()
    assert_ok(at)
    at.query_params["bias_tab"] = "Challenges"
    at.run()
    assert_ok(at)
    assert sum(s.value.startswith("goal reached") for s in at.success) == 2, [i.value for i in at.info]
    assert any("Why it works" in md.value for md in at.markdown)
