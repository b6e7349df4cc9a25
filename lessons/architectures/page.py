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
top, below = st.container(), st.container()
with top, ui.shared_settings("arch_"):  # the link notice and "Share this setup" go above the tabs
    with below:
        tabs = ui.tabs("arch_tab", ["Playground", "Depth, width & capacity", "FNN vs CNN vs RNN"])
        play_tab, capacity_tab, versus_tab = tabs
    with play_tab:  # every setting on the page is in the URL, so all controls are drawn on every run
        controls.presets()
        rail, stage = st.columns([1, 2.5], gap="medium")  # the controls in a narrow rail beside the picture
        with rail:
            setup = controls.with_inputs(controls.show())
    with versus_tab:
        cmp_cfg = compare.controls()

run = training.network(setup)
with play_tab:
    live = training.show(run, setup, stage)
ui.show_open_tabs((capacity_tab, versus_tab), (lambda: capacity.show(run, setup), lambda: compare.show(cmp_cfg)))

# Last, so that every tab above is drawn first: the live view of the network as it trains.
training.live_view(live, run, setup)
