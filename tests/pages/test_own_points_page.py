"""The Playground's "Your own points": upload, describe a boundary, the share link, and every bad input."""
import pytest

from core.architectures.own_points import from_link, point_set
from tests.moons import moons_csv

OWN = "Your own points"


def texts(elements):
    return " ".join(e.value for e in elements)


def status_line(at):
    return next(c.value for c in at.caption if "test points" in c.value)


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture
def own(page):
    """The Architectures page with "Your own points" chosen."""
    at = page("architectures").run()
    at.selectbox(key="arch_data").set_value("own").run()
    assert not at.exception
    return at


def test_opens_on_starter_points_with_a_download(own):
    assert "200 points" in texts(own.caption)
    assert "100 training" in status_line(own)  # 200 points, half to train on
    assert own.get("download_button")  # "Download points (CSV)"


def test_an_uploaded_csv_is_what_the_network_trains_on(own):
    own.file_uploader(key="own_upload").upload("moons.csv", moons_csv(300), "text/csv").run()
    assert not own.exception
    assert "moons.csv" in texts(own.success) and "scaled" in texts(own.success)  # says by how much
    assert "150 training" in status_line(own)
    assert "The share link holds the settings but not these 300 points" in texts(own.caption)
    own.button(key="arch_step").click().run()
    assert metric(own, "Epoch") == "1"


def test_a_small_upload_goes_into_the_share_link(own):
    own.file_uploader(key="own_upload").upload("four.csv", b"x1,x2,y\n0,0,0.5\n1,0,1\n0,1,-1\n1,1,0\n",
                                               "text/csv").run()
    assert not own.exception
    assert any("R" in m.label for m in own.metric)  # a regression head: R²
    link = own.query_params["arch_pts"]
    link = link[0] if isinstance(link, list) else link
    assert len(from_link(link)) == 4 and from_link(link).task == "regression"


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary file"),
    ("x1,x2,label\n1,2,0\n\xe9,1,1\n".encode("latin-1"), "not UTF-8"),
    (b"x1,label\n1,0\n2,1\n", "'x2' is missing"),
    (b"x1,x2,label\n1,2,0\n3,abc,1\n", "line 3, column x2: 'abc' is not a number"),
    (b"x1,x2,label\n1,2,0\nnan,1,1\n", "not a finite number"),
    (b"x1,x2,label\n1,2,0\ninf,1,1\n", "not a finite number"),
    (b"x1,x2,label\n1,2,0\n3,4,0\n", "needs at least two classes"),
    (b"x1,x2,label\n1,2,0\n3,4,5\n", "at most 5 classes"),
    (("x1,x2,label\n" + "1,2,0\n" * 5001).encode(), "at most 5,000"),
])
def test_bad_uploads_get_a_message_and_keep_the_points(own, content, message):
    own.file_uploader(key="own_upload").upload("bad.csv", content, "text/csv").run()
    assert not own.exception
    assert message in texts(own.error)
    assert "100 training" in status_line(own)  # still the starter points


def test_a_formula_makes_the_points(own):
    own.segmented_control(key="own_source").set_value("Describe a boundary").run()
    own.text_input(key="own_formula").input("x**2 + y**2 < 9").run()
    own.select_slider(key="own_n").set_value(500).run()
    own.slider(key="own_noise").set_value(10).run()
    own.button(key="own_make").click().run()
    assert not own.exception
    assert "500 points from `x**2 + y**2 < 9` with 10% noise" in texts(own.success)
    assert "250 training" in status_line(own)


@pytest.mark.parametrize("formula,message", [
    ("__import__('os')", "cannot be called"),
    ("().__class__", "is not allowed"),
    ("y > ", "syntax error"),
    ("x" + " + x" * 60, "at most 200"),
    ("y > 100", "every point falls on one side"),
])
def test_formula_errors_point_at_the_place(own, formula, message):
    own.segmented_control(key="own_source").set_value("Describe a boundary").run()
    own.text_input(key="own_formula").input(formula).run()
    own.button(key="own_make").click().run()
    assert not own.exception
    assert message in texts(own.error)


def test_click_to_place_listens_to_the_canvas_and_clear_empties_it(own):
    own.segmented_control(key="own_source").set_value("Click to place").run()
    assert not own.exception
    assert [e.key for e in own.get("bidi_component")].count("own_canvas_clicks") == 1  # hears clicks and taps
    own.button(key="own_clear").click().run()
    assert "0 points" in texts(own.caption)


def test_only_a_clicked_point_reaches_the_callback(monkeypatch):
    from types import SimpleNamespace

    from ui import chart_clicks

    got = []
    for payload in ({"click": {"x": 1.5, "y": -2}}, {"click": {"x": "1", "y": 2}}, {"click": None}, None):
        monkeypatch.setattr(chart_clicks, "st", SimpleNamespace(session_state={"chart_clicks": payload}))
        chart_clicks._on_click("chart_clicks", lambda x, y: got.append((x, y)))
    assert got == [(1.5, -2.0)]


def test_a_link_brings_its_points(page):
    pts = point_set([[0, 0], [1, 1], [2, 2], [3, 3], [-1, 2]], [0, 1, 0, 1, 2], False)
    at = page("architectures")
    at.query_params["arch_data"] = OWN
    at.query_params["arch_pts"] = pts.code
    at.run()
    assert not at.exception
    assert "5 points from the link" in texts(at.info)
    assert "3 test points" in status_line(at) or "2 test points" in status_line(at)


@pytest.mark.parametrize("code", ["x1_2_3", "c1_2", "c1_2_x", "c900_0_1.0_0_0", "c1_1_9"])
def test_a_bad_link_gets_a_message(page, code):
    at = page("architectures")
    at.query_params["arch_data"] = OWN
    at.query_params["arch_pts"] = code
    at.run()
    assert not at.exception
    assert "The link's points cannot be used" in texts(at.error)


def test_a_50_mb_file_is_refused_by_the_upload_limit(own):
    """Streamlit refuses a file over the uploader's limit before it reaches the page; the reader refuses it too."""
    from core.architectures.own_points import PointsError, read_points

    assert own.file_uploader(key="own_upload").proto.max_upload_size_mb == 1
    with pytest.raises(PointsError, match="at most 1 MB"):
        read_points(b"x1,x2,label\n" + b"1,2,0\n" * (50 * 1024 * 1024 // 6))
