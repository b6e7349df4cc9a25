"""Threshold explorer: the learner gives each group its own cut-off and watches the fairness metrics move."""
import re

import streamlit as st

import ui
from core.bias_audit import figures as ff
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.fairness import METRICS
from core.bias_audit.mitigation import evaluate, predict_with_thresholds
from lessons.bias_audit.common import baseline


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
    m = st.columns(4)
    m[0].metric("Balanced accuracy", f"{bal:.1%}", f"{bal - base.balanced_accuracy:+.1%}")
    m[1].metric("Statistical parity diff.", f"{report.values['spd']:+.3f}")
    m[2].metric("Disparate impact", f"{report.values['di']:.2f}")
    m[3].metric("Fair criteria met", f"{sum(report.fair().values())} of {len(METRICS)}")
    left, right = st.columns(2)
    left.plotly_chart(ff.score_histograms(base.scores, base.y_test, base.a_test, thresholds),
                      key="bias_hist")
    right.plotly_chart(ff.fair_bands(report), key="bias_live_bands")
    st.dataframe(table.reindex(base.groups).style.format("{:.3f}").format({"count": "{:,.0f}"}),
                 key="bias_live_frame")
    st.latex(r"\hat y_i = [\,s(x_i) \ge t_{a_i}\,]")
    st.markdown("**Takeaway:** per-group thresholds can close one gap while opening another; "
                "try to make every dot green and see why you cannot.")
