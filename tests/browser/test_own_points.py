"""'Your own points' in Chromium: upload two half-moons and train to 85% test accuracy, a malformed CSV gets a
message, and 20 points placed by clicking train like any data set."""
import os
import time

from tests.browser.conftest import exceptions, settle
from tests.moons import moons_csv

SHOTS = os.environ.get("NNLAB_SHOTS")  # a folder to save screenshots in, when set
OWN = "/architectures?arch_data=Your+own+points"


def metric(tab, label: str) -> str:
    box = tab.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def epoch(tab) -> int:
    return int(metric(tab, "Epoch").replace(",", ""))


def caption(tab, text: str) -> str:
    """The first caption holding `text`."""
    return tab.locator('[data-testid="stCaptionContainer"]', has_text=text).first.inner_text()


def shot(tab, name):
    if SHOTS:
        tab.screenshot(path=f"{SHOTS}/{name}.png", timeout=90_000)


def upload(tab, name: str, content: bytes) -> None:
    tab.locator(".st-key-own_upload input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content})
    settle(tab, 240)


def train_for(tab, epochs: int, limit_s: float = 300) -> int:
    """Press Train, wait until at least `epochs` epochs, press Stop; the epoch it stopped at."""
    tab.locator(".st-key-arch_train button").click(force=True)  # force: the live view keeps the page moving
    deadline = time.time() + limit_s
    while time.time() < deadline:
        time.sleep(1.0)
        try:
            if epoch(tab) >= epochs:
                break
        except ValueError:  # the metric is being redrawn
            continue
    tab.locator(".st-key-arch_stop_btn button").click(force=True)
    settle(tab, 240)
    return epoch(tab)


def changed(tab, before: str, limit_s: float = 120) -> None:
    """Wait until the points' summary caption is no longer `before` (the click's rerun has come back)."""
    deadline = time.time() + limit_s
    while time.time() < deadline and caption(tab, "of class") == before:
        time.sleep(0.5)
    settle(tab, 240)


def canvas_click(tab, x: float, y: float, tap: bool = False) -> None:
    """Click (or tap) the plane at (x, y) in data units: the plot area spans [-6, 6] on both axes."""
    before = caption(tab, "of class")
    area = tab.locator('[class*="st-key-own_canvas"] .nsewdrag').first
    area.wait_for()
    area.scroll_into_view_if_needed()
    time.sleep(0.5)  # the canvas has finished drawing the last click's point
    box = area.bounding_box()
    px, py = box["x"] + (x + 6) / 12 * box["width"], box["y"] + (6 - y) / 12 * box["height"]
    if tap:
        tab.touchscreen.tap(px, py)
    else:
        tab.mouse.move(px, py)
        time.sleep(0.2)  # plotly reads the point under the mouse on hover, then reports the click
        tab.mouse.click(px, py)
    changed(tab, before)


def test_upload_half_moons_train_and_read_the_test_accuracy(server, tab):
    tab.goto(server + OWN)
    settle(tab)
    assert exceptions(tab) == []
    upload(tab, "moons.csv", moons_csv(400))
    assert tab.locator('[data-testid="stAlert"]', has_text="moons.csv").count() == 1  # "Read moons.csv: … scaled"
    assert "200 training" in caption(tab, "test points")
    stopped = train_for(tab, 40)  # about 30 epochs reach 100% when the machine is idle
    shot(tab, "own_moons")
    accuracy = float(metric(tab, "Test accuracy").rstrip("%"))
    print(f"half-moons: test accuracy {accuracy}% after {stopped} epochs")
    assert accuracy >= 85, f"test accuracy {accuracy}% after {stopped} epochs"
    assert exceptions(tab) == []

    upload(tab, "broken.csv", b"x1,x2,label\n0.5,1.5,0\n0.3,oops,1\n")
    error = tab.locator('[data-testid="stAlert"]', has_text="cannot be used").first
    assert "line 3, column x2" in error.inner_text()
    assert exceptions(tab) == []


def test_place_twenty_points_by_clicking_and_train_on_them(server, tab):
    tab.goto(server + OWN)
    settle(tab)
    tab.locator(".st-key-own_source button", has_text="Click to place").click()
    settle(tab)
    tab.locator(".st-key-own_clear button").click()
    settle(tab)
    for k, ys in ((0, (-4, -3)), (1, (3, 4))):  # class 0 below, class 1 above
        tab.locator(".st-key-own_class button", has_text=f"{k} ·").click()
        settle(tab)
        for x in (-4, -2, 0, 2, 4):
            for y in ys:
                canvas_click(tab, x, y)
    shot(tab, "own_clicked")
    summary = caption(tab, "of class")
    assert summary.startswith("20 points") and "10 of class 0, 10 of class 1" in summary, summary
    assert "10 training" in caption(tab, "test points")
    canvas_click(tab, 4, 4)  # a click on a point removes it
    assert caption(tab, "of class").startswith("19 points")
    canvas_click(tab, 4, 4)  # and puts it back
    assert train_for(tab, 20) >= 20
    assert metric(tab, "Test accuracy").endswith("%")
    assert exceptions(tab) == []



def test_tapping_places_points_on_a_phone(server, browser):
    """A phone: one tap adds a point (the first tap on a fresh canvas too), and a tap on a point removes it."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(server + OWN)
        settle(tab, 240)
        tab.locator(".st-key-own_source button", has_text="Click to place").click()
        settle(tab)
        tab.locator(".st-key-own_clear button").click()
        settle(tab)
        assert caption(tab, "of class").startswith("0 points")
        steps = ((1, -3, 2, "1 point · 0 of class 0, 1 of class 1"),  # class 1 is chosen at first
                 (1, 3, -2, "2 points · 0 of class 0, 2 of class 1"),
                 (0, 0, 4, "3 points · 1 of class 0, 2 of class 1"),
                 (0, -4, -4, "4 points · 2 of class 0, 2 of class 1"),
                 (0, 3, -2, "3 points · 2 of class 0, 1 of class 1"))  # a tap on the point at (3, -2) removes it
        chosen = 1
        for k, x, y, expected in steps:
            if k != chosen:
                tab.locator(".st-key-own_class button", has_text=f"{k} ·").click()
                settle(tab)
                chosen = k
            canvas_click(tab, x, y, tap=True)
            assert caption(tab, "of class") == expected, f"after one tap at ({x}, {y})"
        shot(tab, "own_phone")
        assert exceptions(tab) == []
    finally:
        context.close()
