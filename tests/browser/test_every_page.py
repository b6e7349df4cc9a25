"""Every page in the navigation opens in Chromium without an exception."""
import pytest

import ui
from tests.browser.conftest import exceptions, settle

PAGES = [""] + [lesson.slug for lesson in ui.LESSONS if lesson.available]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_opens_without_exception(server, tab, path):
    tab.goto(f"{server}/{path}")
    settle(tab)
    assert exceptions(tab) == []
    assert tab.locator('[data-testid="stHeading"]').count() > 0


def test_navigation_lists_every_available_page(server, tab):
    tab.goto(server)
    settle(tab)
    links = tab.locator('[data-testid="stSidebarNavLink"]')
    assert links.count() == len(PAGES)
