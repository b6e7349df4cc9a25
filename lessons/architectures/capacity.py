"""Depth, width and capacity: the learner counts the network's parameters and sweeps networks of growing size."""
import streamlit as st

import ui
from core.architectures import figures as figs
from core.architectures.capacity import SWEEP_NETS
from core.architectures.playground import PlaygroundRun
from lessons.architectures import cache
from lessons.architectures.controls import ACTIVATION_NAMES, Setup


def show(run: PlaygroundRun, setup: Setup) -> None:
    st.markdown(
        "A network's **capacity** is how many different boundaries it can draw, and it grows with its "
        "parameters: every weight and every bias. Too few and it cannot draw the boundary at all (train and "
        "test error stay high); enough and it fits; on a few noisy points, many more fit the noise as well "
        "(train error falls, test error does not)."
    )
    task, features = setup.data.task, setup.net.features
    sizes = [len(features), *setup.net.hidden, 1 if task != "multiclass" else setup.data.classes]
    terms = " + ".join(rf"({a}+1)\cdot {b}" for a, b in zip(sizes, sizes[1:], strict=False))
    st.latex(rf"\text{{parameters}} = \sum_{{\ell}} (n_{{\ell-1}} + 1)\, n_\ell = {terms} = {run.parameters:,}")
    if st.toggle("Run the capacity sweep on this data set", key="arch_sweep"):
        sweep = []
        with ui.progress("Training networks of growing size…") as move:
            for i, hidden in enumerate(SWEEP_NETS):
                sweep.append(cache.capacity_point(setup.data, hidden, features, setup.activation, 300))
                move((i + 1) / len(SWEEP_NETS), f"Trained {i + 1} of {len(SWEEP_NETS)} networks")
        error = "MSE" if task == "regression" else "error (1 − accuracy)"
        st.plotly_chart(figs.capacity_chart(sweep, run.parameters, error), key="arch_capacity")
        st.dataframe([{"hidden layers": p.label, "parameters": p.parameters, f"train {error}": round(p.train_error, 3),
                       f"test {error}": round(p.test_error, 3)} for p in sweep],
                     hide_index=True, key="arch_sweep_table")
        st.caption(f"Each network: {ACTIVATION_NAMES[setup.activation]}, your features, full-batch Adam 0.03 for 300 "
                   "epochs, on your data set. Try 30 points with 50% noise to see the test error climb.")
    st.markdown("**Takeaway:** depth and width buy capacity; the right amount depends on how much data "
                "you have and how noisy it is.")
