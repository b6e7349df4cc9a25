"""The Bias audit page: train the biased MNIST mix, then measure, explore and mitigate on Arrests."""
import pytest

from core.bias_audit.classifiers import GOALS
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
    at = page("bias_audit").run()
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
    at = page("bias_audit")
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
    at = page("bias_audit")
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
