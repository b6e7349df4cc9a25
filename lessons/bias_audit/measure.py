"""Measure: the learner disaggregates the baseline network's decisions by group with fairlearn."""
import streamlit as st

from core.bias_audit import figures as ff
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.fairness import METRICS
from lessons.bias_audit.common import baseline


def show(tcfg: TabularConfig) -> None:
    base = baseline(tcfg)
    summary = base.summary
    left, right = st.columns(2)
    left.plotly_chart(ff.group_sizes(summary), key="bias_sizes")
    right.dataframe(summary.style.format({"share": "{:.1%}", "base_rate": "{:.1%}"}),
                    key="bias_summary")
    right.caption(f"Base rate = P(released | group). Reference group (AIF360's 'privileged'): "
                  f"**{base.privileged}**, the one released most often in the data.")
    m = st.columns(3)
    m[0].metric("Accuracy", f"{base.accuracy:.1%}")
    m[1].metric("Balanced accuracy", f"{base.balanced_accuracy:.1%}")
    m[2].metric("'Release everyone' accuracy", f"{base.y_test.mean():.1%}", "balanced: 50%",
                delta_color="off", delta_arrow="off")
    st.latex(r"\text{balanced accuracy} = \tfrac12\big(\mathrm{TPR} + \mathrm{TNR}\big) \qquad "
             r"w_c = \frac{n}{2\,n_c}\ \text{(class weights in the loss)}")
    st.caption("With 83% released, a network could score 83% by releasing everyone; class weights "
               "make both outcomes count equally and balanced accuracy reports it honestly.")
    st.subheader("fairlearn MetricFrame, by group")
    st.dataframe(base.table.style.format("{:.3f}").format({"count": "{:,.0f}"}), key="bias_frame")
    st.plotly_chart(ff.group_bars(base.table, ["base rate", "selection rate", "TPR", "FPR"]),
                    key="bias_rates")
    st.subheader("Five fairness criteria and their fair bands")
    st.plotly_chart(ff.fair_bands(base.report), key="bias_bands")
    for metric in METRICS:
        lo, hi = metric.band
        st.latex(metric.latex + rf"\qquad \text{{fair band: }} [{lo:g},\ {hi:g}]")
        st.caption(f"{metric.meaning} u = every group but the reference, p = {base.privileged}.")
    base_rates = ", ".join(f"{g} {r:.0%}" for g, r in summary["base_rate"].items())
    st.info(f"**These criteria cannot all hold at once.** When base rates differ (here: "
            f"{base_rates}), a network that is not perfect cannot give every group the same "
            "selection rate (demographic parity) *and* the same TPR and FPR (equalized odds) *and* "
            "the same calibration (Kleinberg et al. 2016; Chouldechova 2017). Choosing a criterion "
            "is a decision about whose errors matter, not a technical detail.",
            icon=":material/balance:")
    st.markdown("**Takeaway:** the network repeats the gaps in past decisions, and a single "
                "accuracy number hides them; disaggregate by group before trusting it.")
