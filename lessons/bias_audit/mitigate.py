"""Mitigate: the learner compares one fix at each stage of the pipeline against the baseline."""
from dataclasses import replace

import pandas as pd
import streamlit as st

import ui
from core.bias_audit import export
from core.bias_audit import figures as ff
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.challenges import BASELINE, FIXES, mitigation_result
from core.bias_audit.classifiers import GOALS
from core.bias_audit.mitigation import ETA, ROUNDS, SEEDS, compare_over_seeds, outcome_points
from lessons.bias_audit import cache
from ui import challenges

SHOWN = ["stage", "accuracy", "balanced accuracy", "cost", "disparity", "SPD", "DI", "EqOdds"]


def show(tcfg: TabularConfig) -> None:
    st.markdown("One fix at each stage of the pipeline, each compared with the baseline on the same "
                "test rows: **pre-processing** reweighs the training rows once, **in-processing** "
                "trains the network on a **group-weighted loss** whose weights adapt to the gap "
                "it measures, **post-processing** is fairlearn's `ThresholdOptimizer` on the "
                "baseline's scores.")
    c1, c2 = st.columns(2)
    goal = ui.bound(c1.selectbox, "Fairness goal", list(GOALS), format_func=GOALS.get, key="bias_goal")
    rounds = ui.bound(c2.select_slider, "Reweighting rounds T", list(ROUNDS), cache.DEFAULT_ROUNDS,
                      key="bias_rounds", help="How often the group weights are updated and the network "
                      "retrained from the same start: one more training run each")
    runs = {}
    with ui.progress(f"training {len(SEEDS)} × {rounds + 3} networks…") as move:
        for i, seed in enumerate(SEEDS):
            runs[seed] = cache.mitigations(replace(tcfg, seed=seed), goal, rounds,
                                           on_progress=lambda f, i=i: move((i + f) / len(SEEDS)))
    name = "DP difference" if goal == "demographic_parity" else "equalized-odds difference"
    summary = compare_over_seeds(runs, goal)
    fix = ui.bound(st.selectbox, "Your fix: the one the challenges check and the download reproduces",
                   [*FIXES, BASELINE], key="bias_fix")
    challenges.record("bias_audit", "mitigation", mitigation_result(runs, goal, fix))
    lowest = summary["disparity"].iloc[1:].idxmin()
    ui.chart(ff.tradeoff(summary, name, outcome_points(runs, goal)), key="bias_tradeoff",
             caption=f"Bars: the mean over {len(SEEDS)} seeds (train/test split and initial weights); whiskers: "
                     "their range; dots: each seed. Grey is the baseline, blue the fixes. **Look for** how much "
                     "shorter each fix's disparity bar is than the baseline's, against how little its accuracy bar "
                     f"moves on its full 0–100% scale: the baseline's {name} is {summary['disparity'].iloc[0]:.2f}, "
                     f"the lowest is {lowest}'s at {summary.loc[lowest, 'disparity']:.2f}.")
    st.dataframe(summary[SHOWN].style.format("{:.3f}", subset=SHOWN[1:]).format({"cost": "{:+.1f}"}),
                 key="bias_outcomes")
    st.caption(f"Means over {len(SEEDS)} seeds. cost = points of balanced accuracy given up against the "
               f"baseline trained on the same split; disparity = fairlearn's {name} over all groups of "
               f"{tcfg.attribute}; SPD and DI compare every other group with the reference group.")
    st.latex(r"\begin{gathered}\text{pre: } w(a,y) = \frac{P(A=a)\,P(Y=y)}{P(A=a,\,Y=y)} \\ "
             r"\text{in: } \mathcal{L} = \frac{\sum_i w_{a_i,y_i}\, c_{y_i}\,"
             r"\mathrm{CE}\big(f(x_i), y_i\big)}{\sum_i w_{a_i,y_i}\, c_{y_i}} \\ "
             r"w_{a,1} = 2\sigma(\lambda^+_a),\ w_{a,0} = 2\sigma(-\lambda^-_a)\end{gathered}")
    rule = (r"\lambda^\pm_a \leftarrow \lambda^\pm_a - \eta\,\big(P(\hat Y=1 \mid A=a) - "
            r"P(\hat Y=1)\big)" if goal == "demographic_parity" else
            r"\lambda^+_a \leftarrow \lambda^+_a - \eta\,(\mathrm{TPR}_a - \mathrm{TPR}) \\ "
            r"\lambda^-_a \leftarrow \lambda^-_a - \eta\,(\mathrm{FPR}_a - \mathrm{FPR})")
    st.latex(r"\begin{gathered}" + rule + rf" \\ \eta = {ETA:g},\ \lambda = 0 \text{{ at first}}\end{{gathered}}")
    weighted = next(o for o in runs[SEEDS[0]] if o.weights is not None)
    path = " → ".join(f"{v:.3f}" for v in weighted.violations)
    st.caption("Reweighing makes group and label independent in the weighted training data, once. "
               "The group-weighted loss (Jiang & Nachum 2020, *Identifying and correcting label "
               r"bias*) starts from the baseline ($\lambda = 0$, every $w = 1$; $c_y$ are the class "
               "weights), measures each group's gap on the training rows, moves its multipliers "
               "against the gap and retrains the network from the same start with the new weights: "
               "a group released too rarely gets its releases weighted up and its holds down. The "
               "largest gap between a group's rate and everyone's on the training rows (seed "
               f"{SEEDS[0]}), for the baseline and then after each of the {len(weighted.violations) - 1} "
               f"rounds: {path}. ThresholdOptimizer picks per-group (randomised) thresholds that meet the "
               "goal while keeping balanced accuracy as high as it can.")
    st.dataframe(weighted.weights.style.format("×{:.2f}"), key="bias_group_weights")
    st.caption("The group-weighted loss's final weights $w_{a,y}$ (seed 0), on top of the class weights: "
               "above 1 counts more in the loss than in the baseline, below 1 less.")
    st.markdown("**Takeaway:** " + takeaway(summary, name))
    st.markdown(f"**Take it home:** {fix} (your fix) against the baseline on the {len(SEEDS)} seeds, as a script "
                "or notebook that prints this table's row.")
    ui.export(export.mitigation(tcfg, goal, rounds, fix), key="bias_export_mitigation")


def takeaway(summary: pd.DataFrame, name: str) -> str:
    """What the fixes did to disparity and balanced accuracy, judged against the spread over seeds."""
    base, fixes = summary.iloc[0], summary.iloc[1:]
    moved = "; ".join(f"{model} {row['disparity']:.2f}, {'costing' if row['cost'] >= 0 else 'gaining'} "
                      f"{abs(row['cost']):.1f} points of balanced accuracy" for model, row in fixes.iterrows())
    text = (f"over {len(SEEDS)} seeds the baseline's {name} is {base['disparity']:.2f} ({base['disparity low']:.2f} "
            f"to {base['disparity high']:.2f}); {moved}. ")
    overlap = [m for m, row in fixes.iterrows() if row["disparity high"] >= base["disparity low"]]
    free = [m for m, row in fixes.iterrows() if row["cost low"] <= 0]
    text += ("Every fix cuts the disparity on every seed" if not overlap else
             f"For {', '.join(overlap)} the cut overlaps the baseline's seed-to-seed range, so it is inside the noise")
    text += (f", and every fix costs some balanced accuracy on every seed ({fixes['cost low'].min():.1f} to "
             f"{fixes['cost high'].max():.1f} points): a trade-off, and it only targets the criterion you chose."
             if not free else
             f"; for {', '.join(free)} the accuracy change is inside the noise (no cost on some seeds). Each fix "
             "only targets the criterion you chose.")
    return text
