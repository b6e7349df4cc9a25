"""Mitigate: the learner compares one fix at each stage of the pipeline against the baseline."""
import pandas as pd
import streamlit as st

import ui
from core.bias_audit import figures as ff
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.classifiers import GOALS
from core.bias_audit.mitigation import ETA, ROUNDS
from lessons.bias_audit import cache


def show(tcfg: TabularConfig) -> None:
    st.markdown("One fix at each stage of the pipeline, each compared with the baseline on the same "
                "test rows: **pre-processing** reweighs the training rows once, **in-processing** "
                "trains the network on a **group-weighted loss** whose weights adapt to the gap "
                "it measures, **post-processing** is fairlearn's `ThresholdOptimizer` on the "
                "baseline's scores.")
    c1, c2 = st.columns(2)
    goal = ui.bound(c1.selectbox, "Fairness goal", list(GOALS), format_func=GOALS.get, key="bias_goal")
    rounds = ui.bound(c2.select_slider, "Reweighting rounds T", list(ROUNDS), 5, key="bias_rounds",
                      help="How often the group weights are updated and the network "
                      "retrained from the same start: one more training run each")
    with ui.progress(f"training {rounds + 3} networks…") as move:
        outcomes = cache.mitigations(tcfg, goal, rounds, on_progress=move)
    name = "DP difference" if goal == "demographic_parity" else "equalized-odds difference"
    points = pd.DataFrame([{"model": o.name, "stage": o.stage, "accuracy": o.accuracy,
                            "balanced accuracy": o.balanced_accuracy, "disparity": o.disparity(goal),
                            "SPD": o.report.values["spd"], "DI": o.report.values["di"],
                            "EqOdds": o.report.values["eq_odds"]} for o in outcomes])
    st.plotly_chart(ff.tradeoff(points, name), key="bias_tradeoff")
    st.dataframe(points.set_index("model").style.format("{:.3f}", subset=points.columns[2:]),
                 key="bias_outcomes")
    st.caption(f"disparity = fairlearn's {name} over all groups of {tcfg.attribute}; SPD and DI compare "
               "every other group with the reference group.")
    st.latex(r"\text{pre: } w(a,y) = \frac{P(A=a)\,P(Y=y)}{P(A=a,\,Y=y)} \qquad "
             r"\text{in: } \mathcal{L} = \frac{\sum_i w_{a_i,y_i}\, c_{y_i}\,"
             r"\mathrm{CE}\big(f(x_i), y_i\big)}{\sum_i w_{a_i,y_i}\, c_{y_i}}, \quad "
             r"w_{a,1} = 2\sigma(\lambda^+_a),\ w_{a,0} = 2\sigma(-\lambda^-_a)")
    rule = (r"\lambda^\pm_a \leftarrow \lambda^\pm_a - \eta\,\big(P(\hat Y=1 \mid A=a) - "
            r"P(\hat Y=1)\big)" if goal == "demographic_parity" else
            r"\lambda^+_a \leftarrow \lambda^+_a - \eta\,(\mathrm{TPR}_a - \mathrm{TPR}), \quad "
            r"\lambda^-_a \leftarrow \lambda^-_a - \eta\,(\mathrm{FPR}_a - \mathrm{FPR})")
    st.latex(rule + rf"\qquad \eta = {ETA:g},\ \lambda = 0 \text{{ at first}}")
    weighted = next(o for o in outcomes if o.weights is not None)
    path = " → ".join(f"{v:.3f}" for v in weighted.violations)
    st.caption("Reweighing makes group and label independent in the weighted training data, once. "
               "The group-weighted loss (Jiang & Nachum 2020, *Identifying and correcting label "
               r"bias*) starts from the baseline ($\lambda = 0$, every $w = 1$; $c_y$ are the class "
               "weights), measures each group's gap on the training rows, moves its multipliers "
               "against the gap and retrains the network from the same start with the new weights: "
               "a group released too rarely gets its releases weighted up and its holds down. The "
               "largest gap between a group's rate and everyone's on the training rows, for the "
               f"baseline and then after each of the {len(weighted.violations) - 1} rounds: {path}. "
               "ThresholdOptimizer picks per-group (randomised) thresholds that meet the goal while "
               "keeping balanced accuracy as high as it can.")
    st.dataframe(weighted.weights.style.format("×{:.2f}"), key="bias_group_weights")
    st.caption("The group-weighted loss's final weights $w_{a,y}$, on top of the class weights: "
               "above 1 counts more in the loss than in the baseline, below 1 less.")
    st.markdown("**Takeaway:** every fix trades some accuracy for less disparity, and each only "
                "targets the criterion you chose.")
