"""Neuron: what one artificial neuron computes, and why it needs a bias and a non-linearity."""
import streamlit as st

import ui
from core.neuron import forward
from sections.neuron import bias, by_hand, calculator, gallery, nonlinearity, perceptron

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
        calc_tab, gallery_tab, bias_tab, linear_tab, unit_tab, by_hand_tab = st.tabs(
            ["Neuron calculator", "Activation gallery", "Why bias", "Why non-linearity", "Perceptron",
             "Forward pass by hand"], key="neuron_tab", bind="query-params")
    with calc_tab:
        cfg = calculator.controls()
    with bias_tab:
        line = bias.controls()
    with linear_tab:
        seed = nonlinearity.controls()
    with unit_tab:
        pcfg = perceptron.controls()

out = forward(cfg)

if calc_tab.open is not False:  # a hidden tab skips its work (bound tabs know which is open)
    with calc_tab:
        calculator.show(cfg, out)

if gallery_tab.open is not False:
    with gallery_tab:
        gallery.show(cfg, out)

if bias_tab.open is not False:
    with bias_tab:
        bias.show(line)

if linear_tab.open is not False:
    with linear_tab:
        nonlinearity.show(cfg, seed)

if unit_tab.open is not False:
    with unit_tab:
        perceptron.show(pcfg)

if by_hand_tab.open is not False:
    with by_hand_tab:
        by_hand.show(cfg, out)
