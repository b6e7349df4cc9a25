"""Architectures: a playground for depth, width and features, and FNN vs CNN vs RNN on digits."""
import streamlit as st

import ui
from lessons.architectures import capacity, compare, controls, training

st.title("Architectures: a neural network playground")
st.markdown(
    "One neuron draws one straight line. Stack neurons into **layers** and the lines bend into curves, "
    "rings and spirals. Pick a data set, build a network, press **Train** and watch each neuron learn "
    "its piece of the boundary. Then ask how big a network must be, and how big is too big."
)
play_tab, capacity_tab, versus_tab = st.tabs(["Playground", "Depth, width & capacity", "FNN vs CNN vs RNN"])

with play_tab, ui.shared_settings("arch_"):  # every setting on the page, the comparison's included, is in the URL
    setup = controls.show()
    with versus_tab:
        cmp_cfg = compare.controls()
with play_tab:
    setup = controls.with_inputs(setup)

run = training.network(setup)
with play_tab:
    live = training.show(run, setup)
with capacity_tab:
    capacity.show(run, setup)
with versus_tab:
    compare.show(cmp_cfg)

# Last, so that every tab above is drawn first: the live view of the network as it trains.
training.live_view(live, run, setup)
