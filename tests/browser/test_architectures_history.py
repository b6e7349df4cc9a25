"""The Playground's run history in Chromium: two networks trained, then compared side by side."""
import time

from tests.browser.conftest import exceptions, settle, slider
from tests.browser.test_architectures import epoch, shot


def train_then_stop(tab, runs_before: int) -> None:
    """Train until the epoch count has moved, press Stop, and wait for this run's own entry in "Your runs"."""
    tab.locator(".st-key-arch_train button").click(force=True)  # force: the live view keeps the page moving
    deadline = time.time() + 60
    while epoch(tab) < 3 and time.time() < deadline:
        time.sleep(0.5)
    tab.locator(".st-key-arch_stop_btn button").click(force=True)
    settle(tab)
    tab.locator('[data-testid="stAlert"]', has_text="Stopped by you").wait_for(timeout=30_000)
    kept = tab.get_by_text(f"{runs_before + 1} of at most 10 runs kept")
    kept.wait_for(timeout=30_000)  # the visitor's own run, not a default result


def test_two_runs_kept_and_compared(server, tab):
    tab.goto(f"{server}/architectures?arch_batch=50")
    settle(tab)
    assert tab.get_by_text("train twice with different settings to compare").count() == 1  # no run yet
    train_then_stop(tab, 0)
    assert tab.get_by_text("Train twice with different settings to compare").count() == 1
    assert tab.locator(".st-key-arch_runs_losses").count() == 0

    tab.get_by_role("tab", name="Training", exact=True).click()  # the rail's tab with the learning rate
    thumb = slider(tab, "Learning rate")
    thumb.focus()
    thumb.press("ArrowRight")  # 0.03 → 0.1
    settle(tab)
    tab.locator(".st-key-arch_reset button").click(force=True)  # a new network: the history's next run
    settle(tab)
    assert epoch(tab) == 0
    train_then_stop(tab, 1)

    tab.get_by_text("Compare two runs").wait_for(timeout=30_000)
    boundaries = tab.locator('[class*="st-key-arch_runs_boundary_"] [data-testid="stPlotlyChart"]')
    boundaries.nth(1).wait_for(timeout=30_000)
    assert boundaries.count() == 2
    assert tab.locator('.st-key-arch_runs_losses [data-testid="stPlotlyChart"]').count() == 1
    assert tab.get_by_text("the two runs differ in lr").count() == 1
    tab.locator(".st-key-arch_runs_losses").scroll_into_view_if_needed()
    shot(tab, "arch_runs_compared")
    assert exceptions(tab) == []
