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
    tabs = ui.bound(st.tabs, ["Loss functions", "Gradient descent race", "Batch size", "Backprop step by step",
                    "Vanishing gradients"], key="loss_tab")
    with tabs[0]:
        loss_functions.show()
    with tabs[1]:
        race.show()
    with tabs[3]:
        backprop_walk.show()
    digits = ui.digits(ui.device().kind)
    with tabs[2]:
        batch_size.show(digits)
    with tabs[4]:
        vanishing.show(digits)
