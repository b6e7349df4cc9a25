"""Batch size: the learner trains on digits with full, single and mini batches and compares them per epoch
and per second of wall-clock time."""
import pandas as pd
import streamlit as st

import ui
from core.data import Dataset
from core.loss_optimization import batch_summary
from core.loss_optimization import training_figures as figures
from core.loss_optimization.batching import BatchConfig
from lessons.loss_optimization import cache

RUN = "Train the three"


def show(data: Dataset) -> None:
    st.markdown(f"Softmax regression on a subset of **{data.name}**, trained with plain SGD at one learning rate. "
                "Only the batch size changes: all N images per update (batch), one (stochastic), or a few dozen "
                "(mini-batch). Which is best depends on what you count: epochs, or seconds.")
    c1, c2, c3, c4 = st.columns(4)
    n = ui.bound(c1.select_slider, "Training images", [200, 500, 1000, 2000], 1000, key="loss_images")
    epochs = ui.bound(c2.slider, "Epochs", 1, 3, 2, key="loss_epochs")
    lr = ui.bound(c3.select_slider, "Learning rate", [0.001, 0.003, 0.01, 0.03, 0.1], 0.01, key="loss_batch_lr")
    mini = ui.bound(c4.select_slider, "Mini-batch size", [32, 64, 128], 64, key="loss_mini")
    cfg = BatchConfig(n, epochs, lr, mini)
    if st.button(RUN, key="loss_batch_run", type="primary", icon=":material/play_arrow:"):
        st.session_state["loss_batch_ran"] = cfg
    ran = st.session_state.get("loss_batch_ran")  # the settings this learner last trained; None: the default
    shown = ran or BatchConfig()
    with ui.progress("Timing and training the three batch sizes, 3 seeds…") as move:
        result = cache.batching(shown, data.name, *cache.batch_inputs(data, shown.n_train), on_progress=move)
    ui.chart(figures.batch_curves(result), key="loss_batch_chart")
    if ran is None:
        ui.default_note(RUN)
    elif ran != cfg:
        st.caption(f":material/history: Your last run's settings · press **{RUN}** for the ones above.")
    st.caption("Look left: each faint dot is the loss of the one image a stochastic step saw, scattered far around "
               "its trend, while the mini-batch's loss only wobbles and the full batch's is exact. Look right: "
               "the same runs on the clock (a log axis: further left is sooner), every seed faint and their mean "
               "bold. The dotted line is the loss every small-batch run reached.")
    st.dataframe(pd.DataFrame(batch_summary.table(result)), hide_index=True)
    st.caption("Mean over the seeds, with their range in brackets; times per update are the median of 7 timings "
               "after a warm-up, with their range. Other visitors share this server, so its seconds vary: the "
               "ratios matter more.")
    st.latex(r"\nabla_\theta \mathcal{L}_B = \frac{1}{|B|}\sum_{i \in B} \nabla_\theta \ell_i"
             r"\qquad \text{noise} \propto \frac{1}{\sqrt{|B|}}")
    st.markdown(batch_summary.takeaway(result))
    st.markdown(f"**Takeaway:** {batch_summary.headline(result)}")
