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


CELL_PIXEL = """([chart, x, y]) => {
    const gd = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')[chart];
    const xaxis = gd._fullLayout.xaxis, yaxis = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
    return [box.left + xaxis._offset + xaxis.d2p(x), box.top + yaxis._offset + yaxis.d2p(y)];
}"""


def test_a_click_on_a_confusion_cell_shows_its_images(server, tab):
    """Evaluation: clicking a mistake cell (true 5, read as 3) shows that pair's test images."""
    tab.goto(f"{server}/mnist?mnist_tab=Evaluation")
    settle(tab, timeout_s=240)
    heading = tab.locator('[data-testid="stMarkdownContainer"] strong', has_text="read as").first  # the gallery's title
    heading.wait_for(timeout=60_000)
    before = heading.inner_text()
    chart = tab.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    x, y = tab.evaluate(CELL_PIXEL, [0, "3", "5"])
    tab.mouse.move(x, y)
    tab.mouse.click(x, y)
    heading.filter(has_text="of a 5 read as 3").wait_for(timeout=60_000)
    settle(tab)
    assert "of a 5 read as 3" in heading.inner_text() != before
    assert exceptions(tab) == []
