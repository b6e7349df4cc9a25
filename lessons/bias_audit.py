"""Bias audit: cause bias, measure it with fairlearn, mitigate it and document it."""
import re

import pandas as pd
import streamlit as st

import ui
from core import cache, datasheet, figures, hosting
from core import fairness_figures as ff
from core.bias_images import SHARES, STYLES, ImageBiasConfig, ImageRuns
from core.bias_tabular import ATTRIBUTES, ETA, GOALS, ROUNDS, TabularConfig, evaluate, predict_with_thresholds
from core.fairness import METRICS

st.title("Bias audit")
st.markdown(
    "A network learns whatever its data shows it, including who is missing and how past decisions were made. "
    "Here you **cause** bias yourself, **measure** it with fairlearn, **mitigate** it and **document** the data: "
    "the flow of IBM's AI Fairness 360 demo (data → check → mitigate → compare), with fairlearn's metrics, a "
    "What-If-style threshold explorer and Aequitas-style group tables."
)
ui.device_badge()
limits = hosting.limits()
device = cache.device()
runs: ImageRuns = st.session_state.setdefault("bias_run", ImageRuns())


def download_datasheet(sheet: datasheet.Datasheet, name: str, key: str) -> None:
    text = sheet.markdown()
    st.download_button("Download the datasheet (Markdown)", text, file_name=f"datasheet_{name}.md",
                       mime="text/markdown", icon=":material/download:", key=key)
    with st.container(border=True, height=600):
        st.markdown(re.sub(r"^(#+) ", r"\1### ", text, flags=re.M))  # headings three levels smaller


with ui.shared_settings("bias_"):
    images_tab, arrests_tab = st.tabs([":material/draw: Images: cause bias", ":material/gavel: Arrests: measure & fix"],
                                      key="bias_tab", bind="query-params")

    with images_tab:
        if images_tab.open is not False:
            st.markdown(
                "The tutorial warns that *a model trained on non-diverse faces misclassifies under-represented "
                "people*. Try it on handwriting: some training digits are drawn in another **style**, and you "
                "decide how rare that style is. The test set holds every test digit **twice, once in each style**, "
                "so any accuracy gap comes from the style alone.")
            c1, c2, c3 = st.columns(3)
            style = c1.selectbox("Subgroup's style", list(STYLES), format_func=lambda k: STYLES[k][0],
                                 key="bias_style", bind="query-params")
            percent = c2.select_slider("Subgroup's share of training (%)", [round(s * 100) for s in SHARES], 5,
                                       key="bias_share", bind="query-params")
            share = percent / 100
            sizes = [n for n in (2000, 5000, 10_000, 20_000) if n <= limits.max_train_images] or [2000]
            images = c3.select_slider("Training images", sizes, min(10_000, sizes[-1]), key="bias_images",
                                      bind="query-params")
            c4, c5, _ = st.columns(3)
            epochs = c4.slider("Epochs", 1, min(10, limits.max_epochs), min(3, limits.max_epochs), key="bias_epochs",
                               bind="query-params")
            seed = c5.slider("Seed", 0, 100, 0, key="bias_seed", bind="query-params")
            cfg = ImageBiasConfig(style, share, images, epochs=epochs, seed=int(seed))
            b1, b2, _ = st.columns(3)
            train_one = b1.button("Train and audit", type="primary", icon=":material/play_arrow:", key="bias_train")
            sweep = b2.button("Sweep 50% → 1%", icon=":material/stacked_line_chart:", key="bias_sweep",
                              help=f"Train once at each share ({len(SHARES)} runs) with these settings")
            if train_one or sweep:
                data = ui.digits(device.kind)
                todo = [cfg] if train_one else [ImageBiasConfig(style, s, images, epochs=epochs, seed=int(seed))
                                                for s in SHARES]
                bar, move = ui.progress_bar("training…")
                for i, c in enumerate(todo):
                    label = f"run {i + 1} of {len(todo)}: {c.share:.0%} {STYLES[c.style][0]}"
                    runs.add(cache.bias_image_audit(c, data, lambda f, m, i=i, label=label: move(
                        (i + f) / len(todo), f"{label} · {m}")))
                bar.empty()
                if sweep:  # show the run matching the slider, not the last of the sweep
                    runs.latest = cache.bias_image_audit(cfg, data)
            audit = runs.latest
            if audit is None:
                st.info("Pick a style and how rare it is, then press **Train and audit** (a few seconds), or "
                        "**Sweep** to train at every share from 50% down to 1%.", icon=":material/school:")
            else:
                regular, sub = audit.cfg.group_names
                if audit.cfg != cfg:
                    st.caption(":material/info: The results below are for your last run; press Train for the "
                               "settings above.")
                st.caption(f"{audit.train_counts[sub]:,} of {sum(audit.train_counts.values()):,} training images "
                           f"in {sub} · {audit.cfg.epochs} epoch(s) · tested on {audit.test_per_group:,} digits "
                           f"in each style · {audit.dataset_name} · {audit.seconds:.1f} s")
                m = st.columns(4)
                m[0].metric(f"Accuracy, {regular}", f"{audit.accuracy[regular]:.1%}")
                m[1].metric(f"Accuracy, {sub}", f"{audit.accuracy[sub]:.1%}",
                            f"{-audit.gap:+.1%} vs regular", delta_color="normal")
                m[2].metric("Worst-group accuracy", f"{audit.worst_accuracy:.1%}", audit.worst_group,
                            delta_color="off", delta_arrow="off")
                m[3].metric("Gap", f"{audit.gap * 100:+.1f} pts", help="Accuracy of regular strokes minus the "
                            "subgroup's, in percentage points")
                st.latex(r"\mathrm{acc}_g = \frac{1}{n_g}\sum_{i \in g} [\hat y_i = y_i] \qquad "
                         r"\text{worst-group} = \min_g \mathrm{acc}_g \qquad "
                         r"\text{gap} = \mathrm{acc}_{\text{regular}} - \mathrm{acc}_{\text{subgroup}}")
                curve = runs.curve(cfg if audit.cfg != cfg else audit.cfg)
                t1, t2, t3, t4, t5 = st.tabs(["Gap vs representation", "Recall by digit", "Confidence & calibration",
                                              "Subgroup's errors", "Datasheet"])
                with t1:
                    st.plotly_chart(ff.gap_vs_share(curve), key="bias_gap_curve")
                    st.caption(f"Each point is one of your runs with these settings ({len(curve)} so far); press "
                               f"**Sweep** to fill in every share. Below: the same eight test digits in {regular} "
                               f"(top) and {sub} (bottom).")
                    st.plotly_chart(figures.image_grid(audit.examples.reshape(-1, *audit.examples.shape[2:]),
                                                       [""] * 16, height_per_row=85), key="bias_examples")
                with t2:
                    st.plotly_chart(ff.recall_heatmap(audit.recall), key="bias_recall")
                    st.caption("Recall of digit d in group g: the share of g's d's that the network reads as d "
                               "(fairlearn MetricFrame with the true digit as a control feature).")
                with t3:
                    cal = audit.calibration
                    st.plotly_chart(ff.reliability(cal), key="bias_reliability")
                    st.dataframe(pd.DataFrame({"mean confidence": cal.confidence, "accuracy": cal.accuracy,
                                               "ECE": cal.ece}).style.format("{:.3f}"), key="bias_cal_table")
                    st.latex(r"\mathrm{ECE} = \sum_{b} \frac{n_b}{n}\,\big|\mathrm{acc}(b) - \mathrm{conf}(b)\big|")
                    st.caption("A calibrated network that says 90% is right 90% of the time. Under-represented "
                               "groups usually get overconfident mistakes: points below the diagonal.")
                with t4:
                    if len(audit.errors):
                        st.plotly_chart(figures.image_grid(audit.errors, audit.error_titles), key="bias_errors")
                    st.caption(f"The subgroup's most confident mistakes (true→predicted, confidence). "
                               f"**{audit.style_only_errors} of its {audit.subgroup_errors} mistakes** are digits "
                               f"the network reads correctly in regular strokes.")
                with t5:
                    download_datasheet(datasheet.image_datasheet(audit), "mnist_style", "bias_dl_images")
            st.markdown("**Takeaway:** the network is not told who is who, yet the rarer the style in training, "
                        "the worse it serves it: under-representation alone creates the gap.")

    with arrests_tab:
        if arrests_tab.open is not False:
            st.markdown(
                "The **Arrests** data (scikit-lego, from the *Toronto Star*): 5,226 arrests for marijuana "
                "possession, 1997-2002. Was the person **released** with a summons (83%) or held for a bail "
                "hearing? A small PyTorch network learns to predict that decision from year, age, sex, colour, "
                "employment, citizenship and the number of police database checks.")
            c1, c2 = st.columns(2)
            attribute = c1.selectbox("Protected attribute to audit", ATTRIBUTES, key="bias_attr",
                                     bind="query-params")
            blind = c2.toggle("Hide it from the network", key="bias_blind", bind="query-params",
                              help="'Fairness through unawareness': other columns can still stand in for it.")
            tcfg = TabularConfig(attribute=attribute, blind=blind)
            measure_tab, explore_tab, fix_tab, sheet_tab = st.tabs(
                ["Measure", "Threshold explorer", "Mitigate", "Datasheet"], key="bias_section", bind="query-params")
            df = cache.bias_arrests()

            def baseline():
                bar, move = ui.progress_bar("training the baseline network…")
                result = cache.bias_tabular_audit(tcfg, move)
                bar.empty()
                return result

            with measure_tab:
                if measure_tab.open is not False:
                    base = baseline()
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

            with explore_tab:
                if explore_tab.open:
                    base = baseline()
                    st.markdown("Like Google's What-If Tool: give each group its own cut-off on the same scores "
                                "and watch the metrics move. Lower a group's threshold and more of it is released.")
                    cols = st.columns(len(base.groups))
                    slug = lambda g: re.sub(r"[^a-z0-9]+", "_", f"{attribute}_{g}".lower())  # noqa: E731
                    thresholds = {g: col.slider(f"Threshold for {g}", 0.05, 0.95, 0.5, 0.01, key=f"bias_thr_{slug(g)}",
                                                bind="query-params")
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

            with fix_tab:
                if fix_tab.open:
                    st.markdown("One fix at each stage of the pipeline, each compared with the baseline on the same "
                                "test rows: **pre-processing** reweighs the training rows once, **in-processing** "
                                "trains the network on a **group-weighted loss** whose weights adapt to the gap "
                                "it measures, **post-processing** is fairlearn's `ThresholdOptimizer` on the "
                                "baseline's scores.")
                    c1, c2 = st.columns(2)
                    goal = c1.selectbox("Fairness goal", list(GOALS), format_func=GOALS.get, key="bias_goal",
                                        bind="query-params")
                    rounds = c2.select_slider("Reweighting rounds T", list(ROUNDS), 5, key="bias_rounds",
                                              bind="query-params",
                                              help="How often the group weights are updated and the network "
                                                   "retrained from the same start: one more training run each")
                    bar, move = ui.progress_bar(f"training {rounds + 3} networks…")
                    outcomes = cache.bias_mitigations(tcfg, goal, rounds, move)
                    bar.empty()
                    name = "DP difference" if goal == "demographic_parity" else "equalized-odds difference"
                    points = pd.DataFrame([{"model": o.name, "stage": o.stage, "accuracy": o.accuracy,
                                            "balanced accuracy": o.balanced_accuracy, "disparity": o.disparity(goal),
                                            "SPD": o.report.values["spd"], "DI": o.report.values["di"],
                                            "EqOdds": o.report.values["eq_odds"]} for o in outcomes])
                    st.plotly_chart(ff.tradeoff(points, name), key="bias_tradeoff")
                    st.dataframe(points.set_index("model").style.format("{:.3f}", subset=points.columns[2:]),
                                 key="bias_outcomes")
                    st.caption(f"disparity = fairlearn's {name} over all groups of {attribute}; SPD and DI compare "
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

            with sheet_tab:
                if sheet_tab.open:
                    download_datasheet(datasheet.tabular_datasheet(df, attribute), "arrests", "bias_dl_arrests")
