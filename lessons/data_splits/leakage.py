"""Leakage: the learner leaks test information three ways and sees how much each flatters the reported score."""
import pandas as pd
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits.leakage import LeakageConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button

DEFAULT = LeakageConfig()


def show(lab: DataLab, hosted: bool) -> None:
    st.markdown("Each kind of leakage lets the test set influence the pipeline. Both pipelines then report an "
                "estimate (their test score), and we also score them on **rows nobody touched**, drawn fresh: the "
                "true accuracy. The whole experiment is repeated many times; the **optimism** is how far the "
                "reported score sits above the true one, on average.")
    left, mid, right = st.columns(3)
    n = ui.bound(left.select_slider, "Development rows", [40, 60, 100, 200, 400], DEFAULT.n_samples,
                 key="data_leak_n")
    noise = ui.bound(left.slider, "Heavy-tailed noise columns", 0, 40, DEFAULT.noise_features, key="data_leak_noise")
    k = ui.bound(mid.select_slider, "(a) neighbours k", [1, 3, 5, 7, 9], DEFAULT.k, key="data_leak_k")
    candidates = ui.bound(mid.slider, "(b) settings tried", 1, 100, DEFAULT.candidates, key="data_leak_cand")
    dup = ui.bound(right.slider, "(c) share of rows recorded twice", 0.0, 1.0, DEFAULT.duplicate_share, 0.1,
                   key="data_leak_dup")
    repeats = ui.bound(right.slider, "Repeats", 5, 100 if hosted else 200, DEFAULT.repeats, 5, key="data_leak_repeats")
    cfg = LeakageConfig(n, noise, k, candidates, dup, repeats)
    shown = run_button(lab, "leakage", cfg, DEFAULT, "Run the simulator")
    with ui.progress("Repeating the experiment…") as move:
        outcomes = cache.leakage(shown.cfg, on_progress=move)
    ui.chart(dfig.leakage_optimism(outcomes), key="data_leak_optimism")
    st.caption("How much each pipeline flatters itself: reported minus true accuracy, in points. Orange, hatched: "
               "the leaky pipeline; blue: the honest one. Whiskers: a 95% interval of the mean over "
               f"{shown.cfg.repeats} repeats. A bar whose whisker crosses zero is inside the noise.")
    ui.chart(dfig.leakage_bars(outcomes), key="data_leak_chart")
    st.caption("The accuracies behind it: each pipeline's reported estimate (solid) beside its true accuracy on "
               "never-touched rows (pale). Whiskers: a 95% interval of the mean.")
    shown.note()
    rows = [{"kind": f"({o.kind})", "leaky: reported": o.leaky_estimate.mean(),
             "leaky: fresh": o.leaky_fresh.mean(),
             "leaky optimism": o.leaky_optimism, "honest: reported": o.honest_estimate.mean(),
             "honest: fresh": o.honest_fresh.mean(), "honest optimism": o.honest_optimism} for o in outcomes]
    st.dataframe(pd.DataFrame(rows).style.format("{:+.1%}", subset=["leaky optimism", "honest optimism"])
                 .format("{:.1%}", subset=[c for c in rows[0] if ":" in c]), hide_index=True)
    shows = [o for o in outcomes if o.leak_shows]
    worst = max(outcomes, key=lambda o: o.leaky_optimism)
    st.markdown(f"Here the biggest flattery is **{worst.title}**: the leaky pipeline reports "
                f"{worst.leaky_estimate.mean():.1%} but scores {worst.leaky_fresh.mean():.1%} on fresh rows. "
                + verdict(outcomes, shows))
    st.latex(r"\text{optimism} = \underbrace{\text{score on test}}_{\text{reported}} - "
             r"\underbrace{\text{score on never-touched rows}}_{\text{truth}}")
    with st.expander("What each kind does", icon=":material/help:"):
        st.markdown(
            "- **(a)** The scaler's mean and standard deviation are computed on all rows, test rows included. A test "
            "row with a wild value widens its own column's scale, which tames that very row. The leak is real but "
            "usually the smallest of the three; it grows with fewer rows and wilder columns.\n"
            "- **(b)** Trying many settings and keeping the one with the best *test* score picks the luckiest "
            "split, not the best model. Choose on validation, then report test once.\n"
            "- **(c)** A row recorded twice lands in train and test; the model has literally seen the answer. "
            "Split by original row (patient, user, photo) instead of by record.")
    st.markdown("**Takeaway:** anything fitted (scalers, encoders, hyper-parameters) must be fitted on training "
                "data only, and copies of one example must stay on one side of the split.")


def verdict(outcomes, shows) -> str:
    """One sentence from the numbers: which leaks show beyond the noise, and which stay inside it."""
    quiet = [o for o in outcomes if o not in shows]
    named = ", ".join(f"({o.kind}) {o.leaky_optimism * 100:+.1f} ± {2 * o.optimism_error() * 100:.1f}" for o in shows)
    text = f"The leak shows beyond the noise for **{len(shows)} of {len(outcomes)}** kinds" + (
        f" ({named} points)." if shows else ".")
    if quiet:
        text += (" Inside the noise at these settings: " + ", ".join(f"({o.kind})" for o in quiet)
                 + "; more repeats narrow the interval.")
    return text
