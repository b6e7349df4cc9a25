"""Every page in the navigation opens in Chromium without an exception."""
import pytest

import ui
from tests.browser.conftest import exceptions, running_app, settle

PAGES = [""] + [lesson.slug for lesson in ui.LESSONS]


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


def test_a_deep_link_to_a_fresh_server_runs_through_app_py(tab):
    """The first visitor may arrive on /mnist: the page must still get app.py's titles and wide layout."""
    with running_app() as url:
        tab.goto(f"{url}/mnist")
        settle(tab)
        titles = [t.split()[-1] for t in tab.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
        assert "training" in titles and "audit" in titles, titles  # "MNIST training", not the file name "mnist"
        main_width = tab.locator('[data-testid="stMainBlockContainer"]').bounding_box()["width"]
        assert main_width > 900  # layout="wide" from app.py (the centred layout is 736 px)
        assert exceptions(tab) == []
