"""The lesson's figures speak the palette's language and their axes tell the truth."""
from core import palette
from core.architectures import figures as figs
from core.architectures.compare import CompareRow, by_kind
from core.architectures.playground import FitConfig, NetConfig, new_run
from core.architectures.points import DataConfig
from core.architectures.trainer import train_epochs
from core.architectures.views import snapshot


def test_classes_differ_in_colour_and_shape_and_splits_in_ring():
    run = new_run(DataConfig("circle", points=60), NetConfig())
    fig = figs.decision_boundary(snapshot(run, resolution=10, neuron_resolution=4), run.data)
    heat, train, test = fig.data
    assert heat.colorscale[0][1] == figs.PALE[0][1] and heat.colorscale[-1][1] == figs.PALE[-1][1]
    symbols = dict(zip(train.marker.color, train.marker.symbol, strict=True))
    assert symbols == {0.0: "x", 1.0: "circle"}  # class 0 an orange cross, class 1 a blue circle
    assert figs.CLASS_COLORS[:2] == (palette.NEGATIVE, palette.POSITIVE)
    assert test.marker.line.color == palette.SPLIT_COLOR["test"] and train.marker.line.color == palette.PAPER


def test_weights_are_blue_solid_or_orange_dashed():
    run = new_run(DataConfig("circle", points=40), NetConfig())
    lines = [t for t in figs.network_diagram(snapshot(run, 10, 4), ("x1", "x2")).data if t.mode == "lines"]
    assert {(t.line.color, t.line.dash) for t in lines} == {(palette.POSITIVE, "solid"), (palette.NEGATIVE, "dash")}


def test_curves_take_the_split_styles_whole_epochs_and_0_to_100_percent():
    run = train_epochs(new_run(DataConfig("gauss", points=60, validation=0.3), NetConfig()), FitConfig(), 3)
    fig = figs.loss_curves(run.history, "binary", best_epoch=2)
    for trace in fig.data:
        assert trace.line.color == palette.SPLIT_COLOR[trace.name] and trace.line.dash == palette.SPLIT_DASH[trace.name]
    assert {t.name for t in fig.data} == {"train", "test", "validation"}
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis.dtick == 1  # no 1.5th epoch
    assert list(fig.layout.yaxis2.range) == [0, 1.02] and fig.layout.yaxis2.tickformat == ".0%"


def test_the_comparison_starts_every_bar_at_zero():
    rows = [CompareRow(k, k, p, s, a, "CPU") for k, p in (("mlp", 101_770), ("cnn", 20_490))
            for s, a in ((1.0, 0.9), (1.2, 0.91), (0.9, 0.89))]
    fig = figs.compare_chart(by_kind(rows))
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis2.rangemode == "tozero"
    assert list(fig.layout.yaxis3.range) == [0, 1.02]
    dots = [t for t in fig.data if t.type == "scatter"]
    assert len(dots) == 2 and all(len(t.y) == 6 for t in dots)  # every seed shown, for time and for accuracy
