"""Loss & optimization: loss functions, gradient descent and its variants, batch sizes, backprop step by step."""
import streamlit as st

import ui
from lessons.loss_optimization import backprop_walk, batch_size, loss_functions, race, vanishing

st.title("Loss & optimization")
st.markdown(
    "Training is a loop: the **loss** scores how wrong the network is, **backpropagation** finds which way "
    "each weight should move to lower it, and an **optimizer** takes the step. This page takes the loop apart: "
    "pick a loss and see its slope, race optimizers across loss surfaces, compare batch sizes on real digits, "
    "step through backprop with every number shown, and watch gradients vanish in a deep network."
)

ui.device_badge()

with ui.shared_settings("loss_"):
    tabs = ui.tabs("loss_tab", ["Loss functions", "Gradient descent race", "Batch size", "Backprop step by step",
                                "Vanishing gradients"])
    ui.show_open_tabs(tabs, (
        loss_functions.show,
        race.show,
        lambda: batch_size.show(ui.digits(ui.device().kind)),
        backprop_walk.show,
        lambda: vanishing.show(ui.digits(ui.device().kind)),
    ))
