"""The MNIST figures speak the palette and tell the truth: own scale for mistakes, clickable cells,
the NaN run's steps and its cross, whole epochs, 0–100% accuracies, powers of ten, square pictures."""
import json
import math
import re

import numpy as np
import pytest

from core import palette
from core.mnist import figures as mf
from core.mnist import pictures
from core.mnist.inspection import Gallery, LayerHistogram, Snapshot
from core.train import Point

CM = np.array([[50, 2, 0], [7, 40, 1], [0, 3, 60]])  # true down, predicted across


def point(epoch, loss=1.0, acc=0.5):
    return Point(epoch, loss, acc, loss, acc, 1e-3, 100.0)


def snapshots(norms):
    def layer(name, norm):
        return LayerHistogram(name, np.ones(4), np.linspace(-1, 1, 5), np.ones(4), np.linspace(-1, 1, 5), 0.1, norm)
    return [Snapshot(e, [layer("layer 1", a), layer("layer 2", b)]) for e, (a, b) in enumerate(norms)]


def colours(fig) -> set[str]:
    """Every #rrggbb the figure itself names (plotly's default template aside)."""
    spec = fig.to_plotly_json()
    spec["layout"].pop("template", None)
    return {c.upper() for c in re.findall(r"#[0-9a-fA-F]{6}", json.dumps(spec, default=str))}


ALLOWED = {c.upper() for c in (palette.BLUE, palette.ORANGE, palette.TEAL, palette.PURPLE, palette.SKY, palette.YELLOW,
                               palette.VERMILLION, palette.GREY, palette.SLATE, palette.INK, palette.PAPER,
                               palette.mix(palette.GREY, share=0.45))}


def test_mistakes_get_their_own_scale_and_the_diagonal_another():
    fig = mf.confusion_figure(CM)
    wrong, right, cells = fig.data
    assert wrong.zmax == 7 and right.zmax == 60  # on one scale, 7 would be near-white next to 60
    assert np.isnan(np.asarray(wrong.z, float).diagonal()).all()
    assert np.isnan(np.asarray(right.z, float)[~np.eye(3, dtype=bool)]).all()
    assert wrong.colorscale[-1][1].upper() == palette.WRONG.upper()
    assert right.colorscale[-1][1].upper() == palette.RIGHT.upper()
    # one clickable marker per non-empty mistake cell, at (predicted, true)
    assert sorted(zip(cells.y, cells.x, strict=True)) == [("0", "1"), ("1", "0"), ("1", "2"), ("2", "1")]
    assert fig.layout.yaxis.scaleanchor == "x"  # square cells


def test_a_click_selects_a_mistake_cell_and_the_default_is_the_commonest():
    assert mf.cell_from_selection([{"x": "0", "y": "1", "point_index": 1}], CM) == (1, 0)
    assert mf.cell_from_selection([{"x": "1", "y": "1"}], CM) is None  # the diagonal is not a mistake
    assert mf.cell_from_selection([], CM) is None and mf.cell_from_selection([{"x": "a"}], CM) is None
    assert mf.commonest_mistake(CM) == (1, 0)
    assert mf.commonest_mistake(np.diag([5, 5])) is None


def test_the_nan_run_ends_in_a_vermillion_cross_where_it_broke():
    broken = mf.RunCurve("broken", [point(0.01 * i, 2.3 * 10 ** i) for i in range(1, 12)], palette.WRONG,
                         broke_at=0.12, broke_step=12)
    fixed = mf.RunCurve("fixed", [point(i / 4, 2.3 / (i + 1), 0.1 + i / 10) for i in range(9)], palette.RIGHT)
    fig = mf.compare_curves([broken, fixed])
    [cross] = [t for t in fig.data if t.marker.symbol == "x"]
    assert cross.marker.color == palette.ERROR and cross.x == (0.12,) and "step 12" in cross.text[0]
    assert cross.y[0] == pytest.approx(2.3e11)  # on top of the last finite loss
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.dtick >= 2  # 12 decades: a label every few
    assert list(fig.layout.yaxis2.range) == [0, 1.02]  # accuracy stays within 0–100%
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == "d"  # whole epochs


def test_live_curves_run_on_whole_epochs_in_the_split_colours():
    fig = mf.live_curves([point(0.25 * i) for i in range(1, 7)], epochs=3)
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.range[1] == pytest.approx(3.06)
    assert list(fig.layout.yaxis2.range) == [0, 1.02]
    train, val = fig.data[0], fig.data[1]
    assert train.line.color == palette.SPLIT_COLOR["train"] and val.line.color == palette.SPLIT_COLOR["validation"]
    assert train.line.dash != val.line.dash  # not colour alone


def test_gradient_norms_are_labelled_at_powers_of_ten_over_whole_decades():
    fig = mf.gradient_norms(snapshots([(1.4, 0.5), (0.3, 0.53)]))
    y = fig.layout.yaxis
    assert y.type == "log" and y.dtick == 1 and y.exponentformat == "power"
    assert math.floor(y.range[0]) <= -1 and math.ceil(y.range[1]) >= 1  # 0.1 … 10: at least two labels


def test_weight_images_are_blue_positive_orange_negative_symmetric_and_square():
    w = np.random.default_rng(0).normal(size=(4, 5, 5))
    fig = pictures.weight_images(w, list("abcd"), cols=2)
    axis = fig.layout.coloraxis
    assert [c for _, c in axis.colorscale] == [palette.ORANGE, palette.PAPER, palette.BLUE]
    assert axis.cmin == -axis.cmax > -np.abs(w).max() - 1e-9 and axis.colorbar.title.text == "weight"
    assert all(fig.layout[f"yaxis{'' if i == 1 else i}"].scaleanchor == f"x{'' if i == 1 else i}" for i in range(1, 5))


def test_the_gallery_marks_right_and_wrong_with_a_sign_as_well_as_a_colour():
    g = Gallery(1, np.zeros((2, 4, 4)), np.array([3, 5]), np.array([[3, 1, 2], [6, 5, 0]]),
                np.array([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1]]))
    right, wrong = pictures.gallery_figure(g).layout.annotations
    assert right.text.startswith("<b>✓") and right.font.color == palette.RIGHT
    assert wrong.text.startswith("<b>✗") and wrong.font.color == palette.WRONG


def test_every_mnist_figure_takes_its_colours_from_the_palette():
    g = Gallery(1, np.zeros((1, 4, 4)), np.array([3]), np.array([[3, 1, 2]]), np.array([[0.9, 0.05, 0.05]]))
    figs = [mf.confusion_figure(CM), mf.precision_recall_figure(np.ones(3), np.ones(3)),
            mf.live_curves([point(0.5), point(1)], 1), mf.gradient_norms(snapshots([(1, 1), (0.5, 1)])),
            mf.histogram_ridges(snapshots([(1, 1), (0.5, 1)]), 0, 1), mf.activation_figure("h", np.array([1.0, -1])),
            mf.scratch_figure([2.3, 1.0], [2.3, 1.0 + 1e-7]), mf.probability_bars(np.full(10, 0.1)),
            mf.compare_curves([mf.RunCurve("b", [point(0.1)], palette.WRONG, 0.2, 3)]),
            pictures.gallery_figure(g), pictures.weight_images(np.ones((1, 3, 3)), ["a"]),
            pictures.saliency_figure(np.zeros((3, 3)), np.eye(3) - 0.5, 1)]
    for fig in figs:
        assert colours(fig) <= ALLOWED, colours(fig) - ALLOWED


def test_precision_and_recall_bars_start_at_zero():
    fig = mf.precision_recall_figure(np.array([0.9, 0.95]), np.array([0.92, 0.97]))
    assert list(fig.layout.yaxis.range) == [0, 1.02]
    assert fig.data[1].marker.pattern.shape == "/"  # recall is hatched, not only orange


def test_scratch_gap_leaves_exact_matches_out_of_the_log_axis():
    fig = mf.scratch_figure([2.3, 1.0, 0.5], [2.3, 1.0 + 1e-7, 0.5])
    gap = fig.data[2]
    assert np.isnan(gap.y[0]) and gap.y[1] == pytest.approx(1e-7, rel=1e-3) and np.isnan(gap.y[2])
    assert fig.layout.yaxis2.type == "log"
