"""Missing values: the learner removes cells from a table and compares dropping rows with imputers."""
import numpy as np
import pandas as pd
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits.missing import IMPUTERS, MissingConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button


def show(lab: DataLab) -> None:
    st.markdown("The Wisconsin breast-cancer table (569 tumours, 30 measurements) with values removed at random, "
                "in training and test rows alike. Each way of filling the gaps is fitted on the training rows; "
                "a logistic regression then learns from them.")
    left, right = st.columns(2)
    pct = ui.bound(left.slider, "Values removed (%)", 0, 60, 5, key="data_miss_pct")
    repeats = ui.bound(right.slider, "Repeats", 1, 10, 3, key="data_miss_repeats")
    cfg = MissingConfig(pct, repeats)
    complete = (1 - pct / 100) ** 30
    st.caption(f"With {pct}% of cells missing at random, only (1 − {pct / 100:.2f})³⁰ = {complete:.1%} of rows "
               "are complete: that is all dropping rows keeps.")
    if run_button(lab, "missing", cfg, "Compare the imputers"):
        result = cache.missing(cfg)
        st.plotly_chart(dfig.missing_bars(result), key="data_miss_chart")
        st.dataframe(pd.DataFrame({n: [f"{np.nanmean(result.accuracy[n]):.1%}"
                                       if np.isfinite(result.accuracy[n]).any() else "–",
                                       f"{result.coverage[n].mean():.0%}", f"{result.train_rows[n].mean():.0f}"]
                                   for n in IMPUTERS}, index=["test accuracy", "test rows scored",
                                                              "training rows used"]))
        with st.expander("The first damaged training rows (blank = removed)"):
            st.dataframe(pd.DataFrame(result.example[:, :8], columns=result.columns[:8]))
    st.latex(r"\hat{x}_{ij} = \operatorname{mean}_{k \in \text{train}}\, x_{kj}\ \text{(mean imputation)}")
    st.markdown("**Takeaway:** dropping incomplete rows throws away most of a wide table and cannot answer for "
                "incomplete new rows; a simple imputer fitted on the training rows keeps them all.")
