"""Pitfall lab: the learner breaks training on purpose, sees the detector name it, and trains the fix beside it."""
import numpy as np
import streamlit as st

import ui
from core import palette
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import pitfalls
from core.mnist.lab import MnistLab, MnistRun, nan_step, start_pitfall
from lessons.mnist import cache
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
               f"{preset.train.optimizer} lr {preset.train.lr:g} · batch {preset.train.batch_size} · "
               f"{preset.train.epochs} epochs on "
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
        if lab.preset != preset.key or lab.broken is None:  # not run yet: the shared default runs
            broken, fixed = cache.default_pitfall(preset.key, device.kind, data.name)
            compare(broken, fixed, preset.fixes[0], key="mnist_pit_curves", default=True)
            return
        compare(lab.broken, lab.fixed, next((f for f in preset.fixes if f.key == lab.fix), None),
                key="mnist_pit_curves")

    lab_view()
    take_home(preset)


def take_home(preset: pitfalls.Preset) -> None:
    """The broken setup or one of its fixes as a standalone script: run it and see the same pitfall at home."""
    from core.mnist.export import pitfall_script

    st.markdown("**Take it home**")
    which = st.selectbox("Script of", [None, *preset.fixes], key=f"mnist_pit_export_{preset.key}",
                         format_func=lambda f: "the broken setup, as it is" if f is None else f"the fix: {f.label}")
    ui.export(pitfall_script(preset, which), key="mnist_export_pitfall")


def compare(broken: MnistRun, fixed: MnistRun | None, fix: pitfalls.Fix | None, key: str,
            default: bool = False) -> None:
    """The broken run and its fix side by side, their curves on shared axes, and what the numbers say.

    `default`: these are the shared default runs, labelled as such under the chart.
    """
    left, right = st.columns(2)
    with left:
        lab_column("As it is (broken)", broken)
    with right:
        lab_column(f"With the fix: {fix.label}" if fix else "With a fix", fixed)
        if fix:
            st.caption(fix.why)
    curves = [c for c in (run_curve("broken", broken, palette.WRONG), run_curve("fixed", fixed, palette.RIGHT)) if c]
    if curves:
        ui.chart(mf.compare_curves(curves), key=key, caption=curves_caption(curves),
                 table=curves_table(curves))
    if default:
        ui.default_note("Run it broken")
    seen = ""
    if broken.result is not None:
        seen = (verdict("As it is,", broken) + (f"; with {fix.label.lower()}, " + verdict("", fixed)
                                               if fix and fixed and fixed.result else "") + ". ")
    st.markdown(f"**Takeaway:** {seen}NaN means steps too big, a flat loss means the signal is not getting "
                "through, and a rising validation loss means memorising; each has a standard one-line fix.")


def curves_caption(curves: list[mf.RunCurve]) -> str:
    """The comparison chart in words: which line is which, and how each run ended."""
    ends = []
    for c in curves:
        if c.broke_at is not None:
            ends.append(f"the {c.name} run's loss became NaN at step {c.broke_step} (the vermillion ✗)")
        elif c.curve:
            last = c.curve[-1]
            ends.append(f"the {c.name} run ends at training loss {last.train_loss:.3g}, validation loss "
                        f"{last.val_loss:.3g}")
    return ("Training solid, validation dashed; orange is the broken run, blue the fixed one. "
            + "; ".join(ends).capitalize() + ".")


def curves_table(curves: list[mf.RunCurve]):
    """Each run's curve at up to 20 points, for "Show as table"."""
    import pandas as pd

    rows = []
    for c in curves:
        step = max(1, -(-len(c.curve) // 20))
        rows += [{"run": c.name, "epoch": round(p.epoch, 3), "training loss": p.train_loss,
                  "validation loss": p.val_loss, "validation accuracy": p.val_acc} for p in c.curve[::step]]
    return pd.DataFrame(rows)


def verdict(prefix: str, run: MnistRun) -> str:
    """What the detector and the test set say about a finished run, in a few words."""
    result = run.result
    d = pitfalls.diagnose(result.curve, result.status, result.steps, run.model_cfg, run.train_cfg, result.epoch_ends)
    said = d.title[0].lower() + d.title[1:] if d else "no pitfall is detected"
    acc = "no test accuracy" if result.status == "diverged" else f"test accuracy {result.test_acc:.1%}"
    return f"{prefix + ' ' if prefix else ''}{said} ({acc})"


def run_curve(name: str, run: MnistRun | None, color: str) -> mf.RunCurve | None:
    """A run's curve so far for `compare_curves`, with where it broke."""
    if run is None:
        return None
    curve = run.result.curve if run.result else (run.job.progress.curve if run.job and run.job.progress else None)
    if curve is None:
        return None
    broke = nan_step(run)
    return mf.RunCurve(name, curve, color, *(broke or (None, 0)))


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
    if job is not None and job.state == "queued":
        st.info(f"Queued (number {job.queue_position}).", icon=":material/hourglass_top:")
    elif job is not None and job.state == "failed":
        st.error(job.error, icon=":material/error:")
    elif job is not None and result is None and job.progress:
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
