"""MNIST training: train a real digit classifier live, look inside it, break it, draw for it, keep it."""
import time

import numpy as np
import streamlit as st
import torch

import ui
from core import cache, canvas, figures, hosting, inspect_model, model_io, pitfalls
from core import mnist_figures as mf
from core.metrics import precision_recall
from core.mnist_lab import MnistLab, MnistRun, loaded_run, start_pitfall, start_run
from core.models import ACTIVATIONS, INITS, ModelConfig, predict_proba
from core.numpy_mlp import SCRATCH_ACTIVATIONS, ScratchConfig
from core.train import OPTIMIZERS, TrainConfig

TICK_S = 1.0  # live views redraw once a second: cheap next to the training itself
GALLERY_TICK_S = 4.0  # the gallery only changes once an epoch
TABS = ["Train", "Inside the model", "Evaluation", "Pitfall lab", "Draw a digit", "From scratch", "Keep & share"]

st.title("MNIST training")
st.markdown(
    "MNIST is 70,000 handwritten digits, 28×28 grey pixels each. A network reads the 784 pixels and "
    "outputs 10 scores (logits), one per digit; softmax turns them into probabilities and cross-entropy "
    "punishes a low probability on the right digit. Train one live, look inside it, break it on purpose, "
    "draw a digit for it, and take it home."
)
ui.device_badge()
limits = hosting.limits()
device = cache.device()
data = ui.digits(device.kind)
st.caption(f"The whole dataset sits on the training device as tensors ({data.train_x.device}), so no time is "
           "spent copying batches.")
lab: MnistLab = st.session_state.setdefault("mnist_lab", MnistLab())


def shown_run() -> tuple[MnistRun, bool]:
    """The visitor's network once it stopped changing, else the shared default (and whether it is that)."""
    if lab.run is not None and lab.run.model is not None:
        return lab.run, False
    return cache.mnist_default_run(device.kind, data.name), True


def about(run: MnistRun, is_default: bool) -> None:
    if is_default:
        busy = lab.run is not None and lab.run.training
        st.info(("Your network is still training; meanwhile this" if busy else "This") + " tab uses a default "
                f"network ({run.model_cfg.describe(data.side, data.classes)}, one epoch on {run.train_images:,} "
                f"images, test accuracy {run.result.test_acc:.1%}). Train your own in the **Train** tab.",
                icon=":material/info:")
    else:
        st.caption(f"Your network: {run.model_cfg.describe(data.side, data.classes)} · {run.origin} · "
                   f"test accuracy {run.result.test_acc:.2%}")


def controls() -> tuple[ModelConfig, TrainConfig, int]:
    left, mid, right = st.columns(3)
    with left:
        kind = st.segmented_control("Network", ["mlp", "cnn"], default="mlp", required=True, key="mnist_kind",
                                    format_func=str.upper, bind="query-params")
        mlp = kind == "mlp"
        depth = st.slider("Hidden layers", 1, 3, 1, key="mnist_depth", bind="query-params", disabled=not mlp)
        widths = [w for w in (16, 32, 64, 128, 256, 512, 1024) if w <= limits.max_hidden_width]
        width = st.select_slider("Neurons per hidden layer", widths, 128, key="mnist_width",
                                 bind="query-params", disabled=not mlp)
        shape = st.segmented_control("Layer widths", ["equal", "halving"], default="equal", required=True,
                                     key="mnist_shape", bind="query-params", disabled=not mlp or depth == 1,
                                     help="halving: each hidden layer has half the neurons of the one before")
        activation = st.selectbox("Activation", list(ACTIVATIONS), key="mnist_act", bind="query-params",
                                  disabled=not mlp)
    with mid:
        optimizer = st.selectbox("Optimizer", OPTIMIZERS, key="mnist_opt", bind="query-params")
        lr = st.select_slider("Learning rate", [1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 10.0],
                              1e-3, key="mnist_lr", bind="query-params")
        batch = st.select_slider("Batch size", [8, 16, 32, 64, 128, 256, 512, 1024], 64, key="mnist_batch",
                                 bind="query-params")
        init = st.selectbox("Initialisation", INITS, key="mnist_init", bind="query-params", disabled=not mlp,
                            help="PyTorch's default, Xavier (for tanh/sigmoid), He (for ReLU), or tiny N(0, 0.01²)")
    with right:
        epochs = st.slider("Epochs", 1, limits.max_epochs, min(3, limits.max_epochs), key="mnist_epochs",
                           bind="query-params")
        sizes = [n for n in (1000, 5000, 10_000, 20_000, 55_000) if n <= limits.max_train_images]
        images = st.select_slider("Training images", sizes, sizes[-1], key="mnist_images", bind="query-params")
        seed = st.slider("Seed", 0, 100, 0, key="mnist_seed", bind="query-params")
    with st.expander("Regularisation and safety nets", icon=":material/tune:"):
        c1, c2, c3, c4, c5 = st.columns(5)
        dropout = c1.select_slider("Dropout", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7], 0.0, key="mnist_dropout",
                                   bind="query-params", disabled=not mlp)
        batch_norm = c2.toggle("Batch norm", False, key="mnist_bn", bind="query-params", disabled=not mlp)
        decay = c3.select_slider("Weight decay", [0.0, 1e-4, 1e-3, 1e-2, 3e-2], 0.0, key="mnist_wd",
                                 bind="query-params")
        clip = c4.select_slider("Gradient clipping (max norm)", [0.0, 0.5, 1.0, 5.0], 0.0, key="mnist_clip",
                                bind="query-params", help="0 = off")
        patience = c5.slider("Early stopping patience", 0, 5, 0, key="mnist_patience", bind="query-params",
                             help="epochs without a better validation loss; 0 = off")
    hidden = tuple(max(8, width // 2 ** i) if shape == "halving" else width for i in range(depth))
    model_cfg = ModelConfig(kind=kind, hidden=hidden, activation=activation, dropout=dropout,
                            batch_norm=batch_norm, init=init)
    train_cfg = TrainConfig(optimizer=optimizer, lr=lr, batch_size=batch, epochs=epochs, seed=int(seed),
                            weight_decay=decay, grad_clip=clip, patience=patience)
    return model_cfg, train_cfg, images


def show_diagnosis(run: MnistRun) -> None:
    job, result = run.job, run.result
    curve = result.curve if result else (job.progress.curve if job and job.progress else [])
    steps = result.steps if result else (job.progress.step if job and job.progress else 0)
    status = result.status if result else "training"
    d = pitfalls.diagnose(curve, status, steps, run.model_cfg, run.train_cfg, result.epoch_ends if result else None)
    if d:
        st.warning(f"**{d.title}.** {d.evidence} {d.advice}", icon=d.icon)


def train_tab() -> None:
    model_cfg, train_cfg, images = controls()
    run = lab.run
    busy = run is not None and run.training
    st.caption(f"{model_cfg.describe(data.side, data.classes)} · {train_cfg.optimizer} lr {train_cfg.lr:g} · "
               f"batch {train_cfg.batch_size} · {train_cfg.epochs} epoch(s) on "
               f"{min(images, len(data.train_y)):,} {data.name} images")
    row = st.container(horizontal=True)
    if row.button("Train", type="primary", icon=":material/play_arrow:", disabled=busy, key="mnist_train"):
        lab.run = run = start_run(model_cfg, train_cfg, data.subset(images, train_cfg.seed), device.name,
                                  cache.training_gate())
        busy = True
    if row.button("Stop", icon=":material/stop:", disabled=not busy, key="mnist_stop"):
        run.job.stop()
    if row.button("Reset", icon=":material/restart_alt:", disabled=run is None, key="mnist_reset"):
        if run.job:
            run.job.stop()
        lab.run = None
        st.rerun()
    if busy and (run.model_cfg, run.train_cfg) != (model_cfg, train_cfg):
        st.caption("Training goes on with the settings it started with; your changes apply to the next run.")
    st.latex(r"\mathcal{L} = -\frac{1}{B}\sum_{i=1}^{B} \log \operatorname{softmax}(z_i)_{y_i}"
             r"\qquad \theta \leftarrow \theta - \eta\, \nabla_\theta \mathcal{L}")

    @st.fragment(run_every=TICK_S if busy else None)
    def live_view():
        """Redrawn every second while training; hands over to a full rerun when it ends."""
        job = run.job
        if busy and not job.active:
            st.rerun()
        if job.state == "queued":
            st.info(f"Waiting for a free trainer: you are number {job.queue_position} in the queue.",
                    icon=":material/hourglass_top:")
        p = job.progress
        if p is None:
            return
        last = p.curve[-1]
        eta = f" · about {p.eta_s:.0f} s left" if busy else ""
        st.progress(min(p.fraction, 1.0), text=f"step {p.step:,} of {p.total_steps:,}{eta}")
        cols = st.columns(4)
        cols[0].metric("Epoch", f"{last.epoch:.2f}")
        cols[1].metric("Validation accuracy", f"{last.val_acc:.2%}")
        cols[2].metric("Images per second", f"{last.examples_per_s:,.0f}")
        cols[3].metric("Learning rate", f"{last.lr:g}")
        st.plotly_chart(mf.live_curves(p.curve), key="mnist_curves")
        if busy:
            show_diagnosis(run)
        if run.gallery is not None:  # one live fragment: two on different timers raced the final rerun
            st.markdown(f"**Test predictions after epoch {run.gallery.epoch}** (top 3 probabilities; green = right, "
                        "red = wrong)")
            st.plotly_chart(mf.gallery_figure(run.gallery), key="mnist_gallery")

    if run is None:
        st.info("Choose the settings above and press **Train**. The tutorial's network (MLP 784-128-10, ReLU, "
                "Adam 0.001, batch 64) reaches about 97% test accuracy in 3 epochs.", icon=":material/school:")
        return
    if run.job is None:
        st.success(f"{run.result.message} Test accuracy {run.result.test_acc:.2%}. Its insides, evaluation and "
                   "predictions are in the other tabs.", icon=":material/upload_file:")
        return
    live_view()
    result, job = run.result, run.job
    if job.state == "failed":
        st.error(job.error, icon=":material/error:")
    elif result is not None:
        if result.status == "diverged":
            st.error(result.message, icon=":material/warning:")
        else:
            (st.success if result.status == "finished" else st.warning)(result.message)
            cols = st.columns(4)
            cols[0].metric("Test accuracy", f"{result.test_acc:.2%}")
            cols[1].metric("Parameters", f"{run.parameters:,}")
            cols[2].metric("Training time", f"{result.seconds:.1f} s")
            cols[3].metric("Steps", f"{result.steps:,}")
            st.caption(f"Trained on {run.device_name}.")
        show_diagnosis(run)
    st.markdown("**Takeaway:** a plain two-layer network already reads handwriting at about 97–98%; "
                "the learning rate decides whether it learns at all.")


def inside_tab() -> None:
    run, is_default = shown_run()
    live = bool(lab.run is not None and lab.run.training and lab.run.snapshots)
    about(run, is_default)
    st.subheader("Weight and gradient histograms, epoch by epoch" + (" (your network, live)" if live else ""))
    st.markdown("Like TensorBoard's histograms: each ridge is one epoch. Healthy training spreads the weights "
                "slowly; gradients that shrink to a spike at zero mean the layer has stopped learning.")

    @st.fragment(run_every=GALLERY_TICK_S if live else None)
    def histograms():
        """While your network trains, a new ridge appears after each epoch."""
        if live and not lab.run.training:
            st.rerun()  # it finished: redraw the whole tab with the finished network
        snaps = lab.run.snapshots if live else run.snapshots
        layers = [h.layer for h in snaps[0].layers]
        layer = st.selectbox("Layer", range(len(layers)), format_func=layers.__getitem__,
                             key=f"mnist_layer_{len(layers)}")
        last = snaps[-1].epoch
        epoch = st.slider("Epoch", 0, max(last, 1), last, key=f"mnist_hist_epoch_{len(snaps)}", disabled=last == 0)
        st.plotly_chart(mf.histogram_ridges(snaps, min(layer, len(layers) - 1), epoch), key="mnist_hist")
        st.plotly_chart(mf.gradient_norms(snaps), key="mnist_gnorm")

    histograms()

    model = run.model
    if run.model_cfg.kind == "cnn":
        st.subheader("The CNN's first filters")
        st.markdown("Each 3×3 filter slides over the image; red weights reward ink, blue ones punish it, "
                    "so most become small edge and stroke detectors.")
    else:
        st.subheader("What the first layer's neurons look for")
        st.markdown("A hidden neuron's 784 input weights, laid back out as a 28×28 picture: red pixels push "
                    "it up when inked, blue ones push it down.")
    w = inspect_model.first_layer_weights(model, data.side)
    st.plotly_chart(mf.weight_images(w, [f"#{i}" for i in range(len(w))]), key="mnist_weights")

    st.subheader("Hidden activations for one digit")
    idx = st.number_input("Test image", 0, len(data.test_y) - 1, 0, key="mnist_act_idx")
    x = data.test_x[int(idx):int(idx) + 1]
    c1, c2 = st.columns([1, 3])
    c1.plotly_chart(figures.image_grid(inspect_model.pixels(x, data.mean, data.std),
                                       [f"digit {int(data.test_y[int(idx)])}"], cols=1, height_per_row=220),
                    key="mnist_act_img")
    with c2:
        for i, (name, act) in enumerate(inspect_model.hidden_activations(model, x)):
            st.plotly_chart(mf.activation_figure(name, act), key=f"mnist_act_{i}")
    st.markdown("**Takeaway:** the network is not a black box: its weights are pictures and its hidden layer a "
                "handful of detectors, only some of which fire for any one digit.")


def evaluation_tab() -> None:
    run, is_default = shown_run()
    about(run, is_default)
    st.subheader("Confusion matrix (test set)")
    st.plotly_chart(figures.confusion_heatmap(run.confusion), key="mnist_cm")
    st.caption("Rows are the true digit, columns the prediction: everything off the diagonal is a mistake.")
    st.subheader("Per-class precision and recall")
    st.latex(r"\text{precision}_k = \frac{TP_k}{TP_k + FP_k} \qquad \text{recall}_k = \frac{TP_k}{TP_k + FN_k}")
    precision, recall = (t.numpy() for t in precision_recall(torch.as_tensor(run.confusion)))
    st.plotly_chart(mf.precision_recall_figure(precision, recall), key="mnist_pr")
    worst = int(np.argmin(recall))
    st.caption(f"Hardest digit to find: **{worst}** (recall {recall[worst]:.1%}). Precision asks 'when it says k, "
               "is it k?'; recall asks 'of all the k's, how many did it find?'.")
    st.subheader("The mistakes it was surest of")
    if run.mistakes is not None and len(run.mistakes.labels):
        st.plotly_chart(mf.gallery_figure(run.mistakes), key="mnist_mistakes")
        st.caption("Some are sloppy digits a human would also hesitate over; some are mislabelled in MNIST itself.")
    st.subheader("Saliency: which pixels decided?")
    st.latex(r"S_{ij} = \left|\frac{\partial z_{\hat y}}{\partial x_{ij}}\right|")
    idx = st.number_input("Test image", 0, len(data.test_y) - 1, 0, key="mnist_sal_idx")
    x = data.test_x[int(idx):int(idx) + 1]
    sal, target = inspect_model.saliency(run.model, x)
    st.plotly_chart(mf.saliency_figure(inspect_model.pixels(x, data.mean, data.std)[0], sal, target),
                    key="mnist_sal")
    st.caption(f"True digit {int(data.test_y[int(idx)])}, predicted {target}. Bright pixels are those whose "
               "change would move the winning score most.")
    st.markdown("**Takeaway:** one accuracy number hides which digits fail, how confidently, and why.")


def start_lab(preset: pitfalls.Preset, fix: pitfalls.Fix | None) -> None:
    gate = cache.training_gate()
    if lab.preset != preset.key or lab.broken is None or lab.broken.job is None or lab.broken.job.state == "failed":
        lab.preset, lab.broken = preset.key, start_pitfall(preset, None, data, device.name, gate)
        lab.fix, lab.fixed = "", None
    if fix is not None:
        lab.fix, lab.fixed = fix.key, start_pitfall(preset, fix, data, device.name, gate)


def lab_column(title: str, run: MnistRun | None) -> None:
    st.markdown(f"**{title}**")
    if run is None:
        st.caption("Not run yet.")
        return
    job, result = run.job, run.result
    if job.state == "queued":
        st.info(f"Queued (number {job.queue_position}).", icon=":material/hourglass_top:")
    elif job.state == "failed":
        st.error(job.error, icon=":material/error:")
    elif result is None and job.progress:
        st.progress(min(job.progress.fraction, 1.0), text=f"epoch {job.progress.curve[-1].epoch:.1f}")
    show_diagnosis(run)
    if result is not None:
        if pitfalls.diagnose(result.curve, result.status, result.steps, run.model_cfg, run.train_cfg,
                             result.epoch_ends) is None:
            st.success(f"No pitfall detected. {result.message}", icon=":material/check_circle:")
        cols = st.columns(3)
        cols[0].metric("Test accuracy", "—" if result.status == "diverged" else f"{result.test_acc:.1%}")
        final = result.curve[-1].val_loss if result.curve else float("nan")
        cols[1].metric("Val. loss", f"{final:.3g}" if np.isfinite(final) else "—", help="validation loss at the end")
        rise = pitfalls.val_loss_rise(result.curve, result.epoch_ends)
        cols[2].metric("Above best", "—" if rise != rise else f"{rise:+.0%}",
                       help="how far the final validation loss sits above its best epoch")


def pitfall_tab() -> None:
    st.markdown("Three ways training goes wrong, reproduced on purpose. Each run is watched by a detector that "
                "names the pitfall from the curves; each fix changes one setting and trains beside the broken run.")
    key = st.segmented_control("Pitfall", list(pitfalls.PRESETS), default="nan", required=True,
                               format_func=lambda k: pitfalls.PRESETS[k].title, key="mnist_pitfall",
                               bind="query-params")
    preset = pitfalls.PRESETS[key]
    st.markdown(preset.story)
    if data.name != "MNIST":
        st.caption("The presets are tuned for real MNIST; on the small fallback digits they may not go wrong.")
    st.caption(f"{preset.model.describe(data.side, data.classes)} · init {preset.model.init} · "
               f"{preset.train.optimizer} lr {preset.train.lr:g} · {preset.train.epochs} epochs on "
               f"{preset.images:,} images")
    busy = any(r is not None and r.training for r in (lab.broken, lab.fixed))
    row = st.container(horizontal=True)
    if row.button("Run it broken", icon=":material/bug_report:", key="mnist_pit_run", disabled=busy):
        start_lab(preset, None)
        busy = True
    for fix in preset.fixes:
        if row.button(f"Fix: {fix.label}", icon=":material/build:", key=f"mnist_fix_{fix.key}", disabled=busy,
                      help=fix.why):
            start_lab(preset, fix)
            busy = True

    @st.fragment(run_every=TICK_S if busy else None)
    def lab_view():
        if busy and not any(r is not None and r.training for r in (lab.broken, lab.fixed)):
            st.rerun()
        if lab.preset != preset.key or lab.broken is None:
            st.info("Press **Run it broken**, or go straight to a fix: the broken run trains beside it.",
                    icon=":material/science:")
            return
        fix = next((f for f in preset.fixes if f.key == lab.fix), None)
        left, right = st.columns(2)
        with left:
            lab_column("As it is (broken)", lab.broken)
        with right:
            lab_column(f"With the fix: {fix.label}" if fix else "With a fix", lab.fixed)
            if fix:
                st.caption(fix.why)
        runs = [("broken", lab.broken, mf.WRONG), ("fixed", lab.fixed, mf.RIGHT)]
        curves = [(name, r.result.curve if r.result else r.job.progress.curve, color) for name, r, color in runs
                  if r is not None and (r.result or (r.job and r.job.progress))]
        if curves:
            st.plotly_chart(mf.compare_curves(curves), key="mnist_pit_curves")

    lab_view()
    st.markdown("**Takeaway:** NaN means steps too big, a flat loss means the signal is not getting through, "
                "and a rising validation loss means memorising; each has a standard one-line fix.")


def draw_tab() -> None:
    run, is_default = shown_run()
    about(run, is_default)
    st.markdown("Draw a digit, or upload a picture of one. It is turned into an MNIST-style 28×28 input the way "
                "MNIST itself was made, and the network reads it.")
    left, right = st.columns([1, 1])
    rgba, source = None, None
    with left:
        st.caption("Draw here with the mouse (the toolbar undoes or clears).")
        st.space("small")  # room for the canvas's floating toolbar
        try:
            from streamlit_drawable_canvas import st_canvas

            drawn = st_canvas(stroke_width=18, stroke_color="#000000", background_color="#ffffff", width=280,
                              height=280, drawing_mode="freedraw", return_image_data=True, key="mnist_canvas")
            if drawn.image_data is not None and drawn.json_data and drawn.json_data.get("objects"):
                rgba, source = canvas.from_array(drawn.image_data), "canvas"
        except Exception as err:  # the component could not load: uploads still work
            st.warning(f"The drawing canvas is unavailable here ({type(err).__name__}); upload a picture instead.",
                       icon=":material/draw:")
        upload = st.file_uploader("…or upload a picture", key="mnist_upload", max_upload_size=5,
                                  help="Any picture: PNG, JPEG, GIF, BMP, WebP…")
        if upload is not None:
            try:
                rgba, source = canvas.read_image(upload.getvalue()), f"upload {upload.name}"
            except canvas.ImageError as err:
                st.error(str(err), icon=":material/broken_image:")
    with right:
        if rgba is None:
            st.info("Draw a digit on the white square (hold the mouse button), or upload a picture.",
                    icon=":material/gesture:")
            return
        start = time.perf_counter()
        try:
            prep = canvas.preprocess(rgba, data.side)
        except canvas.ImageError as err:
            st.warning(str(err), icon=":material/gesture:")
            return
        probs = predict_proba(run.model, canvas.to_input(prep.image, data.mean, data.std).to(device.kind))[0]
        probs = probs.cpu().numpy()
        ms = (time.perf_counter() - start) * 1000
        best = int(probs.argmax())
        st.metric("Prediction", f"{best}", f"{probs[best]:.0%} sure", delta_color="off", delta_arrow="off")
        st.plotly_chart(mf.probability_bars(probs), key="mnist_probs")
        st.caption(f"From the {source}: preprocessing and prediction took {ms:.0f} ms.")
    st.markdown("**How the picture became an input**")
    st.plotly_chart(mf.steps_figure(prep.steps), key="mnist_steps")
    st.markdown("**Takeaway:** the network only knows MNIST's conventions; a drawing becomes readable once it is "
                "inverted, cropped, scaled and centred the same way.")


def scratch_tab() -> None:
    st.markdown("The same MLP written twice: once with PyTorch's autograd and optimiser, once in plain NumPy "
                "with the backward pass typed out by hand. Both start from the very same weights and see the "
                "same mini-batches, so their losses must match step for step.")
    st.latex(r"\delta^{(L)} = \tfrac{1}{B}\big(\operatorname{softmax}(z^{(L)}) - \text{onehot}(y)\big)")
    st.latex(r"\frac{\partial\mathcal L}{\partial W^{(l)}} = \delta^{(l)\top} a^{(l-1)} \qquad "
             r"\delta^{(l-1)} = \delta^{(l)} W^{(l)} \odot \sigma'(z^{(l-1)})")
    c1, c2, c3, c4 = st.columns(4)
    width = c1.select_slider("Hidden neurons", [32, 64, 128, 256], 128, key="mnist_np_width", bind="query-params")
    act = c2.selectbox("Activation", SCRATCH_ACTIVATIONS, key="mnist_np_act", bind="query-params")
    lr = c3.select_slider("Learning rate (SGD)", [0.01, 0.03, 0.1, 0.3], 0.1, key="mnist_np_lr", bind="query-params")
    images = c4.select_slider("Training images (one epoch)", [2000, 5000, 10_000], 5000, key="mnist_np_images",
                              bind="query-params")
    cfg = ScratchConfig(hidden=(width,), activation=act, lr=lr, images=images)
    if st.button("Train both", type="primary", icon=":material/play_arrow:", key="mnist_np_run"):
        lab.scratch = cfg
    if lab.scratch != cfg:
        st.info("Press **Train both** to race them.", icon=":material/compare_arrows:")
        return
    c = cache.mnist_scratch(cfg, device.kind, data.name)
    cols = st.columns(5)
    cols[0].metric("Largest loss gap", f"{c.max_loss_gap:.1e}")
    cols[1].metric("Largest weight gap", f"{c.max_weight_gap:.1e}")
    cols[2].metric("Test accuracy (both)", f"{c.torch_acc:.2%}" if c.torch_acc == c.numpy_acc
                   else f"{c.torch_acc:.2%} / {c.numpy_acc:.2%}")
    faster = "PyTorch" if c.speedup >= 1 else "NumPy"
    cols[3].metric("PyTorch time", f"{c.torch_seconds:.2f} s", f"{faster} {max(c.speedup, 1 / c.speedup):.1f}× "
                   "faster", delta_color="off", delta_arrow="off")
    cols[4].metric("NumPy time", f"{c.numpy_seconds:.2f} s")
    st.plotly_chart(mf.scratch_figure(c.torch_losses, c.numpy_losses), key="mnist_np_fig")
    st.caption(f"{len(c.torch_losses)} steps; PyTorch ran on {c.device}. On a CPU a small MLP is mostly matrix "
               "products that both hand to the same kind of BLAS library, so NumPy keeps up; on a GPU, and for "
               "bigger networks, PyTorch pulls ahead, and it spares you writing the backward pass.")
    st.markdown("**Takeaway:** backpropagation is the chain rule written out once per layer; autograd writes it "
                "for you, it does not change the maths.")


def keep_tab() -> None:
    run = lab.run
    st.subheader("Download your network")
    if run is None or run.model is None:
        st.info("Train a network first (or wait until training ends); then its weights, settings and metrics can "
                "be downloaded here.", icon=":material/download:")
    else:
        result = run.result
        info = model_io.run_info(run.model_cfg, run.train_cfg, data.name, data.side, data.classes, data.mean,
                                 data.std, {"test_acc": result.test_acc, "test_loss": result.test_loss,
                                            "status": result.status, "seconds": result.seconds})
        c1, c2, c3 = st.columns(3)
        c1.download_button("Weights (.safetensors)", model_io.to_safetensors(run.model, info),
                           "mnist_model.safetensors", "application/octet-stream", key="mnist_dl_weights",
                           icon=":material/download:", on_click="ignore")
        c2.download_button("Settings (.json)", model_io.to_json(info), "mnist_config.json", "application/json",
                           key="mnist_dl_config", icon=":material/settings:", on_click="ignore")
        c3.download_button("Metrics (.csv)", model_io.to_csv(result.curve), "mnist_metrics.csv", "text/csv",
                           key="mnist_dl_metrics", icon=":material/table:", on_click="ignore",
                           disabled=not result.curve)
        st.caption(f"{run.model_cfg.describe(data.side, data.classes)} · {run.parameters:,} parameters · "
                   f"test accuracy {result.test_acc:.2%}. The settings are also stored inside the .safetensors "
                   "file, so that file alone can be loaded back.")
    st.subheader("Load a saved network")
    st.markdown("Weights only: a **.safetensors** file is plain numbers and cannot run code. A **.pt** file is a "
                "Python pickle, which can; it is opened with `torch.load(weights_only=True)`, which accepts "
                "tensors and refuses anything else before it runs.")
    c1, c2 = st.columns(2)
    weights = c1.file_uploader("Weights (.safetensors or .pt)", key="mnist_model_file",
                               max_upload_size=model_io.MAX_MODEL_BYTES // (1024 * 1024))
    settings = c2.file_uploader("Settings (.json, optional)", key="mnist_config_file", max_upload_size=1)
    if st.button("Load", icon=":material/upload:", key="mnist_load", disabled=weights is None):
        if run is not None and run.training:
            st.warning("A network is training: stop it first, then load.", icon=":material/hourglass_top:")
            return
        try:
            loaded = model_io.load_model(weights.getvalue(), settings.getvalue() if settings else None,
                                         data.side, data.classes, device.kind)
        except model_io.ModelFileError as err:
            st.error(str(err), icon=":material/block:")
            return
        lab.run = loaded_run(loaded, data, device.name, weights.name)
        for note in loaded.notes:
            st.info(note, icon=":material/info:")
        st.success(f"Loaded {loaded.model_cfg.describe(data.side, data.classes)}: test accuracy "
                   f"{lab.run.result.test_acc:.2%}. Every tab now uses it.", icon=":material/check_circle:")
    st.markdown("**Takeaway:** a trained network is just its weights plus the recipe to rebuild it; share the "
                "weights in a format that cannot carry code.")


with ui.shared_settings("mnist_"):
    tabs = st.tabs(TABS, key="mnist_tab", bind="query-params")
    for tab, draw in zip(tabs, (train_tab, inside_tab, evaluation_tab, pitfall_tab, draw_tab, scratch_tab,
                                keep_tab), strict=True):
        with tab:
            if tab.open is not False:
                draw()
