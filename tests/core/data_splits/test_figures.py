"""The lesson's figures speak the lab's one visual language: palette colours only, bars from zero, square pixels."""
import numpy as np
import pytest

from core import palette
from core.data_splits import figures as dfig
from core.data_splits import figures_fitting as ffig
from core.data_splits.augmentation import ArmResult, AugConfig, AugResult
from core.data_splits.encoding import EncodingConfig, compare_encodings
from core.data_splits.fitting import CAPACITIES, BiasVarianceConfig, CapacityRun, FittingResult, bias_variance, diagnose
from core.data_splits.leakage import KINDS, LeakageOutcome
from core.data_splits.missing import MissingConfig, missing_values_experiment
from core.data_splits.scaling import SCALES, NormResult, ScaleComparison
from core.data_splits.small_data import MODELS, SmallDataResult
from core.data_splits.splits import SplitConfig, split_indices
from core.data_splits.trainer import Curve

BASE = [palette.BLUE, palette.ORANGE, palette.TEAL, palette.PURPLE, palette.SKY, palette.YELLOW,
        palette.VERMILLION, palette.GREY, palette.SLATE, palette.INK, palette.PAPER]
ALLOWED = {c.lower() for c in BASE} | {palette.mix(c, share=s).lower() for c in BASE for s in (0.5, 0.55)}


def colours(node, found=None):
    """Every colour string a figure's data and layout name (its theme template and its images' grey ink aside)."""
    found = set() if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "template" and not (key == "colorscale" and node.get("type") == "heatmap"):
                colours(value, found)
    elif isinstance(node, (list, tuple)):
        for value in node:
            colours(value, found)
    elif isinstance(node, str) and (node.startswith("#") or node.startswith("rgb")):
        found.add(node.lower())
    return found


def curve(train, val, acc=None, diverged=False):
    return Curve(step=list(range(1, len(train) + 1)), epoch=list(range(1, len(train) + 1)), train_loss=list(train),
                 val_loss=list(val), val_acc=list(acc or [0.5] * len(train)), diverged=diverged)


def leakage():
    rng = np.random.default_rng(0)
    return [LeakageOutcome(k, t, a, b, *(rng.uniform(0.5, 0.9, 20) for _ in range(4))) for k, (t, a, b, _) in
            KINDS.items()]


def scaling():
    runs = [NormResult({RAW: curve([900, 3.0, 2.3], [2.3] * 3, [0.1] * 3), UNIT: curve([2.2, 1.5, 1.0], [1.6] * 3),
                        STD: curve([2.0, 0.8, 0.5], [0.6] * 3, [0.9] * 3)}, {s: np.random.rand(50) for s in SCALES},
                       0.5) for _ in range(3)]
    runs[1].curves[RAW] = curve([900, float("inf")], [2.3], [0.1], diverged=True)
    return ScaleComparison(runs)


def fitting():
    runs = {name: [] for name in CAPACITIES}
    for name, hidden in CAPACITIES.items():
        for s in range(3):
            c = curve([2.0 - 0.1 * i - 0.01 * s for i in range(12)], [2.0 - 0.1 * i + 0.02 * max(0, i - 6) ** 2
                                                                       for i in range(12)])
            runs[name].append(CapacityRun(name, hidden, 100, c, diagnose(c)))
    return FittingResult(runs)


RAW, UNIT, STD = SCALES
BAR_FIGURES = {  # figure name → a builder over small, made-up or cheap results; each draws bars
    "split_balance": lambda: dfig.split_balance(split_indices(np.arange(200) % 10, SplitConfig())),
    "leakage_optimism": lambda: dfig.leakage_optimism(leakage()),
    "leakage_bars": lambda: dfig.leakage_bars(leakage()),
    "scale_accuracy": lambda: dfig.scale_accuracy(scaling()),
    "missing_bars": lambda: dfig.missing_bars(missing_values_experiment(MissingConfig(10, 2))),
    "encoding_bars": lambda: dfig.encoding_bars(compare_encodings(EncodingConfig(10, 100, steps=20, seeds=2))),
    "small_data_results": lambda: dfig.small_data_results(SmallDataResult(
        {m: np.array([0.8, 0.85, 0.9]) - 0.01 * i for i, m in enumerate(MODELS)}, 40, 138, 13, 3)),
    "augmentation_results": lambda: ffig.augmentation_results(AugConfig(seeds=2, with_flips=True), AugResult(
        [ArmResult(arm, s, 0.8 + 0.01 * s, 0.9, []) for arm in AugConfig(with_flips=True).arms for s in range(2)])),
}
OTHER_FIGURES = {
    "scale_curves": lambda: dfig.scale_curves(scaling()),
    "value_histograms": lambda: dfig.value_histograms(scaling().runs[0].values),
    "learning_curves": lambda: ffig.learning_curves(fitting()),
    "bias_variance_chart": lambda: ffig.bias_variance_chart(bias_variance(BiasVarianceConfig((1, 2, 4), 3,
                                                                                             steps=20))),
    "embedding_scatter": lambda: dfig.embedding_scatter(
        compare_encodings(EncodingConfig(10, 100, steps=20, seeds=1)).runs[0], [f"city {i}" for i in range(10)]),
    "augmentation_gallery": lambda: ffig.augmentation_gallery(np.random.rand(3, 4, 28, 28),
                                                              ["original", "rotation", "horizontal flip"]),
}


@pytest.mark.parametrize("name", list(BAR_FIGURES) + list(OTHER_FIGURES))
def test_every_colour_comes_from_the_palette(name):
    fig = {**BAR_FIGURES, **OTHER_FIGURES}[name]()
    assert colours(fig.to_dict()) <= ALLOWED, colours(fig.to_dict()) - ALLOWED


@pytest.mark.parametrize("name", BAR_FIGURES)
def test_bars_start_at_zero(name):
    layout = BAR_FIGURES[name]().layout
    for axis in (getattr(layout, key) for key in layout if key.startswith("yaxis")):
        assert axis.rangemode == "tozero" or (axis.range is not None and axis.range[0] == 0)


def test_accuracies_stay_within_0_and_100_percent():
    for name in ("leakage_bars", "scale_accuracy", "missing_bars", "encoding_bars", "small_data_results",
                 "augmentation_results"):
        layout = BAR_FIGURES[name]().layout
        assert layout.yaxis.range == (0, 1.02) and layout.yaxis.tickformat == ".0%", name


def test_log_axes_label_powers_of_ten_and_epochs_are_whole():
    assert OTHER_FIGURES["scale_curves"]().layout.yaxis.dtick == 1  # log axis: one tick per power of ten
    assert OTHER_FIGURES["bias_variance_chart"]().layout.xaxis.dtick == 1
    fit = OTHER_FIGURES["learning_curves"]().layout
    assert fit.xaxis.tickformat == "d" and fit.xaxis3.tickformat == "d"


def test_a_diverged_run_is_marked_in_the_error_colour_only():
    fig = OTHER_FIGURES["scale_curves"]()
    marks = [t for t in fig.data if t.marker.color == palette.ERROR]
    assert len(marks) == 1 and marks[0].marker.symbol == "x"  # one seed of raw pixels became NaN


def test_images_keep_square_pixels():
    layout = OTHER_FIGURES["augmentation_gallery"]().layout
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis12.scaleanchor == "x12"
