"""The audit's figures speak the palette: no red or green, two groups blue and orange with their own
markers, rates on 0–100% axes, bars from zero, a log axis labelled at powers of ten only."""
import json

import numpy as np
import pandas as pd
import pytest

from core import figures, palette
from core.bias_audit import figures as ff
from core.bias_audit.fairness import calibration_by_group, fairness_report, group_frame

ALLOWED = {c.lower() for c in (palette.BLUE, palette.ORANGE, palette.TEAL, palette.PURPLE, palette.SKY, palette.YELLOW,
                               palette.GREY, palette.SLATE, palette.INK, palette.PAPER, palette.VERMILLION)}
RED_AND_GREEN = {"#d62728", "#2ca02c", "red", "green", "rdylgn"}


def colours(fig) -> set[str]:
    """Every colour string a figure names (hex codes and colour words in its JSON)."""
    spec = fig.to_plotly_json()
    spec["layout"].pop("template", None)  # the theme's own colours (issue 14), not the figure's
    text = json.dumps(spec, default=lambda v: np.asarray(v).tolist()).lower()
    found = set()
    for token in text.replace('"', " ").replace(",", " ").split():
        if token.startswith("#") and len(token) == 7:
            found.add(token)
        elif token in RED_AND_GREEN:
            found.add(token)
    return found


def palette_only(fig) -> None:
    used = colours(fig)
    assert not used & RED_AND_GREEN, used & RED_AND_GREEN
    tints = {palette.mix(c, share=s).lower() for c in ALLOWED for s in (ff.FAINT, 0.75)}
    assert used <= ALLOWED | tints, used - ALLOWED - tints


Y = np.array([1, 1, 0, 0, 1, 0, 1, 1, 0, 1] * 4)
PRED = np.array([1, 0, 0, 1, 1, 0, 1, 1, 1, 1] * 4)
GROUPS = np.array(["Black"] * 20 + ["White"] * 20)


def test_two_groups_are_blue_and_orange_with_their_own_markers_and_more_take_the_series():
    two = ff.group_styles(["Black", "White"])
    assert [c for c, _, _ in two.values()] == list(palette.PAIR)
    assert len({s for _, s, _ in two.values()}) == 2 and len({p for *_, p in two.values()}) == 2
    three = ff.group_styles(["under 18", "18-24", "25 and over"])
    assert [c for c, _, _ in three.values()] == list(palette.SERIES[:3])


def test_fair_bands_say_inside_or_outside_in_words_shapes_and_palette_colours():
    report = fairness_report(Y, PRED, GROUPS, "White")
    fig = ff.fair_bands(report)
    palette_only(fig)
    for trace, fair in zip(fig.data, report.fair().values(), strict=True):
        assert trace.marker.color == (palette.BLUE if fair else palette.ORANGE)
        assert trace.marker.symbol == ("circle" if fair else "x")
        assert trace.text[0].endswith("fair" if fair else "outside the band")


def test_rate_bars_start_at_zero_on_a_percent_axis_with_seed_whiskers():
    table = group_frame(Y, PRED, GROUPS).by_group
    spread = pd.DataFrame({"low": table[["TPR"]].stack() - 0.05, "high": table[["TPR"]].stack() + 0.05})
    fig = ff.group_bars(table, ["selection rate", "TPR"], spread)
    palette_only(fig)
    assert fig.layout.yaxis.range == (0, 1.02) and fig.layout.yaxis.tickformat == ".0%"
    assert fig.data[0].error_y.array[1] == pytest.approx(0.05)
    sizes = ff.group_sizes(pd.DataFrame({"size": [1288, 3938], "base_rate": [0.74, 0.86]}, index=["Black", "White"]))
    palette_only(sizes)
    assert sizes.layout.yaxis.rangemode == "tozero"


def test_the_gap_curve_has_a_powers_of_ten_log_axis_seed_lines_and_a_grey_reference():
    curve = pd.DataFrame({"seed": [0, 0, 1, 1], "share": [0.5, 0.01] * 2, "gap": [0.0, 0.09, 0.0, 0.07]})
    fig = ff.gap_vs_share(curve, reference=curve)
    palette_only(fig)
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis.dtick == 1
    assert fig.layout.xaxis.tickvals is None  # no 2s, 5s or 20s
    names = [t.name for t in fig.data]
    assert names[0].startswith("default settings") and fig.data[0].line.color == palette.GREY
    assert "each seed" in names and "mean of the seeds" in names
    single = ff.gap_vs_share(curve[curve["seed"] == 0])
    assert [t.name for t in single.data] == ["your runs"]


def test_recall_reliability_histograms_and_tradeoff_use_the_palette_on_percent_axes():
    rng = np.random.default_rng(0)
    recall = pd.DataFrame([rng.uniform(0.8, 1, 10), rng.uniform(0.5, 1, 10)], index=["regular", "thick"],
                          columns=range(10))
    fig = ff.recall_by_digit(recall)
    palette_only(fig)
    assert fig.layout.yaxis.range == (0, 1.02)
    cal = calibration_by_group(rng.uniform(0.5, 1, 40), PRED == Y, GROUPS)
    fig = ff.reliability(cal)
    palette_only(fig)
    assert fig.layout.xaxis.range == fig.layout.yaxis.range == (0, 1.02)
    hist = ff.score_histograms(rng.uniform(0, 1, 40), Y, GROUPS, {"Black": 0.4, "White": 0.5})
    palette_only(hist)
    summary = pd.DataFrame({"stage": ["none", "pre-processing"], "balanced accuracy": [0.68, 0.66],
                            "disparity": [0.37, 0.05], "disparity low": [0.3, 0.04], "disparity high": [0.4, 0.06],
                            "balanced accuracy low": [0.66, 0.63], "balanced accuracy high": [0.69, 0.68]},
                           index=pd.Index(["Baseline", "Reweighing"], name="model"))
    seeds = pd.DataFrame({"model": ["Baseline", "Reweighing"] * 2, "disparity": [0.3, 0.04, 0.4, 0.06],
                          "balanced accuracy": [0.66, 0.63, 0.69, 0.68]})
    fig = ff.tradeoff(summary, "DP difference", seeds)
    palette_only(fig)
    disparity, accuracy = (t for t in fig.data if t.type == "bar")
    assert list(disparity.y) == ["Baseline", "Reweighing"]  # every model is named on the axis, not only coloured
    assert list(disparity.marker.color) == [palette.GREY, palette.BLUE]
    assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis2.range == (0, 1.02)  # bars from zero, 0–100%
    assert list(accuracy.error_x.array) == pytest.approx([0.01, 0.02])


def test_image_grids_keep_square_pixels():
    grid = ff.square_pixels(figures.image_grid(np.zeros((16, 28, 28)), [""] * 16, height_per_row=85))
    assert grid.layout.yaxis.scaleanchor == "x" and grid.layout.yaxis16.scaleanchor == "x16"
