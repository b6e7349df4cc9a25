"""Train: the learner picks a network and a recipe, trains it live and watches the curves."""
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.hosting import Limits
from core.mnist import figures as mf
from core.mnist.lab import MnistLab, start_run
from core.models import ACTIVATIONS, INITS, ModelConfig
from core.train import OPTIMIZERS, TrainConfig
from lessons.mnist.common import TICK_S, show_diagnosis


def show(lab: MnistLab, data: Dataset, device: DeviceInfo, limits: Limits) -> None:
    model_cfg, train_cfg, images = controls(limits)
    st.caption(f"{model_cfg.describe(data.side, data.classes)} · {train_cfg.optimizer} lr {train_cfg.lr:g} · "
               f"batch {train_cfg.batch_size} · {train_cfg.epochs} epoch(s) on "
               f"{min(images, len(data.train_y)):,} {data.name} images")
    run = buttons(lab, model_cfg, train_cfg, lambda: data.subset(images, train_cfg.seed), device)
    st.latex(r"\mathcal{L} = -\frac{1}{B}\sum_{i=1}^{B} \log \operatorname{softmax}(z_i)_{y_i}"
             r"\qquad \theta \leftarrow \theta - \eta\, \nabla_\theta \mathcal{L}")
    if run is None:
        st.info("Choose the settings above and press **Train**. The tutorial's network (MLP 784-128-10, ReLU, "
                "Adam 0.001, batch 64) reaches about 97% test accuracy in 3 epochs.", icon=":material/school:")
        return
    if run.job is None:
        st.success(f"{run.result.message} Test accuracy {run.result.test_acc:.2%}. Its insides, evaluation and "
                   "predictions are in the other tabs.", icon=":material/upload_file:")
        return
    busy = run.training
    st.fragment(live_view, run_every=TICK_S if busy else None)(run, busy)
    outcome(run)
    st.markdown("**Takeaway:** a plain two-layer network already reads handwriting at about 97–98%; "
                "the learning rate decides whether it learns at all.")


def buttons(lab: MnistLab, model_cfg: ModelConfig, train_cfg: TrainConfig, training_data, device: DeviceInfo):
    """Train, Stop and Reset; returns the visitor's run (None before the first)."""
    run = lab.run
    busy = run is not None and run.training
    row = st.container(horizontal=True)
    if row.button("Train", type="primary", icon=":material/play_arrow:", disabled=busy, key="mnist_train"):
        lab.run = run = start_run(model_cfg, train_cfg, training_data(), device.name, ui.training_gate())
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
    return run


def live_view(run, busy: bool) -> None:
    """Redrawn every second while training (as a fragment); hands over to a full rerun when it ends."""
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


def outcome(run) -> None:
    """How the run ended: test accuracy and size, or why it failed, and the pitfall diagnosis."""
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


def controls(limits: Limits) -> tuple[ModelConfig, TrainConfig, int]:
    """The network and the training recipe, as the visitor set them (and how many images)."""
    left, mid, right = st.columns(3)
    with left:
        kind = ui.bound(st.segmented_control, "Network", ["mlp", "cnn"], default="mlp", required=True, key="mnist_kind",
                        format_func=str.upper)
        mlp = kind == "mlp"
        depth = ui.bound(st.slider, "Hidden layers", 1, 3, 1, key="mnist_depth", disabled=not mlp)
        widths = [w for w in (16, 32, 64, 128, 256, 512, 1024) if w <= limits.max_hidden_width]
        width = ui.bound(st.select_slider, "Neurons per hidden layer", widths, 128, key="mnist_width", disabled=not mlp)
        shape = ui.bound(st.segmented_control, "Layer widths", ["equal", "halving"], default="equal", required=True,
                         key="mnist_shape", disabled=not mlp or depth == 1,
                         help="halving: each hidden layer has half the neurons of the one before")
        activation = ui.bound(st.selectbox, "Activation", list(ACTIVATIONS), key="mnist_act",
                              disabled=not mlp)
    with mid:
        optimizer = ui.bound(st.selectbox, "Optimizer", OPTIMIZERS, key="mnist_opt")
        lr = ui.bound(st.select_slider, "Learning rate",
                      [1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 10.0],
                      1e-3, key="mnist_lr")
        batch = ui.bound(st.select_slider, "Batch size", [8, 16, 32, 64, 128, 256, 512, 1024], 64, key="mnist_batch")
        init = ui.bound(st.selectbox, "Initialisation", INITS, key="mnist_init", disabled=not mlp,
                        help="PyTorch's default, Xavier (for tanh/sigmoid), He (for ReLU), or tiny N(0, 0.01²)")
    with right:
        epochs = ui.bound(st.slider, "Epochs", 1, limits.max_epochs, min(3, limits.max_epochs), key="mnist_epochs")
        sizes = [n for n in (1000, 5000, 10_000, 20_000, 55_000) if n <= limits.max_train_images]
        images = ui.bound(st.select_slider, "Training images", sizes, sizes[-1], key="mnist_images")
        seed = ui.bound(st.slider, "Seed", 0, 100, 0, key="mnist_seed")
    with st.expander("Regularisation and safety nets", icon=":material/tune:"):
        c1, c2, c3, c4, c5 = st.columns(5)
        dropout = ui.bound(c1.select_slider, "Dropout", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7], 0.0, key="mnist_dropout",
                           disabled=not mlp)
        batch_norm = ui.bound(c2.toggle, "Batch norm", False, key="mnist_bn", disabled=not mlp)
        decay = ui.bound(c3.select_slider, "Weight decay", [0.0, 1e-4, 1e-3, 1e-2, 3e-2], 0.0, key="mnist_wd")
        clip = ui.bound(c4.select_slider, "Gradient clipping (max norm)", [0.0, 0.5, 1.0, 5.0], 0.0,
                        key="mnist_clip", help="0 = off")
        patience = ui.bound(c5.slider, "Early stopping patience", 0, 5, 0, key="mnist_patience",
                            help="epochs without a better validation loss; 0 = off")
    hidden = tuple(max(8, width // 2 ** i) if shape == "halving" else width for i in range(depth))
    model_cfg = ModelConfig(kind=kind, hidden=hidden, activation=activation, dropout=dropout,
                            batch_norm=batch_norm, init=init)
    train_cfg = TrainConfig(optimizer=optimizer, lr=lr, batch_size=batch, epochs=epochs, seed=int(seed),
                            weight_decay=decay, grad_clip=clip, patience=patience)
    return model_cfg, train_cfg, images
