"""Runs: every network the learner trains on this visit is kept, compared with the others and taken to TensorBoard."""
import streamlit as st

import ui
from core import hosting
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import compare, tensorboard
from core.mnist.lab import MnistLab, MnistRun
from core.mnist.runs import RunBusy, RunHistory
from core.runs import dropped_note
from lessons.mnist.common import TICK_S

KEY = "mnist_runs"  # st.session_state: this visitor's RunHistory
MAX_COMPARED = 4


def history() -> RunHistory:
    """The visitor's kept runs (their own session: no other visitor sees them)."""
    return st.session_state.setdefault(KEY, RunHistory.for_host(hosting.limits().hosted))


def keep(run: MnistRun) -> None:
    """Where a run starts: keep it as the current run, and say so when a cap drops the oldest."""
    hist = history()
    dropped = hist.keep(run)
    if dropped:
        st.toast(f"{_dropped_note(hist, dropped)} See the **Runs** tab.", icon=":material/history:")


def _dropped_note(hist: RunHistory, dropped) -> str:
    note = dropped_note([k.name for k in dropped], hist.max_runs, hist.budget_bytes)
    st.session_state[f"{KEY}_note"] = note
    return note


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    hist = history()
    st.subheader("Your runs on this visit")
    st.markdown("A learning rate is understood by comparing two runs, not by looking at one. Every network you "
                f"train here is kept (up to {hist.max_runs}, oldest dropped first). Pick two to four to overlay "
                "their curves and line up their settings; take any of them back, or into TensorBoard.")
    if not hist.runs:
        st.info("No runs yet. Train a network in the **Train** tab, change one setting (say the learning rate) "
                "and train again; both runs then appear here.", icon=":material/history:")
        return
    busy = any(k.training for k in hist.runs)
    st.fragment(body, run_every=TICK_S if busy else None)(lab, data, busy)


def body(lab: MnistLab, data: Dataset, busy: bool) -> None:
    """Redrawn every second while a run trains; a full rerun when it ends, so every tab sees it."""
    hist = history()
    if busy and not any(k.training for k in hist.runs):
        st.rerun()
    dropped = hist.make_room()  # a training run grows: the budget may drop an older one now
    if dropped:
        _dropped_note(hist, dropped)
    if note := st.session_state.get(f"{KEY}_note"):
        st.caption(f":material/info: {note}")
    numbers = [k.number for k in hist.runs]
    picked = st.multiselect("Runs to compare", numbers, default=numbers[-1:], max_selections=MAX_COMPARED,
                            format_func=lambda n: f"{hist.get(n).name} ({hist.get(n).status})",
                            key=f"mnist_runs_pick_{'-'.join(map(str, numbers))}")
    chosen = [hist.get(n) for n in picked]
    table = compare.runs_table(hist.runs).iloc[::-1]  # newest first
    table.insert(0, "compared", ["●" if n in picked else "" for n in table["run"]])
    st.dataframe(table, hide_index=True, key="mnist_runs_table",
                 column_config={"learning rate": st.column_config.NumberColumn(format="%g"),
                                "test accuracy": st.column_config.NumberColumn(format="percent"),
                                "val accuracy": st.column_config.NumberColumn(format="percent"),
                                "seconds": st.column_config.NumberColumn(format="%.1f"),
                                "memory (MB)": st.column_config.NumberColumn(format="%.2f")})
    st.caption(f"{len(hist.runs)} of at most {hist.max_runs} runs kept, {hist.total_bytes() / 2**20:.1f} of "
               f"{hist.budget_bytes / 2**20:.0f} MB. ● = compared below.")
    actions(lab, hist, chosen, data)
    if len(chosen) >= 2:
        comparison(chosen)
    downloads(hist, chosen, data)


def actions(lab: MnistLab, hist: RunHistory, chosen, data: Dataset) -> None:
    """Use this run / Delete, for each run picked."""
    current_busy = lab.run is not None and lab.run.training
    for kept in chosen:
        row = st.container(horizontal=True, vertical_alignment="center")
        is_current = lab.run is kept.run
        row.markdown(f"**{kept.name}** · {kept.run.model_cfg.describe(data.side, data.classes)} · {kept.status}"
                     + (" · shown in the other tabs" if is_current else ""))
        if row.button("Use this run", key=f"mnist_run_use_{kept.number}", icon=":material/undo:",
                      disabled=is_current or kept.training or current_busy or kept.run.result is None,
                      help="Inside the model, Evaluation, Draw a digit and Keep & share then show this run"):
            lab.run = hist.use(kept.number, data.train_x.device)
            st.rerun()
        if row.button("Delete", key=f"mnist_run_delete_{kept.number}", icon=":material/delete:",
                      disabled=kept.training, help="A run that is still training can be deleted once it stops"):
            try:
                hist.delete(kept.number)
            except RunBusy as err:
                st.warning(str(err), icon=":material/hourglass_top:")
                return
            if is_current:
                lab.run = None
            st.rerun()


def comparison(chosen) -> None:
    """Overlaid validation curves, the settings side by side, and a takeaway from the numbers."""
    against = st.segmented_control("Against", ["epochs", "seconds"], default="epochs", required=True,
                                   key="mnist_runs_x")
    x = "epoch" if against == "epochs" else "seconds"
    names = ", ".join(k.name for k in chosen)
    ui.chart(compare.overlay(chosen, x), key="mnist_runs_overlay", table=compare.overlay_table(chosen),
             caption=f"Validation accuracy and loss of {names} against {against}; each run has its own colour, "
                     "dash and marker.")
    table, differ = compare.side_by_side(chosen)
    ui.settings_side_by_side(table, differ, key="mnist_runs_settings")
    finished = [k for k in chosen if k.run.result is not None and k.run.result.test_acc == k.run.result.test_acc]
    if len(finished) >= 2:
        best, worst = max(finished, key=lambda k: k.run.result.test_acc), min(finished,
                                                                             key=lambda k: k.run.result.test_acc)
        what = ", ".join(differ) if differ else "nothing but chance"
        st.markdown(f"**Takeaway:** {best.name} reaches {best.run.result.test_acc:.2%} test accuracy, "
                    f"{(best.run.result.test_acc - worst.run.result.test_acc) * 100:.1f} points above {worst.name}; "
                    f"they differ in {what}.")


def downloads(hist: RunHistory, chosen, data: Dataset) -> None:
    """TensorBoard logs of the compared runs (all runs when none is picked), and every run as CSV."""
    logged = chosen or hist.runs
    row = st.container(horizontal=True)
    row.download_button("Download TensorBoard logs", lambda: tensorboard.logs_zip(logged, data.side),
                        "mnist_runs_tensorboard.zip", "application/zip", key="mnist_runs_tb",
                        icon=":material/download:", on_click="ignore",
                        disabled=all(k.training for k in logged))
    row.download_button("Download all runs (CSV)", lambda: compare.runs_csv(hist.runs), "mnist_runs.csv",
                        "text/csv", key="mnist_runs_csv", icon=":material/table:", on_click="ignore")
    st.caption(f"The zip holds one folder per run ({', '.join(k.name for k in logged)}); unzip it and run "
               "`tensorboard --logdir mnist_runs` to see the curves, weight histograms, hyperparameters and graph.")
