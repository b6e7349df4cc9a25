"""Inclusive by default: axe-core finds no serious or critical violation on any page or tab, in light and
in dark; dark pages and their charts are dark; a phone shows every page without cutting it off; the
Neuron calculator works with the keyboard alone.

axe-core comes from npm (`npm pack axe-core`); `./test` fetches it and sets NNLAB_AXE_JS.
"""
import io
import os
from pathlib import Path

import pytest

import ui
from tests.browser.conftest import exceptions, settle
from tests.conftest import ROOT

PAGES = [""] + [lesson.slug for lesson in ui.LESSONS]
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def axe() -> str:
    candidates = [os.environ.get("NNLAB_AXE_JS", ""), ROOT / ".cache/axe/package/axe.min.js",
                  "/tmp/axe/package/axe.min.js"]
    for path in candidates:
        if path and Path(path).is_file():
            return Path(path).read_text()
    pytest.fail("axe-core is missing: run ./test (it fetches it with `npm pack axe-core`), or set NNLAB_AXE_JS")


def every_tab(page):
    """Open each tab of the page in turn, nested tabs too; yields the tab's label ("" for a page without tabs)."""
    opened: set[str] = set()
    yield ""
    while True:
        tabs = page.get_by_role("tab")
        labels = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
        todo = [i for i, label in enumerate(labels) if label not in opened and tabs.nth(i).is_visible()]
        if not todo:
            return
        opened.add(labels[todo[0]])
        tabs.nth(todo[0]).click()
        settle(page)
        yield labels[todo[0]]


def luminance(png: bytes, box=None) -> float:
    """Mean brightness 0 (black) to 1 (white) of a screenshot, or of one box of it."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    if box:
        img = img.crop(box)
    hist = img.histogram()
    return sum(i * c for i, c in enumerate(hist)) / max(sum(hist), 1) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_serious_accessibility_violation_and_dark_means_dark(server, browser, axe, path, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{server}/{path}")
        settle(page)
        found = {}
        for tab in every_tab(page):
            if not page.evaluate("typeof axe !== 'undefined'"):
                page.add_script_tag(content=axe)
            for v in page.evaluate(AXE_RUN):
                found.setdefault(f"{tab or 'page'}: {v['id']}", v["targets"])
            if scheme == "dark":
                shot = page.screenshot()
                assert luminance(shot, (400, 0, 1400, 60)) < 0.3, f"{tab}: the page is not dark"
                for chart in page.locator('[data-testid="stPlotlyChart"]').all():
                    box = chart.bounding_box()
                    if box and box["width"] > 50 and box["height"] > 50 and 0 <= box["y"] <= 1000 - box["height"]:
                        edges = tuple(int(v) for v in (box["x"], box["y"], box["x"] + box["width"],
                                                       box["y"] + box["height"]))
                        assert luminance(shot, edges) < 0.45, f"{tab}: a chart stays light on a dark page"
        assert found == {}, found
        assert exceptions(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_a_phone_shows_every_page_without_cutting_it_off(server, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server}/{path}")
        settle(page)
        overflow = page.evaluate("""() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return main.scrollWidth - main.clientWidth;
        }""")
        assert overflow <= 1, f"the main block is {overflow}px wider than the phone"
        assert exceptions(page) == []
    finally:
        context.close()


def test_the_neuron_calculator_works_with_the_keyboard_alone(server, tab):
    """Tab to the first input's slider, move it with the arrow keys, open another tab with Enter."""
    tab.goto(f"{server}/neuron")
    settle(tab)
    tab.wait_for_selector('input[aria-label="x1"]')
    formula = tab.locator(".katex").first  # z = w₁x₁ + … with the current numbers
    before = formula.inner_text()
    tab.evaluate("document.activeElement && document.activeElement.blur()")  # start from the page itself
    for _ in range(80):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.getAttribute('aria-label')") == "x1":
            break
    else:
        pytest.fail("the x₁ slider cannot be reached with Tab")
    for _ in range(5):
        tab.keyboard.press("ArrowRight")
    settle(tab)
    assert formula.inner_text() != before  # the neuron's numbers moved
    for _ in range(40):
        tab.keyboard.press("Shift+Tab")
        if tab.evaluate("document.activeElement.getAttribute('role')") == "tab":
            break
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("Enter")
    settle(tab)
    assert tab.get_by_role("tab", selected=True).inner_text().strip() != "Neuron calculator"
