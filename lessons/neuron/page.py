"""Neuron: what one artificial neuron computes, and why it needs a bias and a non-linearity."""
import streamlit as st

import ui
from core.neuron.calculator import forward
from lessons.neuron import bias, by_hand, calculator, gallery, nonlinearity, perceptron

st.title("Neuron")
st.markdown(
    "A neural network is a function built from many copies of one small part, the **neuron**. A neuron "
    "multiplies each input by a **weight**, adds a **bias**, and passes the sum z through an **activation** "
    "f; its output a = f(z) is an input to the next layer. Move the sliders and watch every number change, "
    "then see why the bias and the non-linearity are not optional, and why one neuron cannot learn XOR."
)

top, below = st.container(), st.container()
with top, ui.shared_settings("neuron_"):  # the link notice and "Share this setup" go above the tabs
    with below:
        tabs = ui.tabs("neuron_tab", ["Neuron calculator", "Activation gallery", "Why bias", "Why non-linearity",
                                      "Perceptron", "Forward pass by hand"])
        calc_tab, gallery_tab, bias_tab, linear_tab, unit_tab, by_hand_tab = tabs
    with calc_tab:
        cfg = calculator.controls()
    with bias_tab:
        line = bias.controls()
    with linear_tab:
        seed = nonlinearity.controls()
    with unit_tab:
        pcfg = perceptron.controls()

out = forward(cfg)

ui.show_open_tabs(tabs, (
    lambda: calculator.show(cfg, out),
    lambda: gallery.show(cfg, out),
    lambda: bias.show(line),
    lambda: nonlinearity.show(cfg, seed),
    lambda: perceptron.show(pcfg),
    lambda: by_hand.show(cfg, out),
))
