"""Your runs: every Playground network the learner trains is kept, and any two are compared side by side."""
import streamlit as st

import ui
from core import hosting
from core.architectures import alt_text, history
from core.architectures import figures as figs
from core.architectures.history import KeptRun, PlaygroundHistory
from core.architectures.playground import FitConfig, PlaygroundRun
from core.runs import dropped_note

KEY = "arch_runs"  # st.session_state: this visitor's PlaygroundHistory


def runs() -> PlaygroundHistory:
    """The visitor's kept runs (their own session: no other visitor sees them)."""
    return st.session_state.setdefault(KEY, PlaygroundHistory.for_host(hosting.limits().hosted))


def keep(run: PlaygroundRun, fit: FitConfig) -> None:
    """Where a run stops: keep it (or bring its entry up to date), and say so when the cap drops the oldest."""
    hist = runs()
    dropped = hist.keep(run, fit)
    if dropped:
        note = st.session_state[f"{KEY}_note"] = dropped_note([k.name for k in dropped], hist.max_runs)
        st.toast(f"{note} See **Your runs** under the Playground.", icon=":material/history:")


def show(run: PlaygroundRun) -> None:
    """The kept runs, newest first (the one on the page marked), then two of them side by side."""
    hist = runs()
    st.subheader("Your runs")
    if not hist.runs:
        st.caption(":material/history: Each network you train is kept here (up to "
                   f"{hist.max_runs}): train twice with different settings to compare them side by side.")
        return
    table = history.runs_table(hist)
    table.insert(0, "on the page", ["●" if hist.is_current(run, k) else "" for k in hist.newest_first()])
    st.dataframe(table, hide_index=True, key="arch_runs_table",
                 column_config={"learning rate": st.column_config.NumberColumn(format="%g")})
    st.caption(f"{len(hist.runs)} of at most {hist.max_runs} runs kept, newest first; ● = the network on the "
               "page. A run is one network: **Reset** or a new data set or network starts the next.")
    if note := st.session_state.get(f"{KEY}_note"):
        st.caption(f":material/info: {note}")
    if len(hist.runs) < 2:
        st.info("Train twice with different settings to compare: change a setting, press **Reset**, then **Train**.",
                icon=":material/compare:")
        return
    comparison(hist)


def pick(hist: PlaygroundHistory) -> tuple[KeptRun, KeptRun]:
    """Two selectboxes, the two newest runs by default (again whenever a run is added or dropped)."""
    numbers = [k.number for k in hist.newest_first()]
    row = st.container(horizontal=True)
    suffix = "-".join(map(str, numbers))
    with row:
        a = st.selectbox("Compare", numbers, index=0, format_func=lambda n: hist.get(n).name,
                         key=f"arch_runs_a_{suffix}")
        b = st.selectbox("with", numbers, index=1, format_func=lambda n: hist.get(n).name,
                         key=f"arch_runs_b_{suffix}")
    return hist.get(a), hist.get(b)


def comparison(hist: PlaygroundHistory) -> None:
    """Both boundaries side by side, both loss curves on one chart, the settings and scores in one table."""
    st.markdown("**Compare two runs**")
    a, b = pick(hist)
    if a.number == b.number:
        st.caption("Pick two different runs.")
        return
    cmp = history.compare(a, b)
    for kept, column, other in zip((a, b), st.columns(2), (b, a), strict=True):
        with column:
            boundary(kept, other)
    ui.chart(history.loss_overlay(cmp.runs), key="arch_runs_losses", caption=history.overlay_caption(cmp.runs),
             table=history.overlay_table(cmp.runs))
    ui.settings_side_by_side(cmp.table, cmp.differ, key="arch_runs_settings",
                             title="Settings and final scores side by side")
    st.markdown(f"**Takeaway:** {history.takeaway(cmp)}")


def boundary(kept: KeptRun, other: KeptRun) -> None:
    """One run's output over the plane, drawn as the Playground draws it, with its final test score."""
    last, name = kept.final, history.score_name(kept.task)
    st.markdown(f"**{kept.name}** · {history.describe(kept)} · {last.epoch:,} epochs")
    gap = last.test_score - other.final.test_score
    if kept.task == "regression":
        value, versus = f"{last.test_score:.3f}", f"{gap:+.3f} vs {other.name}"
    else:
        value, versus = f"{last.test_score:.1%}", f"{gap * 100:+.1f} points vs {other.name}"
    st.metric(f"Test {name}", value, delta=versus if kept.task == other.task else None, delta_color="off",
              delta_arrow="off")
    sizes = {"train": len(kept.data.train_y), "validation": len(kept.data.val_y), "test": len(kept.data.test_y)}
    ui.chart(figs.decision_boundary(kept.boundary, kept.data), key=f"arch_runs_boundary_{kept.number}",
             caption=alt_text.boundary_caption(kept.task, last, sizes["test"]),
             table=alt_text.splits_table(kept.task, last, sizes))
