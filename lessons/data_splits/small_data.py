"""Small data: the learner pits a neural network against classical models on a table of under 100 rows."""
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits import noise
from core.data_splits.small_data import DATASETS, SmallDataConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button

DEFAULT = SmallDataConfig()
NETWORK = "neural network"


def show(lab: DataLab, hosted: bool) -> None:
    st.markdown("With fewer than 100 training rows, is a neural network the right tool? Each model gets the same "
                "standardised rows and default settings; every other row of the table is the test set. Each "
                "repeat draws a different training sample. Whatever comes out is shown.")
    left, right = st.columns(2)
    dataset = ui.bound(left.selectbox, "Table", DATASETS, key="data_small_set")
    n = ui.bound(left.slider, "Training rows", 20, 100, DEFAULT.n_train, 10, key="data_small_n")
    repeats = ui.bound(right.slider, "Repeats (different samples)", 1, 10 if hosted else 20, DEFAULT.repeats,
                       key="data_small_repeats")
    cfg = SmallDataConfig(dataset, n, repeats)
    shown = run_button(lab, "small", cfg, DEFAULT, "Compare the models")
    with ui.progress("Training…") as move:
        result = cache.small_data(shown.cfg, on_progress=move)
    ui.chart(dfig.small_data_results(result), key="data_small_chart")
    st.caption(f"Pale bars: mean test accuracy over {result.repeats} repeat(s); dots: each repeat; whiskers: one "
               "standard deviation. Orange, hatched: the neural network; blue: the classical models.")
    shown.note()
    ranking = result.ranking
    place = ranking.index(NETWORK) + 1
    st.markdown(f"On **{shown.cfg.dataset}** with {shown.cfg.n_train} training rows ({result.n_features} features, "
                f"{result.classes} classes), the best is **{ranking[0]}** ({result.mean(ranking[0]):.1%}); the "
                f"neural network comes **{place} of {len(ranking)}** ({result.mean(NETWORK):.1%}). "
                + verdict(result))
    st.markdown("**Takeaway:** on small tables, simple models are strong baselines: try them before (or beside) "
                "a network, and compare on the same rows.")


def verdict(result) -> str:
    """Whether the network is ahead of, behind or level with the best classical model, against the spread."""
    if result.repeats < 2:
        return "One repeat has no spread to judge a difference by: add repeats."
    classical = {m: a for m, a in result.accuracy.items() if m != NETWORK}
    best = max(classical, key=lambda m: classical[m].mean())
    network, rival = result.accuracy[NETWORK], classical[best]
    gap = network.mean() - rival.mean()
    if noise.ahead(network, rival):
        return (f"The network beats the best classical model ({best}) by {gap * 100:.1f} points, more than the "
                "spread between repeats: here it earns its keep.")
    if noise.ahead(rival, network):
        return f"**{best}** beats the network by {-gap * 100:.1f} points, more than the spread between repeats."
    return (f"The gap to the best classical model ({best}, {gap * 100:+.1f} points) is **inside the noise** (spread "
            f"{max(noise.spread(network), noise.spread(rival)) * 100:.1f} points): the network earns nothing over "
            "a simple model.")
