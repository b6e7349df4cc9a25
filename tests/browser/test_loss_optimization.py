"""Loss & optimization in Chromium: step through backprop to the update, and make a racer diverge."""
from tests.browser.conftest import exceptions, settle

PAGE = "loss_optimization?loss_images=200&loss_epochs=1&loss_depth=4"


def test_backprop_stepper_reaches_the_update_and_matches_autograd(server, tab):
    tab.goto(server)  # open the app first, so its navigation is in place
    settle(tab)
    tab.goto(f"{server}/{PAGE}&loss_tab=Backprop+step+by+step")
    settle(tab)
    for step in range(2, 11):
        tab.get_by_role("button", name="Next").click()
        settle(tab)
        assert tab.get_by_text(f"Step {step} of 10", exact=False).count() == 1
        if step < 10:
            assert tab.get_by_text("matches autograd", exact=False).count() == 1
    assert tab.get_by_text("The loss went down", exact=False).count() == 1
    tab.get_by_role("button", name="Back").click()
    settle(tab)
    assert tab.get_by_text("Step 9 of 10", exact=False).count() == 1
    assert exceptions(tab) == []


def test_a_too_large_learning_rate_shows_a_divergence_message(server, tab):
    tab.goto(server)
    settle(tab)
    tab.goto(f"{server}/{PAGE}&loss_tab=Gradient+descent+race&loss_surface=Bowl")
    settle(tab)
    tab.get_by_role("button", name="Learning rates: too large").click()
    settle(tab)
    assert tab.get_by_text("SGD diverged at step", exact=False).count() == 1
    assert exceptions(tab) == []
