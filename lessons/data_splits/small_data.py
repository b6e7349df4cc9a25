"""Small data: the learner pits a neural network against classical models on a table of under 100 rows."""
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits.small_data import DATASETS, SmallDataConfig, compare
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button


def show(lab: DataLab, hosted: bool) -> None:
    st.markdown("With fewer than 100 training rows, is a neural network the right tool? Each model gets the same "
                "standardised rows and default settings; every other row of the table is the test set. Whatever "
                "comes out is shown.")
    left, right = st.columns(2)
    dataset = ui.bound(left.selectbox, "Table", DATASETS, key="data_small_set")
    n = ui.bound(left.slider, "Training rows", 20, 100, 40, 10, key="data_small_n")
    repeats = ui.bound(right.slider, "Repeats (different samples)", 1, 10 if hosted else 20, 5,
                       key="data_small_repeats")
    cfg = SmallDataConfig(dataset, n, repeats)
    if run_button(lab, "small", cfg, "Compare the models"):
        with ui.progress("Training…") as move:
            result = compare(cfg, lambda r: cache.small_repeat(cfg, r), move)
        st.plotly_chart(dfig.small_data_results(result), key="data_small_chart")
        ranking = result.ranking
        place = ranking.index("neural network") + 1
        st.markdown(f"On **{dataset}** with {n} training rows ({result.n_features} features, {result.classes} "
                    f"classes), the best is **{ranking[0]}** ({result.mean(ranking[0]):.1%}); the neural network "
                    f"comes **{place} of {len(ranking)}** ({result.mean('neural network'):.1%}).")
        gap = result.mean(ranking[0]) - result.mean("neural network")
        if place == 1:
            st.markdown("Here the network wins; the classical models are close behind, and cheaper.")
        elif result.repeats > 1 and gap < result.spread:
            st.caption(f"The gap ({gap:.1%}) is smaller than the spread between repeats ({result.spread:.1%}): "
                       "on this table the difference is mostly noise.")
    st.markdown("**Takeaway:** on small tables, simple models are strong baselines: try them before (or beside) "
                "a network, and compare on the same rows.")
