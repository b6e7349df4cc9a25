"""What several MNIST tabs share: the network they show, and the pitfall detector's verdict on a run."""
import streamlit as st

from core.data import Dataset
from core.mnist import pitfalls
from core.mnist.lab import MnistLab, MnistRun
from lessons.mnist import cache

TICK_S = 1.0  # live views redraw once a second: cheap next to the training itself


def shown_run(lab: MnistLab, data: Dataset, device_kind: str) -> MnistRun:
    """The visitor's network once it stopped changing, else the shared default, with a line saying which."""
    if lab.run is not None and lab.run.model is not None:
        run = lab.run
        st.caption(f"Your network: {run.model_cfg.describe(data.side, data.classes)} · {run.origin} · "
                   f"test accuracy {run.result.test_acc:.2%}")
        return run
    run = cache.default_run(device_kind, data.name)
    busy = lab.run is not None and lab.run.training
    st.info(("Your network is still training; meanwhile this" if busy else "This") + " tab uses a default "
            f"network ({run.model_cfg.describe(data.side, data.classes)}, one epoch on {run.train_images:,} "
            f"images, test accuracy {run.result.test_acc:.1%}). Train your own in the **Train** tab.",
            icon=":material/info:")
    return run


def show_diagnosis(run: MnistRun) -> None:
    job, result = run.job, run.result
    curve = result.curve if result else (job.progress.curve if job and job.progress else [])
    steps = result.steps if result else (job.progress.step if job and job.progress else 0)
    status = result.status if result else "training"
    d = pitfalls.diagnose(curve, status, steps, run.model_cfg, run.train_cfg, result.epoch_ends if result else None)
    if d:
        st.warning(f"**{d.title}.** {d.evidence} {d.advice}", icon=d.icon)
