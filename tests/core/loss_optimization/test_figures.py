"""The lesson's figures speak the palette: SERIES colours with their own dashes and markers, vermillion only for
an error, log axes labelled at powers of ten only, no red/green pair."""
import pytest

from core import palette
from core.loss_optimization import backprop, losses
from core.loss_optimization import figures as loss_figures
from core.loss_optimization.race import OPTIMIZERS, SURFACES, RaceConfig, default_lrs, race

RED_GREEN = {"#d62728", "#2ca02c", "red", "green", "gold"}


def colours(fig) -> set[str]:
    found = set()
    for t in fig.data:
        for part in (getattr(t, "line", None), getattr(t, "marker", None)):
            if part is not None and isinstance(part.color, str):
                found.add(part.color)
    return found


def test_racers_differ_in_colour_dash_and_marker():
    styles = loss_figures.OPTIMIZER_STYLES
    assert [s["color"] for s in styles.values()] == list(palette.SERIES[:len(OPTIMIZERS)])
    assert len({s["dash"] for s in styles.values()}) == len({s["symbol"] for s in styles.values()}) == 5
    fig = loss_figures.race_paths(race(RaceConfig()))
    assert not colours(fig) & RED_GREEN and palette.ERROR not in colours(fig)  # nobody diverged: no vermillion


def test_a_diverged_racer_is_a_vermillion_cross_with_words_and_the_axis_shows_powers_of_ten():
    cfg = RaceConfig("bowl", SURFACES["bowl"].start, tuple(default_lrs("bowl", 10.0).items()), 200)
    result = race(cfg)
    assert any(r.status == "diverged" for r in result.racers)
    gone = [r.name for r in result.racers if r.status == "diverged"]
    for fig in (loss_figures.race_losses(result), loss_figures.race_paths(result)):
        crosses = [t for t in fig.data if getattr(t, "marker", None) and t.marker.symbol == "x"]
        assert len(crosses) == len(gone) and all(t.marker.color == palette.ERROR for t in crosses)
        words = [a for a in fig.layout.annotations if "diverged" in a.text]
        assert len(words) == 1 and words[0].font.color == palette.ERROR
        assert all(name in words[0].text for name in gone)
        x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
        if y_range is not None:  # the paths: every cross lies inside the box, where it can be seen
            assert all(x_range[0] <= t.x[0] <= x_range[1] and y_range[0] <= t.y[0] <= y_range[1] for t in crosses)
    fig = loss_figures.race_losses(result)
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.exponentformat == "power"
    assert fig.layout.yaxis.dtick in (1, 2, 3) and fig.layout.yaxis.range is None  # never clipped


@pytest.mark.parametrize("name", list(losses.LOSSES))
def test_loss_figures_use_the_palette(name):
    fig = loss_figures.loss_curve(name, 1.0, 0.3 if name in losses.PROBABILISTIC else 2.5)
    assert colours(fig) <= {palette.BLUE, palette.ORANGE, palette.INK}
    slope = [t for t in fig.data if (t.name or "").startswith("gradient")]
    assert [(t.line.color, t.line.dash) for t in slope] == [(palette.POSITIVE, "solid"), (palette.NEGATIVE, "dash")]
    assert not colours(loss_figures.outlier_fit(losses.fit_with_outlier(15.0))) & RED_GREEN
    assert colours(loss_figures.saturation(1.0, -6.0)) <= {palette.BLUE, palette.ORANGE}


def test_backprop_diagram_highlights_with_the_accent_not_red():
    walk = backprop.walk(backprop.NetConfig())
    fig = loss_figures.network_diagram(walk, 3)
    assert not colours(fig) & RED_GREEN
    assert loss_figures.HOT in {t.line.color for t in fig.data if getattr(t, "mode", None) == "lines"}
