"""The Playground's controls: the learner picks the data, builds the network and sets how it trains."""
from dataclasses import dataclass, replace

import streamlit as st

import ui
from core.activations import ACTIVATIONS
from core.architectures import playground
from core.architectures import trainer as playground_train
from core.architectures.playground import MAX_HIDDEN_LAYERS, MAX_WIDTH, FitConfig, NetConfig
from core.architectures.points import DATASETS, FEATURE_LABELS, FEATURES, DataConfig
from lessons.architectures.common import label, number

ACTIVATION_NAMES = {a: ACTIVATIONS[a].label for a in playground.ACTIVATIONS}
STOP_NAMES = {"none": "none: train until Stop", "accuracy": "at a training accuracy (or R²)",
              "early": "early stopping on validation loss"}
D = {"arch_data": "circle", "arch_noise": 0, "arch_ratio": 50, "arch_points": 500, "arch_classes": 3, "arch_seed": 0,
     "arch_features": ["x1", "x2"], "arch_layers": 2, "arch_act": "tanh", "arch_per_layer": False,
     **{f"arch_n{i + 1}": 2 if i == 1 else 4 for i in range(MAX_HIDDEN_LAYERS)},
     "arch_opt": "adam", "arch_lr": 0.03, "arch_batch": 10, "arch_reg": "none", "arch_rate": 0.0,
     "arch_dropout": 0.0, "arch_stop": "none", "arch_target": 1.0, "arch_patience": 30}  # the Playground's opening
OVERFIT = {"arch_data": "gauss", "arch_noise": 50, "arch_points": 60, "arch_layers": 3, "arch_act": "relu",
           "arch_n1": 32, "arch_n2": 32, "arch_n3": 32}
PRESETS = {  # the page's claims, one click each: every other setting goes back to its default
    "XOR, no hidden layer": {"arch_data": "xor", "arch_layers": 0},
    "XOR, one layer of 4": {"arch_data": "xor", "arch_layers": 1, "arch_n1": 4},
    "Spiral, 1 layer of 2": {"arch_data": "spiral", "arch_layers": 1, "arch_n1": 2},
    "Spiral, 2 layers of 16": {"arch_data": "spiral", "arch_layers": 2, "arch_n1": 16, "arch_n2": 16},
    "Overfit: 30 noisy points, 3×32": OVERFIT,
    "… with L2 0.01": {**OVERFIT, "arch_reg": "l2", "arch_rate": 0.01},
    "… with dropout 0.5": {**OVERFIT, "arch_dropout": 0.5},
    "… with early stopping": {**OVERFIT, "arch_stop": "early", "arch_patience": 20},
}


@dataclass(frozen=True)
class Setup:
    """The Playground's settings, as its widgets hold them."""

    data: DataConfig  # what to learn
    net: NetConfig  # the network; its features may be empty until `with_inputs`
    fit: FitConfig  # how it learns
    activation: str  # the activation chosen for every layer: the capacity sweep's networks use it


def apply_preset(name: str) -> None:
    st.session_state.update({**D, **PRESETS[name]})


def presets() -> None:
    """The page's claims, one click each, above the Playground."""
    with st.expander("Try the lesson's claims: one click sets up each experiment, then press Train",
                     icon=":material/science:"):
        row = st.container(horizontal=True)
        for i, name in enumerate(PRESETS):
            row.button(name, key=f"arch_preset{i}", on_click=apply_preset, args=(name,), type="tertiary")
        st.caption("No hidden layer stays at or below 75% on XOR; one layer of 4 reaches 100%. The spiral needs "
                   "depth or width. On 30 noisy points a big network's test loss climbs while its train loss "
                   "falls; L2 and early stopping shrink that gap on every seed we tried, dropout only on some "
                   "(seed 0 yes, seed 1 no): move the seed and see.")


def show() -> Setup:
    """The rail beside the picture: data · network · training, one group at a time."""
    data_tab, net_tab, fit_tab = st.tabs(["Data", "Network", "Training"])
    with data_tab:
        data = data_controls()
    with net_tab:
        net, activation = network_controls(data.seed)
    with fit_tab:
        fit = training_controls(bool(net.hidden))
    if fit.stop_rule == "early":  # early stopping needs points to validate on
        data = replace(data, validation=0.2)
    return Setup(data, net, fit, activation)


def data_controls() -> DataConfig:
    """What to learn: the data set, its noise, size, split and seed."""
    kind = ui.bound(st.selectbox, "Data set", list(DATASETS), format_func=label({k: v[1] for k, v in DATASETS.items()}),
                    key="arch_data")
    noise = ui.bound(st.slider, "Noise (%)", 0, 50, D["arch_noise"], 5, key="arch_noise")
    ratio = ui.bound(st.slider, "Training share (%)", 10, 90, D["arch_ratio"], 10, key="arch_ratio")
    points = ui.bound(st.select_slider, "Points", [30, 60, 100, 200, 300, 500, 1000], D["arch_points"],
                      key="arch_points")
    classes = D["arch_classes"]
    if DATASETS[kind][0] == "multiclass":  # hidden, not greyed, where it means nothing
        classes = ui.bound(st.slider, "Classes", 3, 5, D["arch_classes"], key="arch_classes")
    seed = ui.bound(st.slider, "Seed (data and first weights)", 0, 100, D["arch_seed"], key="arch_seed")
    return DataConfig(kind, noise / 100, ratio / 100, points, classes, 0.0, seed)


def network_controls(seed: int) -> tuple[NetConfig, str]:
    """The network: input features, hidden layers and their activations (and the one chosen for all)."""
    chosen = ui.bound(st.pills, "Input features", list(FEATURES), selection_mode="multi",
                      default=D["arch_features"], format_func=label(FEATURE_LABELS), key="arch_features", wrap=True)
    depth = ui.bound(st.slider, "Hidden layers", 0, MAX_HIDDEN_LAYERS, D["arch_layers"], key="arch_layers")
    activation = ui.bound(st.selectbox, "Activation", list(ACTIVATION_NAMES), format_func=label(ACTIVATION_NAMES),
                          key="arch_act")
    per_layer = depth > 0 and ui.bound(st.toggle, "A different activation per layer", key="arch_per_layer")
    widths, activations = [], []
    for i in range(depth):
        cols = st.columns([3, 2]) if per_layer else [st.container()]
        widths.append(ui.bound(cols[0].slider, f"Layer {i + 1}: neurons", 1, MAX_WIDTH, D[f"arch_n{i + 1}"],
                               key=f"arch_n{i + 1}"))
        activations.append(ui.bound(cols[1].selectbox, f"Layer {i + 1}: activation", list(ACTIVATION_NAMES),
                                    list(ACTIVATION_NAMES).index(activation), format_func=label(ACTIVATION_NAMES),
                                    key=f"arch_act{i + 1}") if per_layer else activation)
    features = tuple(f for f in FEATURES if f in (chosen or []))
    return NetConfig(features, tuple(widths), tuple(activations), seed), activation


def training_controls(hidden: bool) -> FitConfig:
    """How it learns: optimizer, learning rate, batch, regularisation and when to stop."""
    optimizer = ui.bound(st.selectbox, "Optimizer", playground_train.OPTIMIZERS, key="arch_opt")
    lr = ui.bound(st.select_slider, "Learning rate", [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
                  D["arch_lr"], key="arch_lr")
    batch = ui.bound(st.select_slider, "Batch size", [1, 2, 5, 10, 20, 50, 100, 250, 1000], D["arch_batch"],
                     key="arch_batch")
    reg = ui.bound(st.segmented_control, "Regularization", playground.REGULARIZATIONS, default=D["arch_reg"],
                   required=True, format_func=lambda r: r.upper() if r != "none" else "none", key="arch_reg")
    # a control that another choice makes meaningless is hidden, not greyed (its value comes back with it)
    rate, dropout, target, patience = D["arch_rate"], D["arch_dropout"], D["arch_target"], D["arch_patience"]
    if reg != "none":
        rate = ui.bound(st.select_slider, "Regularization rate λ", [0.0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0],
                        D["arch_rate"], key="arch_rate")
    if hidden:
        dropout = ui.bound(st.slider, "Dropout", 0.0, 0.8, D["arch_dropout"], 0.05, key="arch_dropout")
    stop_rule = ui.bound(st.selectbox, "Stop rule", playground.STOP_RULES, key="arch_stop",
                         format_func=label(STOP_NAMES))
    if stop_rule == "accuracy":
        target = ui.bound(st.select_slider, "Target", [0.8, 0.9, 0.95, 0.99, 1.0], D["arch_target"],
                          format_func=number("{:.0%}"), key="arch_target")
    if stop_rule == "early":
        patience = ui.bound(st.slider, "Patience (epochs)", 5, 200, D["arch_patience"], 5, key="arch_patience")
        st.caption("Early stopping holds 20% of the training points out as a validation set (never trained on); "
                   "when its loss stops improving, the network goes back to its best epoch.")
    return FitConfig(optimizer, lr, batch, reg, rate, dropout, stop_rule, target, patience)


def with_inputs(setup: Setup) -> Setup:
    """A network needs at least one input feature: fall back to x₁ and x₂, and say so."""
    if setup.net.features:
        return setup
    st.warning("A network needs at least one input: using x₁ and x₂.", icon=":material/input:")
    return replace(setup, net=replace(setup.net, features=("x1", "x2")))
