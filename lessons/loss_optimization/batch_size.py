"""Batch size: the learner trains on digits with full, single and mini batches and compares speed and noise."""
import pandas as pd
import streamlit as st

import ui
from core.data import Dataset
from core.loss_optimization import figures as loss_figures
from core.loss_optimization.batching import BatchConfig
from lessons.loss_optimization import cache


def show(data: Dataset) -> None:
    st.markdown(f"Softmax regression on a subset of **{data.name}**, trained with plain SGD at one learning rate. "
                "Only the batch size changes: all N images per update (batch), one (stochastic), or a few dozen "
                "(mini-batch).")
    c1, c2, c3, c4 = st.columns(4)
    n = ui.bound(c1.select_slider, "Training images", [200, 500, 1000, 2000], 1000, key="loss_images")
    epochs = ui.bound(c2.slider, "Epochs", 1, 3, 2, key="loss_epochs")
    lr = ui.bound(c3.select_slider, "Learning rate", [0.001, 0.003, 0.01, 0.03, 0.1], 0.01, key="loss_batch_lr")
    mini = ui.bound(c4.select_slider, "Mini-batch size", [32, 64, 128], 64, key="loss_mini")
    sub = data.subset(n, seed=0)
    runs = cache.batching(BatchConfig(n, epochs, lr, mini), data.name, sub.train_x.cpu(), sub.train_y.cpu())
    st.plotly_chart(loss_figures.batch_curves(runs), key="loss_batch_chart")
    st.caption("Wall times are measured live on this server, which other visitors share: on a busy machine "
               "they vary from run to run, and the ratios matter more than the seconds.")
    st.dataframe(pd.DataFrame({
        "batch size": [r.label for r in runs],
        "updates per epoch": [r.updates_per_epoch for r in runs],
        "wall time (s)": [round(r.seconds, 3) for r in runs],
        "loss noise (RMS gap to the full loss)": [round(r.noise, 4) for r in runs],
        "training loss at the end": [round(r.final_loss, 4) for r in runs],
    }), hide_index=True)
    st.latex(r"\nabla_\theta \mathcal{L}_B = \frac{1}{|B|}\sum_{i \in B} \nabla_\theta \ell_i"
             r"\qquad \text{noise} \propto \frac{1}{\sqrt{|B|}}")
    st.markdown("**Takeaway:** per epoch, small batches take many noisy steps and full batches one exact step; "
                "mini-batches get most of both, and vectorised hardware makes each step nearly as cheap as one image.")
