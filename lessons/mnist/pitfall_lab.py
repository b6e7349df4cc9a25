"""Pitfall lab: the learner breaks training on purpose, sees the detector name it, and trains the fix beside it."""
import numpy as np
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import pitfalls
from core.mnist.lab import MnistLab, MnistRun, start_pitfall
from lessons.mnist.common import TICK_S, show_diagnosis


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    st.markdown("Three ways training goes wrong, reproduced on purpose. Each run is watched by a detector that "
                "names the pitfall from the curves; each fix changes one setting and trains beside the broken run.")
    key = ui.bound(st.segmented_control, "Pitfall", list(pitfalls.PRESETS), default="nan", required=True,
                   format_func=lambda k: pitfalls.PRESETS[k].title, key="mnist_pitfall")
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
        start_lab(lab, data, device, preset, None)
        busy = True
    for fix in preset.fixes:
        if row.button(f"Fix: {fix.label}", icon=":material/build:", key=f"mnist_fix_{fix.key}", disabled=busy,
                      help=fix.why):
            start_lab(lab, data, device, preset, fix)
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


def start_lab(lab: MnistLab, data: Dataset, device: DeviceInfo, preset: pitfalls.Preset,
              fix: pitfalls.Fix | None) -> None:
    gate = ui.training_gate()
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
