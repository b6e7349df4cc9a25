"""Architectures: a playground for depth, width and features, and FNN vs CNN vs RNN on digits."""
import json

import streamlit as st

import ui
from core import cache, playground, playground_train
from core import playground_figures as figs
from core.architecture_compare import KINDS, CompareConfig
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
TICK_S, CHUNK_S = 0.4, 0.3  # redraw every 0.4 s while training; train about 0.3 s between redraws

st.title("Architectures: a neural network playground")
st.markdown(
    "One neuron draws one straight line. Stack neurons into **layers** and the lines bend into curves, "
    "rings and spirals. Pick a data set, build a network, press **Train** and watch each neuron learn "
    "its piece of the boundary. Then ask how big a network must be, and how big is too big."
)
play, capacity, versus = st.tabs(["Playground", "Depth, width & capacity", "FNN vs CNN vs RNN"])

with play, ui.shared_settings("arch_"):
    data_col, net_col, fit_col = st.columns(3)
    with data_col:
        st.markdown("**Data**")
        kind = st.selectbox("Data set", list(DATASETS), format_func=label({k: v[1] for k, v in DATASETS.items()}),
                            key="arch_data", bind="query-params")
        noise = st.slider("Noise (%)", 0, 50, 0, 5, key="arch_noise", bind="query-params")
        ratio = st.slider("Training share (%)", 10, 90, 50, 10, key="arch_ratio", bind="query-params")
        points = st.select_slider("Points", [30, 60, 100, 200, 300, 500, 1000], 500, key="arch_points",
                                  bind="query-params")
        classes = st.slider("Classes", 3, 5, 3, key="arch_classes", bind="query-params",
                            disabled=DATASETS[kind][0] != "multiclass")
        seed = st.number_input("Seed (data and first weights)", 0, 9999, 0, key="arch_seed", bind="query-params")
    with net_col:
        st.markdown("**Network**")
        chosen = st.pills("Input features", list(FEATURES), selection_mode="multi", default=["x1", "x2"],
                          format_func=label(FEATURE_LABELS), key="arch_features", bind="query-params", wrap=True)
        depth = st.slider("Hidden layers", 0, MAX_HIDDEN_LAYERS, 2, key="arch_layers", bind="query-params")
        activation = st.selectbox("Activation", list(ACTIVATION_NAMES), format_func=label(ACTIVATION_NAMES),
                                  key="arch_act", bind="query-params")
        per_layer = st.toggle("A different activation per layer", key="arch_per_layer", bind="query-params",
                              disabled=depth == 0)
        widths, activations = [], []
        for i in range(depth):
            cols = st.columns([3, 2]) if per_layer else [st.container()]
            widths.append(cols[0].slider(f"Layer {i + 1}: neurons", 1, MAX_WIDTH, 4 if i != 1 else 2,
                                         key=f"arch_n{i + 1}", bind="query-params"))
            activations.append(cols[1].selectbox(f"Layer {i + 1}: activation", list(ACTIVATION_NAMES),
                                                 list(ACTIVATION_NAMES).index(activation),
                                                 format_func=label(ACTIVATION_NAMES), key=f"arch_act{i + 1}",
                                                 bind="query-params") if per_layer else activation)
    with fit_col:
        st.markdown("**Training**")
        optimizer = st.selectbox("Optimizer", playground_train.OPTIMIZERS, key="arch_opt", bind="query-params")
        lr = st.select_slider("Learning rate", [1e-5, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
                              0.03, key="arch_lr", bind="query-params")
        batch = st.select_slider("Batch size", [1, 2, 5, 10, 20, 50, 100, 250, 1000], 10, key="arch_batch",
                                 bind="query-params")
        reg = st.segmented_control("Regularization", playground.REGULARIZATIONS, default="none", required=True,
                                   format_func=lambda r: r.upper() if r != "none" else "none", key="arch_reg",
                                   bind="query-params")
        rate = st.select_slider("Regularization rate λ", [0.0, 1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0],
                                0.0, key="arch_rate", bind="query-params", disabled=reg == "none")
        dropout = st.slider("Dropout", 0.0, 0.8, 0.0, 0.05, key="arch_dropout", bind="query-params",
                            disabled=depth == 0)
        stop_rule = st.selectbox("Stop rule", playground.STOP_RULES, key="arch_stop", bind="query-params",
                                 format_func=label(STOP_NAMES))
        target = st.select_slider("Target", [0.8, 0.9, 0.95, 0.99, 1.0], 1.0, format_func=number("{:.0%}"),
                                  key="arch_target", bind="query-params", disabled=stop_rule != "accuracy")
        patience = st.slider("Patience (epochs)", 5, 200, 30, 5, key="arch_patience", bind="query-params",
                             disabled=stop_rule != "early")
        if stop_rule == "early":
            st.caption("Early stopping holds 20% of the training points out as a validation set (never trained on); "
                       "when its loss stops improving, the network goes back to its best epoch.")
    with versus:
        c1, c2 = st.columns(2)
        images = c1.select_slider("Training images", [2000, 5000, 10_000], 10_000, key="arch_cmp_images",
                                  format_func=number("{:,}"), bind="query-params")
        cell = c2.segmented_control("Recurrent cell", ["gru", "lstm"], default="gru", required=True,
                                    format_func=str.upper, key="arch_cmp_cell", bind="query-params")

features = tuple(f for f in FEATURES if f in (chosen or []))
if not features:
    st.warning("A network needs at least one input: using x₁ and x₂.", icon=":material/input:")
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

    @st.fragment(run_every=TICK_S if run.training else None)
    def live_view():
        """Trains a chunk, then redraws; hands over to a full rerun when training ends."""
        run = st.session_state["playground_run"]
        if run.training:
            playground_train.train_chunk(run, fit, CHUNK_S)
            if not run.training:
                st.rerun()
        if run.message:
            show = {"diverged": st.error, "paused": st.info, "reached target": st.success,
                    "early-stopped": st.success, "done": st.info}.get(run.status, st.info)
            show(run.message)
        now = playground.evaluate(run, run.epoch)
        score = "R²" if task == "regression" else "accuracy"
        cols = st.columns(5)
        cols[0].metric("Epoch", f"{run.epoch:,}")
        cols[1].metric("Train loss", f"{now.train_loss:.3f}")
        cols[2].metric("Test loss", f"{now.test_loss:.3f}", delta=f"{now.test_loss - now.train_loss:+.3f} vs train",
                       delta_color="off")
        cols[3].metric(f"Train {score}", f"{now.train_score:.1%}" if task != "regression" else f"{now.train_score:.3f}")
        cols[4].metric(f"Test {score}", f"{now.test_score:.1%}" if task != "regression" else f"{now.test_score:.3f}")
        snap = snapshot(run)
        left, right = st.columns([1.1, 1])
        with left:
            st.markdown("**Output over the plane** · white rings: training points, black rings: test points")
            st.plotly_chart(figs.decision_boundary(snap, run.data), key="arch_boundary")
        with right:
            st.markdown("**The network** · blue weights positive, orange negative, thicker = larger")
            st.plotly_chart(figs.network_diagram(snap, run.net_cfg.features), key="arch_diagram")
        st.markdown("**What every neuron computes** · each small image is one neuron's output over the plane")
        st.plotly_chart(figs.neuron_mosaic(snap), key="arch_neurons")
        st.plotly_chart(figs.loss_curves(run.history, task, run.best_epoch if run.status == "early-stopped" else -1),
                        key="arch_curves")

    live_view()

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
    st.download_button("Download this network (JSON)", json.dumps(playground.export(run)), "playground.json",
                       "application/json", icon=":material/download:", key="arch_export")
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
    st.markdown(
        "Three ways to read a 28×28 digit. A **feed-forward network** (FNN, an MLP) sees 784 unrelated numbers. "
        "A **convolutional network** (CNN) slides small filters over neighbouring pixels and reuses the same "
        "weights everywhere. A **recurrent network** (RNN) reads the image one row at a time, carrying a "
        "memory from row to row. Each is trained for one epoch with Adam (0.001, batch 64)."
    )
    ui.device_badge()
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
        st.caption(f"{min(images, len(digits.train_y)):,} {digits.name} training images, one epoch each; "
                   "accuracy on the full test set; seconds include a 500-image validation check. On a CPU each "
                   "network trains on one thread, which is faster than several on a busy machine.")
    st.latex(r"h_t = \mathrm{GRU}(x_t, h_{t-1}),\quad t = 1..28 \text{ rows};\qquad \hat y = "
             r"\operatorname{softmax}(W h_{28} + b)")
    st.markdown("**Takeaway:** the CNN gets the most out of the fewest parameters because it knows pixels "
                "have neighbours; the RNN can read images too, but it is slower and learns more slowly.")
