"""The Playground's own points as one value: packing, the share link, clicks, and training data from them."""
import numpy as np
import pytest

from core.architectures.canvas import NEAR, canvas_figure, click
from core.architectures.own_points import (
    LINK_POINTS,
    PointsError,
    from_link,
    from_upload,
    point_set,
    problem,
    read_points,
)
from core.architectures.points import OWN, DataConfig, make_data


def test_a_set_packs_to_hundredths_and_reads_back():
    pts = point_set([[1.234, -2], [3, 4.996], [0, 0], [-1, 1]], [0, 1, 1, 0], False)
    xy, target = pts.arrays()
    np.testing.assert_allclose(xy, [[1.23, -2], [3, 5], [0, 0], [-1, 1]], atol=1e-6)
    assert target.tolist() == [0, 1, 1, 0] and pts.task == "binary" and len(pts) == 4
    assert from_link(pts.code) == pts
    assert from_upload(read_points(pts.csv())) == pts  # the download reads back as the same points
    assert "1.23,-2,0" in pts.csv()


def test_classes_and_regression():
    assert point_set([[0, 0], [1, 1]], [0, 3], False).classes == 4
    assert point_set([[0, 0], [1, 1]], [0, 3], False).task == "multiclass"
    reg = point_set([[0, 0], [1, 1]], [0.333, -2], True)
    assert reg.task == "regression" and reg.arrays()[1].tolist() == pytest.approx([0.33, -1])


@pytest.mark.parametrize("xy,target,message", [
    ([[0, 0]], [7], "classes are whole numbers"),
    ([[0, 0]], [0.5], "classes are whole numbers"),
    ([[9, 0]], [0], "within"),
    ([[np.nan, 0]], [0], "finite"),
])
def test_bad_sets_are_refused(xy, target, message):
    with pytest.raises(PointsError, match=message):
        point_set(xy, target, False)


def test_problem_says_what_is_missing():
    assert "0 points so far" in problem(point_set([], [], False))
    assert "same class" in problem(point_set([[0, 0], [1, 0], [2, 0], [3, 0]], [1, 1, 1, 1], False))
    assert "same value" in problem(point_set([[0, 0], [1, 0], [2, 0], [3, 0]], [0.5] * 4, True))
    assert problem(point_set([[0, 0], [1, 0], [2, 0], [3, 0]], [0, 1, 0, 1], False)) == ""


@pytest.mark.parametrize("code", ["", "x1_2_3", "c1_2", "c1_2_x", "c1.5_2_0", "c900_0_1", "c1_1_9", "r0_0_150",
                                  "c" + ".".join(["100_100_1"] * (LINK_POINTS * 2)), "c1_2_3_4"])
def test_a_hostile_link_is_refused_with_a_message(code):
    with pytest.raises(PointsError):
        from_link(code)


def test_a_click_adds_on_the_grid_and_a_click_on_a_point_removes_it():
    pts = point_set([], [], False)
    pts = click(pts, 1.07, -2.1, 1)
    assert pts.arrays()[0].tolist() == [[1.0, -2.0]] and pts.arrays()[1].tolist() == [1]
    pts = click(pts, 3, 3, 0)
    assert len(pts) == 2
    pts = click(pts, 1 + NEAR / 2, -2, 0)  # near the first point: removes it
    assert pts.arrays()[0].tolist() == [[3.0, 3.0]]
    assert len(canvas_figure(pts).data) == 3  # the click grid, then one trace per class


def test_own_points_train_like_a_built_in_set():
    rng = np.random.default_rng(0)
    xy = rng.uniform(-4, 4, (40, 2))
    pts = point_set(xy, (xy[:, 1] > 0).astype(int), False)
    data = make_data(DataConfig(OWN, train_ratio=0.75, seed=3, own=pts))
    assert data.task == "binary" and len(data.train_y) == 30 and len(data.test_y) == 10
    assert data.train_y.dtype.is_floating_point  # the binary head's 0/1 targets
    same = DataConfig(OWN, seed=3, own=pts)
    assert make_data(same).train_x.equal(make_data(same).train_x)
    multi = make_data(DataConfig(OWN, own=point_set(xy, np.arange(40) % 3, False)))
    assert multi.task == "multiclass" and multi.classes == 3
    with pytest.raises(ValueError):
        make_data(DataConfig(OWN))
