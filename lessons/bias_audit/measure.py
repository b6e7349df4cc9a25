"""Measure: the learner disaggregates the baseline network's decisions by group with fairlearn."""
from dataclasses import replace

import numpy as np
import streamlit as st

import ui
from core.bias_audit import export
from core.bias_audit import figures as ff
from core.bias_audit.arrests import TabularConfig, base_rate_difference
from core.bias_audit.challenges import audit_result
from core.bias_audit.fairness import METRICS, spread_over_seeds
from core.bias_audit.mitigation import SEEDS
from lessons.bias_audit.common import baseline
from ui import challenges

RATES = ["base rate", "selection rate", "TPR", "FPR"]


def show(tcfg: TabularConfig) -> None:
    audits = [baseline(replace(tcfg, seed=s)) for s in SEEDS]  # the first is the one every section shows
    base = audits[0]
    challenges.record("bias_audit", "audit", audit_result(base))  # the baseline this tab audits, once computed
    summary = base.summary
    left, right = st.columns(2)
    rates = summary["base_rate"]
    with left:
        largest = summary["size"].idxmax()
        ui.chart(ff.group_sizes(summary), key="bias_sizes",
                 caption=f"Arrests per group: {largest} is the largest group ({summary.loc[largest, 'share']:.0%} "
                         f"of the rows); each bar's label is how often that group was released in the data.")
    right.dataframe(summary.style.format({"share": "{:.1%}", "base_rate": "{:.1%}"}),
                    key="bias_summary")
    right.caption(f"Base rate = P(released | group). Reference group (AIF360's 'privileged'): "
                  f"**{base.privileged}**, the one released most often in the data. **Look for** the groups' "
                  f"sizes (bars) and how often each was released (on each bar): from {rates.min():.0%} "
                  f"({rates.idxmin()}) to {rates.max():.0%} ({rates.idxmax()}).")
    m = st.columns(3)
    m[0].metric("Accuracy", f"{base.accuracy:.1%}")
    m[1].metric("Balanced accuracy", f"{base.balanced_accuracy:.1%}")
    m[2].metric("'Release everyone' accuracy", f"{base.y_test.mean():.1%}", "balanced: 50%",
                delta_color="off", delta_arrow="off")
    st.latex(r"\text{balanced accuracy} = \tfrac12\big(\mathrm{TPR} + \mathrm{TNR}\big)")
    st.latex(r"w_c = \frac{n}{2\,n_c}\ \text{(class weights in the loss)}")
    st.caption("With 83% released, a network could score 83% by releasing everyone; class weights "
               "make both outcomes count equally and balanced accuracy reports it honestly.")
    st.subheader("fairlearn MetricFrame, by group")
    st.dataframe(base.table.style.format("{:.3f}").format({"count": "{:,.0f}"}), key="bias_frame")
    sel = base.table["selection rate"]
    ui.chart(ff.group_bars(base.table, RATES, spread_over_seeds([a.table for a in audits], RATES)),
             key="bias_rates", table=base.table[RATES].round(3),
             caption=f"Bars: seed 0, the network every section of this tab audits; whiskers: the range over "
                     f"{len(SEEDS)} seeds (train/test split and initial weights). **Look for** the same order in "
                     f"the base rate (the past decisions) and the selection rate (the network's): the network "
                     f"releases {sel.idxmax()} most often ({sel.max():.0%}) and {sel.idxmin()} least often "
                     f"({sel.min():.0%}).")
    st.subheader("Five fairness criteria and their fair bands")
    ui.chart(ff.fair_bands(base.report), key="bias_bands", table=ff.bands_table(base.report),
             caption=f"A blue circle sits inside its grey fair band, an orange cross outside it. "
                     f"{sum(base.report.fair().values())} of {len(METRICS)} criteria are met here.")
    for metric in METRICS:
        lo, hi = metric.band
        st.latex(r"\begin{gathered}" + metric.latex.replace(r",\quad ", r" \\ ")
                 + rf" \\ \text{{fair band: }} [{lo:g},\ {hi:g}]\end{{gathered}}")
        st.caption(f"{metric.meaning} u = every group but the reference, p = {base.privileged}.")
    base_rates = ", ".join(f"{g} {r:.0%}" for g, r in summary["base_rate"].items())
    st.info(f"**These criteria cannot all hold at once.** When base rates differ (here: "
            f"{base_rates}), a network that is not perfect cannot give every group the same "
            "selection rate (demographic parity) *and* the same TPR and FPR (equalized odds) *and* "
            "the same calibration (Kleinberg et al. 2016; Chouldechova 2017). Choosing a criterion "
            "is a decision about whose errors matter, not a technical detail.",
            icon=":material/balance:")
    st.markdown("**Takeaway:** " + takeaway(audits, tcfg))
    st.markdown("**Take it home:** the baseline and its audit (seed 0, these settings) as a script or notebook.")
    ui.export(export.audit(base.cfg), key="bias_export_audit")


def takeaway(audits, tcfg: TabularConfig) -> str:
    """The data's gap and the network's, from the numbers above."""
    base = audits[0]
    data_gap = base_rate_difference(base.summary, base.privileged) * 100
    spd = np.array([a.report.values["spd"] for a in audits]) * 100
    others = ("every other group (pooled)" if len(base.groups) > 2 else
              f"the {next(g for g in base.groups if g != base.privileged)} group")
    told = " even though it never sees the attribute" if tcfg.blind else ""
    same_way = np.sign(spd).min() == np.sign(spd).max() == np.sign(data_gap) and abs(spd).min() >= 5
    if same_way and abs(spd).min() > 1.2 * abs(data_gap):
        verdict = (f"it does not just repeat the gap in the past decisions, it widens it about "
                   f"{spd.mean() / data_gap:.1f}×")
    elif same_way:
        verdict = "it repeats the gap in the past decisions"
    else:
        verdict = "over the seeds that gap is small or changes sign, so it is inside the noise here"
    return (f"in the data, {others} was released {often(data_gap)} than the {base.privileged} group (base rates); "
            f"the network{told} releases it {often(spd.mean())} ({spd.min():+.1f} to {spd.max():+.1f} points over "
            f"{len(audits)} seeds): {verdict}. A single accuracy number hides this; disaggregate by group before "
            "trusting it.")


def often(points: float) -> str:
    return f"{abs(points):.1f} points {'less' if points < 0 else 'more'} often"
