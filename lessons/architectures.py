"""Architectures: a playground for depth, width and features, and FNN vs CNN vs RNN on digits."""
import json

import streamlit as st

import ui
from core import cache, playground, playground_train
from core import playground_figures as figs
from core.architecture_compare import KINDS, CompareConfig, summary
from core.playground import MAX_HIDDEN_LAYERS, MAX_WIDTH, FitConfig, NetConfig
from core.playground_capacity import SWEEP_NETS
from core.playground_data import DATASETS, FEATURE_LABELS, FEATURES, DataConfig
from core.playground_views import snapshot

ACTIVATION_NAMES = {"tanh": "tanh", "relu": "ReLU", "sigmoid": "sigmoid", "linear": "linear",
                    "leaky_relu": "Leaky ReLU", "elu": "ELU", "gelu": "GELU"}
STOP_NAMES = {"none": "none: train until Stop", "accuracy": "at a training accuracy (or R²)",
              "early": "early stopping on validation loss"}


def label(names: dict):
    """A format_func that shows `names[value]`, and leaves anything else (a label already) as it is."""
    return lambda value: names.get(value, str(value))


def number(fmt: str):
    return lambda value: fmt.format(value) if isinstance(value, (int, float)) else str(value)


HEADS = {
    "binary": ("Sigmoid + binary cross-entropy", r"\hat p = \sigma(z) = \frac{1}{1+e^{-z}},\quad "
               r"\mathcal{L} = -\frac{1}{N}\sum_i \big[y_i \log \hat p_i + (1-y_i)\log(1-\hat p_i)\big]",
               "One output z; the sigmoid squeezes it into a probability of blue, and cross-entropy punishes "
               "a confident wrong answer hard."),
    "multiclass": ("Softmax + cross-entropy", r"\hat p_k = \frac{e^{z_k}}{\sum_j e^{z_j}},\quad "
                   r"\mathcal{L} = -\frac{1}{N}\sum_i \log \hat p_{i,\,y_i}",
                   "One output per class; softmax turns them into probabilities that sum to 1, and the loss "
                   "is the surprise at the true class."),
    "regression": ("Linear output + mean squared error", r"\hat y = z,\quad \mathcal{L} = \frac{1}{N}\sum_i "
                   r"(\hat y_i - y_i)^2", "One output left as it is; the loss is the average squared miss."),
}
CHUNK_S = 0.5  # while training, redraw after about every 0.5 s of training
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


def apply_preset(name: str) -> None:
    st.session_state.update({**D, **PRESETS[name]})

st.title("Architectures: a neural network playground")
st.markdown(
    "One neuron draws one straight line. Stack neurons into **layers** and the lines bend into curves, "
    "rings and spirals. Pick a data set, build a network, press **Train** and watch each neuron learn "
    "its piece of the boundary. Then ask how big a network must be, and how big is too big."
)
play, capacity, versus = st.tabs(["Playground", "Depth, width & capacity", "FNN vs CNN vs RNN"])

with play, ui.shared_settings("arch_"):
    with st.expander("Try the lesson's claims: one click sets up each experiment, then press Train",
                     icon=":material/science:"):
        presets = st.container(horizontal=True)
        for i, name in enumerate(PRESETS):
            presets.button(name, key=f"arch_preset{i}", on_click=apply_preset, args=(name,), type="tertiary")
        st.caption("No hidden layer stays at or below 75% on XOR; one layer of 4 reaches 100%. The spiral needs "
                   "depth or width. On 30 noisy points a big network's test loss climbs while its train loss "
                   "falls; L2, dropout and early stopping each shrink that gap.")
    data_col, net_col, fit_col = st.columns(3)
    with data_col:
        st.markdown("**Data**")
        kind = st.selectbox("Data set", list(DATASETS), format_func=label({k: v[1] for k, v in DATASETS.items()}),
                            key="arch_data", bind="query-params")
        noise = st.slider("Noise (%)", 0, 50, D["arch_noise"], 5, key="arch_noise", bind="query-params")
        ratio = st.slider("Training share (%)", 10, 90, D["arch_ratio"], 10, key="arch_ratio", bind="query-params")
        points = st.select_slider("Points", [30, 60, 100, 200, 300, 500, 1000], D["arch_points"], key="arch_points",
                                  bind="query-params")
        classes = st.slider("Classes", 3, 5, D["arch_classes"], key="arch_classes", bind="query-params",
                            disabled=DATASETS[kind][0] != "multiclass")
        seed = st.slider("Seed (data and first weights)", 0, 100, D["arch_seed"], key="arch_seed",
                         bind="query-params")
    with net_col:
        st.markdown("**Network**")
        chosen = st.pills("Input features", list(FEATURES), selection_mode="multi", default=D["arch_features"],
                          format_func=label(FEATURE_LABELS), key="arch_features", bind="query-params", wrap=True)
        depth = st.slider("Hidden layers", 0, MAX_HIDDEN_LAYERS, D["arch_layers"], key="arch_layers",
                          bind="query-params")
        activation = st.selectbox("Activation", list(ACTIVATION_NAMES), format_func=label(ACTIVATION_NAMES),
                                  key="arch_act", bind="query-params")
        per_layer = st.toggle("A different activation per layer", key="arch_per_layer", bind="query-params",
                              disabled=depth == 0)
        widths, activations = [], []
        for i in range(depth):
            cols = st.columns([3, 2]) if per_layer else [st.container()]
            widths.append(cols[0].slider(f"Layer {i + 1}: neurons", 1, MAX_WIDTH, D[f"arch_n{i + 1}"],
                                         key=f"arch_n{i + 1}", bind="query-params"))
            activations.append(cols[1].selectbox(f"Layer {i + 1}: activation", list(ACTIVATION_NAMES),
                                                 list(ACTIVATION_NAMES).index(activation),
                                                 format_func=label(ACTIVATION_NAMES), key=f"arch_act{i + 1}",
                                                 bind="query-params") if per_layer else activation)
    with fit_col:
        st.markdown("**Training**")
        optimizer = st.selectbox("Optimizer", playground_train.OPTIMIZERS, key="arch_opt", bind="query-params")
        lr = st.select_slider("Learning rate", [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
                              D["arch_lr"], key="arch_lr", bind="query-params")
        batch = st.select_slider("Batch size", [1, 2, 5, 10, 20, 50, 100, 250, 1000], D["arch_batch"], key="arch_batch",
                                 bind="query-params")
        reg = st.segmented_control("Regularization", playground.REGULARIZATIONS, default=D["arch_reg"], required=True,
                                   format_func=lambda r: r.upper() if r != "none" else "none", key="arch_reg",
                                   bind="query-params")
        rate = st.select_slider("Regularization rate λ", [0.0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0],
                                D["arch_rate"], key="arch_rate", bind="query-params", disabled=reg == "none")
        dropout = st.slider("Dropout", 0.0, 0.8, D["arch_dropout"], 0.05, key="arch_dropout", bind="query-params",
                            disabled=depth == 0)
        stop_rule = st.selectbox("Stop rule", playground.STOP_RULES, key="arch_stop", bind="query-params",
                                 format_func=label(STOP_NAMES))
        target = st.select_slider("Target", [0.8, 0.9, 0.95, 0.99, 1.0], D["arch_target"],
                                  format_func=number("{:.0%}"), key="arch_target", bind="query-params",
                                  disabled=stop_rule != "accuracy")
        patience = st.slider("Patience (epochs)", 5, 200, D["arch_patience"], 5, key="arch_patience",
                             bind="query-params", disabled=stop_rule != "early")
        if stop_rule == "early":
            st.caption("Early stopping holds 20% of the training points out as a validation set (never trained on); "
                       "when its loss stops improving, the network goes back to its best epoch.")
    with versus:
        st.markdown(
            "Three ways to read a 28×28 digit. A **feed-forward network** (FNN, an MLP) sees 784 unrelated numbers. "
            "A **convolutional network** (CNN) slides small filters over neighbouring pixels and reuses the same "
            "weights everywhere. A **recurrent network** (RNN) reads the image one row at a time, carrying a "
            "memory from row to row. Each is trained for one epoch with Adam (0.001, batch 64)."
        )
        ui.device_badge()
        c1, c2 = st.columns(2)
        images = c1.select_slider("Training images", [2000, 5000, 10_000], 10_000, key="arch_cmp_images",
                                  format_func=number("{:,}"), bind="query-params")
        cell = c2.segmented_control("Recurrent cell", ["gru", "lstm"], default="gru", required=True,
                                    format_func=str.upper, key="arch_cmp_cell", bind="query-params")

features = tuple(f for f in FEATURES if f in (chosen or []))
if not features:
    play.warning("A network needs at least one input: using x₁ and x₂.", icon=":material/input:")
    features = ("x1", "x2")
data_cfg = DataConfig(kind, noise / 100, ratio / 100, points, classes, 0.2 if stop_rule == "early" else 0.0, seed)
net_cfg = NetConfig(features, tuple(widths), tuple(activations), seed)
fit = FitConfig(optimizer, lr, batch, reg, rate, dropout if depth else 0.0, stop_rule, target, patience)
task = data_cfg.task

cache.arch_warm_up()  # the first optimizer imports torch._dynamo (seconds): do it before Train is pressed
run = st.session_state.get("playground_run")
if run is None or not playground.same_setup(run, data_cfg, net_cfg):  # a new network, as in the Playground
    run = st.session_state["playground_run"] = playground.new_run(data_cfg, net_cfg)


def reset():
    st.session_state["playground_run"] = playground.new_run(data_cfg, net_cfg)


with play:
    buttons = st.container(horizontal=True)
    buttons.button("Train", type="primary", icon=":material/play_arrow:", key="arch_train", disabled=run.training,
                   on_click=playground_train.start, args=(run, fit))
    buttons.button("Stop", icon=":material/stop:", key="arch_stop_btn", disabled=not run.training,
                   on_click=playground_train.stop, args=(run,))
    if buttons.button("Step one epoch", icon=":material/skip_next:", key="arch_step", disabled=run.training):
        playground_train.step_epoch(run, fit)
    buttons.button("Reset", icon=":material/restart_alt:", key="arch_reset", on_click=reset)
    st.caption(f"{len(run.data.train_y)} training, {len(run.data.val_y)} validation and {len(run.data.test_y)} "
               f"test points · {run.parameters:,} parameters · trains on the CPU (tiny networks are faster there)")

    live = st.empty()  # the live view: drawn at the end of the page, redrawn after every chunk of training

    name, formula, words = HEADS[task]
    st.subheader(f"Output head: {name}")
    st.latex(formula)
    st.caption(words)
    if reg != "none" and rate > 0:
        term = r"\sum_w |w|" if reg == "l1" else r"\sum_w w^2"
        st.latex(rf"\mathcal{{L}}_{{\text{{train}}}} = \mathcal{{L}}_{{\text{{data}}}} + {rate:g}\,{term}")
    with st.expander("The three heads, side by side"):
        for other, (title, tex, text) in HEADS.items():
            st.markdown(f"**{title}** ({other})")
            st.latex(tex)
            st.caption(text)
    st.download_button("Download this network (JSON)", lambda: json.dumps(playground.export(run)), "playground.json",
                       "application/json", icon=":material/download:", key="arch_export", on_click="ignore")
    st.markdown("**Takeaway:** with no hidden layer the boundary is a straight line; hidden layers bend it, "
                "and well-chosen features (x₁², x₂²) can make a hard problem easy for a small network.")

with capacity:
    st.markdown(
        "A network's **capacity** is how many different boundaries it can draw, and it grows with its "
        "parameters: every weight and every bias. Too few and it cannot draw the boundary at all (train and "
        "test error stay high); enough and it fits; on a few noisy points, many more fit the noise as well "
        "(train error falls, test error does not)."
    )
    sizes = [len(features), *widths, 1 if task != "multiclass" else classes]
    terms = " + ".join(rf"({a}+1)\cdot {b}" for a, b in zip(sizes, sizes[1:], strict=False))
    st.latex(rf"\text{{parameters}} = \sum_{{\ell}} (n_{{\ell-1}} + 1)\, n_\ell = {terms} = {run.parameters:,}")
    if st.toggle("Run the capacity sweep on this data set", key="arch_sweep"):
        bar = st.progress(0.0, text="Training networks of growing size…")
        sweep = []
        for i, hidden in enumerate(SWEEP_NETS):
            sweep.append(cache.arch_capacity_point(data_cfg, hidden, features, activation, 300))
            bar.progress((i + 1) / len(SWEEP_NETS), text=f"Trained {i + 1} of {len(SWEEP_NETS)} networks")
        bar.empty()
        error = "MSE" if task == "regression" else "error (1 − accuracy)"
        st.plotly_chart(figs.capacity_chart(sweep, run.parameters, error), key="arch_capacity")
        st.dataframe([{"hidden layers": p.label, "parameters": p.parameters, f"train {error}": round(p.train_error, 3),
                       f"test {error}": round(p.test_error, 3)} for p in sweep],
                     hide_index=True, key="arch_sweep_table")
        st.caption(f"Each network: {ACTIVATION_NAMES[activation]}, your features, full-batch Adam 0.03 for 300 "
                   "epochs, on your data set. Try 30 points with 50% noise to see the test error climb.")
    st.markdown("**Takeaway:** depth and width buy capacity; the right amount depends on how much data "
                "you have and how noisy it is.")

with versus:
    if st.toggle("Run the comparison (cached once computed)", key="arch_cmp_run"):
        device = cache.device()
        digits = ui.digits(device.kind)
        cmp_cfg = CompareConfig(train_images=images, rnn_cell=cell)
        bar = st.progress(0.0)
        rows = []
        for i, kind_ in enumerate(KINDS):
            bar.progress(i / len(KINDS), text=f"Training the {kind_.upper()} for one epoch…")
            rows.append(cache.arch_compare_row(kind_, cmp_cfg, device.kind, digits.name))
        bar.empty()
        st.dataframe([{"network": r.name, "parameters": r.parameters,
                       "seconds per epoch": round(r.seconds_per_epoch, 2), "test accuracy": f"{r.test_acc:.2%}",
                       "device": r.device} for r in rows],
                     hide_index=True, key="arch_cmp_table")
        st.plotly_chart(figs.compare_chart(rows), key="arch_cmp_chart")
        st.markdown(f"**This run:** {summary(rows)}")
        st.caption(f"{min(images, len(digits.train_y)):,} {digits.name} training images, one epoch each; "
                   "accuracy on the full test set; seconds include a 500-image validation check. On a CPU each "
                   "network trains on one thread, which is faster than several on a busy machine.")
    st.latex(rf"h_t = \mathrm{{{cell.upper()}}}(x_t, h_{{t-1}}),\quad x_t = \text{{row }} t \text{{ of pixels}},\ "
             r"t = 1..H;\qquad \hat y = \operatorname{softmax}(W h_H + b)")
    st.markdown("**Takeaway:** each architecture builds in an assumption about its input: the CNN that pixels "
                "have neighbours, the RNN that rows come in order, the FNN none at all. The right assumption buys "
                "accuracy per parameter; time per epoch depends on how well the device runs each kind of layer.")


def draw(run, frame: int = 0) -> None:
    """Metrics, boundary, diagram, neuron images and curves of the run as it is now."""
    with live.container():
        if run.message:
            show = {"diverged": st.error, "paused": st.info, "reached target": st.success,
                    "early-stopped": st.success, "done": st.info}.get(run.status, st.info)
            show(run.message)
        now = playground.evaluate(run, run.epoch)
        score = "R²" if task == "regression" else "accuracy"
        shown = (lambda v: f"{v:.3f}") if task == "regression" else (lambda v: f"{v:.1%}")
        cols = st.columns(5)
        cols[0].metric("Epoch", f"{run.epoch:,}")
        cols[1].metric("Train loss", f"{now.train_loss:.3f}")
        cols[2].metric("Test loss", f"{now.test_loss:.3f}", delta=f"{now.test_loss - now.train_loss:+.3f} vs train",
                       delta_color="off")
        cols[3].metric(f"Train {score}", shown(now.train_score))
        cols[4].metric(f"Test {score}", shown(now.test_score))
        snap = snapshot(run)
        left, right = st.columns([1.1, 1])
        with left:
            st.markdown("**Output over the plane** · white rings: training points, black rings: test points")
            st.plotly_chart(figs.decision_boundary(snap, run.data), key=f"arch_boundary{frame}")
        with right:
            st.markdown("**The network** · blue weights positive, orange negative, thicker = larger")
            st.plotly_chart(figs.network_diagram(snap, run.net_cfg.features), key=f"arch_diagram{frame}")
        st.markdown("**What every neuron computes** · each small image is one neuron's output over the plane")
        st.plotly_chart(figs.neuron_mosaic(snap), key=f"arch_neurons{frame}")
        best = run.best_epoch if run.status == "early-stopped" else -1
        st.plotly_chart(figs.loss_curves(run.history, task, best), key=f"arch_curves{frame}")


# Last, so that every tab above is drawn first: train in chunks and redraw after each. Any click
# (Stop, a slider, another page) interrupts this loop with a rerun, which resumes it if still training.
draw(run)
frame = 0
while run.training:
    playground_train.train_chunk(run, fit, CHUNK_S)
    frame += 1
    draw(run, frame)
    if not run.training:  # a stop rule ended it: redraw the buttons
        st.rerun()
