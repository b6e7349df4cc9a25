"""Data & splits in Chromium: every tab opens, the tab lands in the link, and an experiment runs from its button."""
from tests.browser.conftest import exceptions, settle

TABS = ("Splits", "Leakage", "Scaling", "Missing values", "Categories", "Augmentation", "Fitting", "Small data")


def test_every_tab_opens_and_an_experiment_runs(server, tab):
    tab.goto(f"{server}/data_splits?data_small_repeats=1&data_small_n=20")
    settle(tab)
    for name in TABS:
        tab.get_by_role("tab", name=name).click()
        tab.wait_for_timeout(300)
        settle(tab)
        assert exceptions(tab) == [], name
        assert tab.get_by_role("tab", name=name).get_attribute("aria-selected") == "true"
    assert "data_tab=Small" in tab.url  # the open tab is part of the shareable link
    tab.locator(".st-key-data_run_small button").click()
    tab.wait_for_timeout(500)
    settle(tab, 180)
    assert exceptions(tab) == []
    assert tab.get_by_text("the neural network comes").count() == 1
