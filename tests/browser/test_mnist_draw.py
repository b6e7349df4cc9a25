"""In a real browser: draw a digit on the canvas with the mouse and read the network's prediction."""
from tests.browser.conftest import exceptions, settle

PREDICTION = '[data-testid="stMetricLabel"]'


def draw(tab, points) -> None:
    """Press the mouse on the drawing canvas and drag it through `points` (fractions of its size)."""
    canvas = tab.locator("canvas.upper-canvas").first
    canvas.wait_for(timeout=60_000)
    box = canvas.bounding_box()

    def at(p):
        return box["x"] + p[0] * box["width"], box["y"] + p[1] * box["height"]

    tab.mouse.move(*at(points[0]))
    tab.mouse.down()
    for p in points[1:]:
        tab.mouse.move(*at(p), steps=12)
    tab.mouse.up()


def test_drawing_a_one_shows_a_prediction(server, tab):
    tab.goto(f"{server}/mnist?mnist_tab=Draw+a+digit")
    settle(tab, timeout_s=240)  # the first visit trains the default network
    assert tab.locator(PREDICTION, has_text="Prediction").count() == 0
    draw(tab, [(0.5, 0.12), (0.5, 0.5), (0.5, 0.88)])
    tab.locator(PREDICTION, has_text="Prediction").first.wait_for(timeout=60_000)
    settle(tab)
    value = tab.locator('[data-testid="stMetric"]', has_text="Prediction").locator(
        '[data-testid="stMetricValue"]').inner_text()
    assert value.strip() == "1"
    assert tab.get_by_text("preprocessing and prediction took").count() == 1
    assert exceptions(tab) == []
