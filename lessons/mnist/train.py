"""Train: the learner picks a network and a recipe, trains it live and watches the curves."""
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.hosting import Limits
from core.mnist import figures as mf
from core.mnist import pictures, words
from core.mnist.challenges import RESULT, train_result
from core.mnist.lab import MnistLab, MnistRun, start_run
from core.models import ModelConfig
from core.train import TrainConfig
from lessons.mnist import cache, runs
from lessons.mnist.common import TICK_S, show_diagnosis
from lessons.mnist.train_settings import controls


def show(lab: MnistLab, data: Dataset, device: DeviceInfo, limits: Limits) -> None:
    model_cfg, train_cfg, images = controls(limits)
    st.caption(f"{model_cfg.describe(data.side, data.classes)} · {train_cfg.optimizer} lr {train_cfg.lr:g} · "
               f"batch {train_cfg.batch_size} · {train_cfg.epochs} epoch(s) on "
               f"{min(images, len(data.train_y)):,} {data.name} images")
    run = buttons(lab, model_cfg, train_cfg, lambda: data.subset(images, train_cfg.seed), device)
    take_home(model_cfg, train_cfg, min(images, len(data.train_y)), data)
    st.latex(r"\mathcal{L} = -\frac{1}{B}\sum_{i=1}^{B} \log \operatorname{softmax}(z_i)_{y_i}")
    st.latex(r"\theta \leftarrow \theta - \eta\, \nabla_\theta \mathcal{L}")
    if run is None:
        st.info("Choose the settings above and press **Train**: your network's curves and predictions grow here "
                "live. Until then, this is the default network's run.", icon=":material/school:")
        default_result(cache.default_run(device.kind, data.name), data)
        return
    if run.job is None:
        st.success(f"{run.result.message} Test accuracy {run.result.test_acc:.2%}. Its insides, evaluation and "
                   "predictions are in the other tabs.", icon=":material/upload_file:")
        return
    busy = run.training
    st.fragment(live_view, run_every=TICK_S if busy else None)(run, busy)
    outcome(run)
    if run.result is not None and run.result.status != "diverged":
        st.markdown(f"**Takeaway:** your network reads **{run.result.test_acc:.1%}** of the "
                    f"{len(data.test_y):,} test digits right after {run.result.steps:,} steps. Compare it with the "
                    "default (Reset shows it again), and see in the Pitfall lab what a wrong learning rate does.")


def take_home(model_cfg: ModelConfig, train_cfg: TrainConfig, images: int, data: Dataset) -> None:
    """These settings as a standalone PyTorch script and notebook, whether or not they have been run."""
    from core.mnist.export import script

    if data.name != "MNIST":
        st.caption("The script and notebook download real MNIST; they are offered once this server has it too.")
        return
    try:
        ui.export(script(model_cfg, train_cfg, images), key="mnist_export_train")
    except ValueError as err:  # settings no script should hold (only a tampered link gets here)
        st.caption(f"No script for these settings: {err}.")


def default_result(run: MnistRun, data: Dataset) -> None:
    """The shared default network's curves, numbers and test predictions, labelled as the default."""
    result = run.result
    st.markdown(f"**Default network:** {run.model_cfg.describe(data.side, data.classes)}, "
                f"{run.train_cfg.optimizer.capitalize()} {run.train_cfg.lr:g}, batch {run.train_cfg.batch_size}, "
                f"{run.train_cfg.epochs} epoch on {run.train_images:,} {data.name} images")
    cols = st.columns(4)
    cols[0].metric("Test accuracy", f"{result.test_acc:.2%}")
    cols[1].metric("Parameters", f"{run.parameters:,}")
    cols[2].metric("Validation accuracy", f"{result.curve[-1].val_acc:.2%}" if result.curve else "—")
    cols[3].metric("Steps", f"{result.steps:,}")
    curves(run, result.curve, result.epoch_ends)
    gallery(run)
    ui.default_note("Train")
    curve = result.curve
    wrong = f" ({int((~run.gallery.correct).sum())} of the {len(run.gallery.labels)} above are wrong)" \
        if run.gallery is not None else ""
    fell = f"the validation loss is down to {curve[-1].val_loss:.2f} (guessing scores ln 10 = 2.30) and " \
        if curve else ""
    st.markdown(f"**Takeaway:** after {result.steps:,} steps {fell}the network reads **{result.test_acc:.1%}** of "
                f"the {len(data.test_y):,} test digits right{wrong}: a plain two-layer network, no convolutions, "
                "already reads handwriting.")


def buttons(lab: MnistLab, model_cfg: ModelConfig, train_cfg: TrainConfig, training_data, device: DeviceInfo):
    """Train, Stop and Reset; returns the visitor's run (None before the first)."""
    run = lab.run
    busy = run is not None and run.training
    row = st.container(horizontal=True)
    if row.button("Train", type="primary", icon=":material/play_arrow:", disabled=busy, key="mnist_train"):
        lab.run = run = start_run(model_cfg, train_cfg, training_data(), device.name, ui.training_gate())
        runs.keep(run)  # every run of the visit is kept for the Runs tab
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
    curves(run, p.curve, run.result.epoch_ends if run.result else None)
    if busy:
        show_diagnosis(run)
    gallery(run)  # one live fragment: two on different timers raced the final rerun


def curves(run: MnistRun, curve, epoch_ends) -> None:
    ui.chart(mf.live_curves(curve, run.train_cfg.epochs), key="mnist_curves", caption=words.curves_caption(curve),
             table=words.curves_table(curve, epoch_ends))


def gallery(run: MnistRun) -> None:
    if run.gallery is not None:
        st.markdown(f"**Test predictions after epoch {run.gallery.epoch}** (top 3 probabilities; "
                    "✓ blue = right, ✗ orange = wrong)")
        ui.chart(pictures.gallery_figure(run.gallery), key="mnist_gallery",
                 caption=words.gallery_caption(run.gallery), table=words.gallery_table(run.gallery))


def record(run: MnistRun) -> None:
    """The run ended: what it achieved goes to the challenges and the assignment goal, once, computed from the
    run itself (the assignment box is filled after the page ran, so it shows it in this same run)."""
    from ui import challenges

    run.recorded = True
    challenges.record("mnist", RESULT, train_result(run.model_cfg, run.train_cfg, run.train_images, run.result,
                                                    run.parameters))


def outcome(run) -> None:
    """How the run ended: test accuracy and size, or why it failed, and the pitfall diagnosis."""
    result, job = run.result, run.job
    if result is not None and not run.recorded:
        record(run)
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
