"""Threshold explorer: the learner gives each group its own cut-off and watches the fairness metrics move."""
import re

import pandas as pd
import streamlit as st

import ui
from core.bias_audit import figures as ff
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.challenges import threshold_result
from core.bias_audit.fairness import METRICS
from core.bias_audit.mitigation import evaluate, predict_with_thresholds
from lessons.bias_audit.common import baseline
from ui import challenges


def show(tcfg: TabularConfig) -> None:
    base = baseline(tcfg)
    st.markdown("Like Google's What-If Tool: give each group its own cut-off on the same scores "
                "and watch the metrics move. Lower a group's threshold and more of it is released.")
    cols = st.columns(len(base.groups))
    slug = lambda g: re.sub(r"[^a-z0-9]+", "_", f"{tcfg.attribute}_{g}".lower())  # noqa: E731
    thresholds = {g: ui.bound(col.slider, f"Threshold for {g}", 0.05, 0.95, 0.5, 0.01, key=f"bias_thr_{slug(g)}")
                  for g, col in zip(base.groups, cols, strict=True)}
    y_pred = predict_with_thresholds(base.scores, base.a_test, thresholds)
    acc, bal, table, report = evaluate(base.y_test, y_pred, base.a_test, base.privileged)
    challenges.record("bias_audit", "thresholds", threshold_result(bal, report, thresholds))
    m = st.columns(4)
    change = bal - base.balanced_accuracy
    m[0].metric("Balanced accuracy", f"{bal:.1%}", f"{change:+.1%} vs 0.5 for all" if abs(change) >= 0.0005 else None,
                delta_color="blue" if change > 0 else "orange")
    m[1].metric("Statistical parity diff.", f"{report.values['spd']:+.3f}")
    m[2].metric("Disparate impact", f"{report.values['di']:.2f}")
    m[3].metric("Fair criteria met", f"{sum(report.fair().values())} of {len(METRICS)}")
    left, right = st.columns(2)
    with left:
        rates = table.reindex(base.groups)
        ui.chart(ff.score_histograms(base.scores, base.y_test, base.a_test, thresholds), key="bias_hist",
                 table=rates[["selection rate", "TPR", "FPR"]].assign(threshold=pd.Series(thresholds)).round(3),
                 caption="Each group's test scores: blue, solid = released in reality, orange, hatched = held. "
                         "**Look for** how much of each colour lies right of the slate cut-off: all of it is "
                         "released. With these cut-offs: " + "; ".join(
                             f"{g} released {rates.loc[g, 'selection rate']:.0%} (TPR {rates.loc[g, 'TPR']:.0%})"
                             for g in base.groups) + ".")
    with right:
        ui.chart(ff.fair_bands(report), key="bias_live_bands", table=ff.bands_table(report),
                 caption=f"Blue circle: inside the grey fair band; orange cross: outside. They move as you drag: "
                         f"{sum(report.fair().values())} of {len(METRICS)} inside now.")
    st.dataframe(table.reindex(base.groups).style.format("{:.3f}").format({"count": "{:,.0f}"}),
                 key="bias_live_frame")
    st.latex(r"\hat y_i = [\,s(x_i) \ge t_{a_i}\,]")
    fair = report.fair()
    met = [c.name for c in METRICS if fair[c.key]]
    missed = [c.name for c in METRICS if not fair[c.key]]
    if not met:
        verdict = f"none of the {len(METRICS)} criteria sits inside its band"
    else:
        verdict = (f"{len(met)} of {len(METRICS)} criteria sit inside their band ({', '.join(met)})"
                   + (f" and {len(missed)} do not" if missed else ""))
    st.markdown(f"**Takeaway:** with these cut-offs {verdict}, at a balanced accuracy of {bal:.1%}. "
                + ("Per-group thresholds can close one gap while opening another: try to bring all five inside "
                   "and see why you cannot." if missed else "Move one cut-off and watch which criterion leaves first."))
