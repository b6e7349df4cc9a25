"""The Playground in Chromium: Train shows progress live, Stop stops, and the network survives a page switch."""
import os
import time

from tests.browser.conftest import exceptions, settle

SHOTS = os.environ.get("NNLAB_SHOTS")  # a folder to save screenshots in, when set


def epoch(tab) -> int:
    label = tab.locator('[data-testid="stMetric"]', has_text="Epoch").first
    return int(label.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def shot(tab, name):
    if SHOTS:
        tab.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_train_live_stop_and_survive_a_page_switch(server, tab):
    tab.goto(f"{server}/architectures?arch_data=Spiral&arch_n1=16&arch_n2=16&arch_batch=50")
    settle(tab)
    assert exceptions(tab) == [] and epoch(tab) == 0
    shot(tab, "arch_open")

    tab.locator(".st-key-arch_train button").click(force=True)  # force: the live view keeps the page moving
    seen = set()
    deadline = time.time() + 60
    while len(seen) < 3 and time.time() < deadline:  # the epoch count moves while training runs
        time.sleep(1.0)
        seen.add(epoch(tab))
    assert len(seen) >= 3, f"the live view did not advance: {seen}"
    shot(tab, "arch_training")
    tab.locator(".st-key-arch_stop_btn button").click(force=True)  # not the toolbar's Stop
    settle(tab)
    stopped = epoch(tab)
    time.sleep(3)
    assert epoch(tab) == stopped > 0
    assert tab.locator('[data-testid="stAlert"]', has_text="Stopped by you").count() == 1
    shot(tab, "arch_stopped")

    tab.locator('[data-testid="stSidebarNavLink"]', has_text="Home").click()
    settle(tab)
    tab.locator('[data-testid="stSidebarNavLink"]', has_text="Architectures").click()
    settle(tab)
    assert epoch(tab) == stopped  # the same network, not a fresh one
    assert "arch_data=Spiral" in tab.url
    assert exceptions(tab) == []
