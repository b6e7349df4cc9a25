"""The Bias audit page in Chromium: train, retrain from the cache in a second visitor, open every section.

Set NNLAB_SHOTS=<folder> to keep a screenshot of each step.
"""
import os

from tests.browser.conftest import exceptions, settle

SMALL = "bias_audit?bias_images=2000&bias_epochs=1&bias_share=2"


def shot(tab, name: str) -> None:
    if os.environ.get("NNLAB_SHOTS"):
        tab.screenshot(path=os.path.join(os.environ["NNLAB_SHOTS"], f"bias_{name}.png"), full_page=True)


def train(tab, server) -> str:
    tab.goto(f"{server}/{SMALL}")
    settle(tab)
    tab.get_by_text("Default settings ·").wait_for(timeout=240_000)  # the tab opens on the default run
    tab.get_by_role("button", name="Train and audit").click()
    tab.get_by_text("Default settings ·").wait_for(state="detached", timeout=240_000)  # now the learner's own
    gap = tab.locator('[data-testid="stMetric"]', has_text="Gap")
    gap.wait_for(timeout=240_000)
    settle(tab, 240)
    return gap.locator('[data-testid="stMetricValue"]').inner_text()


def test_train_then_a_second_visitor_gets_the_cached_audit(server, browser):
    first = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    second = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        gap = train(first, server)
        shot(first, "images")
        assert exceptions(first) == []
        # a cache hit replays nothing the progress bar drew, so it must not fail
        assert train(second, server) == gap
        assert exceptions(second) == []
    finally:
        first.context.close()
        second.context.close()


def test_every_arrests_section_opens(server, tab):
    tab.goto(f"{server}/bias_audit")
    settle(tab)
    tab.get_by_role("tab", name="Arrests: measure & fix").click()
    settle(tab, 240)
    for section in ("Measure", "Threshold explorer", "Mitigate", "Datasheet"):
        tab.get_by_role("tab", name=section, exact=True).click()
        settle(tab, 600)  # Mitigate trains every fix on three seeds: minutes on a busy 2-core box
        assert exceptions(tab) == [], section
        shot(tab, section.lower().replace(" ", "_"))
    assert tab.get_by_role("button", name="Download the datasheet (Markdown)").count() == 1


def test_mitigate_with_fewer_reweighting_rounds(server, tab):
    tab.goto(f"{server}/bias_audit?bias_section=Mitigate")  # the default rounds: a cache hit after the test above
    settle(tab)
    tab.get_by_role("tab", name="Arrests: measure & fix").click()
    settle(tab, 240)
    tab.get_by_text("after each of the 5 rounds").wait_for(timeout=240_000)
    thumb = tab.get_by_role("slider", name="Reweighting rounds T")
    thumb.focus()
    for _ in range(3):  # 5 -> 3 -> 2 -> 1
        thumb.press("ArrowLeft")
    settle(tab, 240)
    tab.get_by_text("after each of the 1 rounds").wait_for(timeout=240_000)
    tab.wait_for_url("**bias_rounds=1**", timeout=10_000)  # the link now holds the new setting
    assert tab.get_by_text("Group-weighted loss").count() >= 1
    assert exceptions(tab) == []
    shot(tab, "mitigate_one_round")
