"""Missing values: the learner removes cells from a table and compares dropping rows with imputers."""
import numpy as np
import pandas as pd
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits import noise
from core.data_splits.missing import IMPUTERS, MissingConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button

DEFAULT = MissingConfig()


def show(lab: DataLab) -> None:
    st.markdown("The Wisconsin breast-cancer table (569 tumours, 30 measurements) with values removed at random, "
                "in training and test rows alike. Each way of filling the gaps is fitted on the training rows; "
                "a logistic regression then learns from them. Dropping rows instead can only learn from, and only "
                "answer for, the rows that kept every value.")
    left, right = st.columns(2)
    pct = ui.bound(left.slider, "Values removed (%)", 0, 60, int(DEFAULT.missing_pct), key="data_miss_pct")
    repeats = ui.bound(right.slider, "Repeats", 1, 10, DEFAULT.repeats, key="data_miss_repeats")
    cfg = MissingConfig(pct, repeats)
    complete = (1 - pct / 100) ** 30
    st.caption(f"With {pct}% of cells missing at random, only (1 − {pct / 100:.2f})³⁰ = {complete:.1%} of rows "
               "are complete: that is all dropping rows keeps.")
    shown = run_button(lab, "missing", cfg, DEFAULT, "Compare the imputers")
    result = cache.missing(shown.cfg)
    ui.chart(dfig.missing_bars(result), key="data_miss_chart")
    st.caption(f"Orange, hatched: dropping incomplete rows; blue: the imputers. Pale bar: the mean over "
               f"{shown.cfg.repeats} repeat(s), each a fresh split and fresh gaps; dots: the repeats; whiskers: one "
               "standard deviation. Compare the right panel first: how many test rows get an answer at all.")
    shown.note()
    st.dataframe(pd.DataFrame({n: [f"{np.nanmean(result.accuracy[n]):.1%}"
                                   if np.isfinite(result.accuracy[n]).any() else "–",
                                   f"{result.coverage[n].mean():.0%}", f"{result.train_rows[n].mean():.0f}"]
                               for n in IMPUTERS}, index=["test accuracy", "test rows scored",
                                                          "training rows used"]))
    st.markdown(takeaway(result, shown.cfg))
    with st.expander("The first damaged training rows (blank = removed)"):
        st.dataframe(pd.DataFrame(result.example[:, :8], columns=result.columns[:8]))
    st.latex(r"\hat{x}_{ij} = \operatorname{mean}_{k \in \text{train}}\, x_{kj}\ \text{(mean imputation)}")
    st.markdown("**Takeaway:** dropping incomplete rows throws away most of a wide table and cannot answer for "
                "incomplete new rows; a simple imputer fitted on the training rows keeps them all.")


def takeaway(result, cfg: MissingConfig) -> str:
    """What the numbers on screen say: what dropping rows costs, and whether any imputer is ahead of the mean."""
    kept, answered = result.train_rows["drop rows"].mean(), result.coverage["drop rows"].mean()
    rows = result.train_rows["mean"].mean()  # an imputer keeps every training row
    text = (f"Dropping rows learnt from **{kept:.0f} of {rows:.0f}** training rows and could answer only "
            f"**{answered:.0%}** of the test rows; every imputer answers all of them.")
    imputers = {n: result.accuracy[n] for n in IMPUTERS[1:]}
    ranking = noise.rank(imputers)
    drop = result.accuracy["drop rows"]
    if np.isfinite(drop).sum() >= 2 and cfg.repeats >= 2:
        text += (f" On the few rows it does answer it scores {noise.mean(drop):.1%} ± {noise.spread(drop):.1%}, "
                 + ("behind the mean imputer beyond the noise." if noise.ahead(result.accuracy["mean"], drop)
                    else "inside the noise of the mean imputer."))
    if cfg.repeats < 2:
        return text + " With one repeat there is no spread to compare the imputers by: add repeats."
    low, high = min(ranking.means.values()), max(ranking.means.values())
    if len(ranking.tied) == len(imputers):
        return text + (f" Between the imputers, accuracy ({low:.1%}–{high:.1%}) is **inside the noise** over "
                       f"{cfg.repeats} repeats: the plain mean is as good as any here.")
    behind = [n for n in imputers if n not in ranking.tied]
    return text + (f" Best imputer: **{ranking.best}** ({ranking.means[ranking.best]:.1%}); behind it beyond the "
                   f"noise: {', '.join(behind)}; inside the noise of it: {', '.join(ranking.tied[1:]) or 'none'}.")
