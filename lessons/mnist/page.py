"""MNIST training: train a real digit classifier live, look inside it, break it, draw for it, keep it."""
import streamlit as st

import ui
from core import hosting
from core.mnist.lab import MnistLab
from lessons.mnist import draw, evaluation, inside, keep, pitfall_lab, scratch, train

TABS = ["Train", "Inside the model", "Evaluation", "Pitfall lab", "Draw a digit", "From scratch", "Keep & share"]

st.title("MNIST training")
st.markdown(
    "MNIST is 70,000 handwritten digits, 28×28 grey pixels each. A network reads the 784 pixels and "
    "outputs 10 scores (logits), one per digit; softmax turns them into probabilities and cross-entropy "
    "punishes a low probability on the right digit. Train one live, look inside it, break it on purpose, "
    "draw a digit for it, and take it home."
)
ui.device_badge()
limits = hosting.limits()
device = ui.device()
data = ui.digits(device.kind)
st.caption(f"The whole dataset sits on the training device as tensors ({data.train_x.device}), so no time is "
           "spent copying batches.")
lab: MnistLab = st.session_state.setdefault("mnist_lab", MnistLab())

sections = (
    lambda: train.show(lab, data, device, limits),
    lambda: inside.show(lab, data, device),
    lambda: evaluation.show(lab, data, device),
    lambda: pitfall_lab.show(lab, data, device),
    lambda: draw.show(lab, data, device),
    lambda: scratch.show(lab, data, device),
    lambda: keep.show(lab, data, device),
)
with ui.shared_settings("mnist_"):
    tabs = ui.tabs("mnist_tab", TABS)
    ui.show_open_tabs(tabs, sections)
