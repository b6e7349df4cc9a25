"""Home: what the lab teaches, where it runs, and the questions learners ask first."""
import streamlit as st

import ui
from core import palette
from ui import assignment, challenges

st.title("Neural Network Basics Lab")
st.markdown(
    "Learn how neural networks work by **touching** them: move a weight and watch a neuron's output "
    "change, see one neuron fail on XOR while two layers solve it, race optimisers across a loss "
    "surface, watch leakage inflate a score, train a real MNIST classifier live, and audit a model for bias."
)
device_slot = st.empty()  # filled last: finding the device imports PyTorch, the slowest step of a cold start

st.subheader("The map: seven concepts, six lessons")
for lesson in ui.LESSONS:
    with st.container(border=True):
        st.page_link(lesson.path, label=f"**{lesson.title}**", icon=lesson.icon)
        st.caption(lesson.concepts)

st.subheader("Your progress")
st.caption("Every lesson ends with challenges that check themselves against your own runs. What you solve is "
           "kept in this browser only.")
challenges.panel()

with st.expander("For instructors: check a student's completion code", icon=":material/verified:"):
    st.caption("An assignment link (see the README) gives a student who reaches its goal a completion code. "
               "Paste it here to see whether this server signed it and what it records.")
    assignment.checker()

with st.expander("How to read the charts: one meaning per colour, in every lesson", icon=":material/palette:"):
    swatch = '<span style="display:inline-block;width:0.9em;height:0.9em;border-radius:2px;background:{}"></span>'
    st.markdown("\n".join(f"- {swatch.format(color)} **{name}**: {meaning}" for color, name, meaning in palette.LEGEND),
                unsafe_allow_html=True)
    st.caption("Colour is never the only cue: lines also differ in dash, points in shape, and every chart says "
               "in words what it shows.")

st.subheader("Questions learners ask")
FAQ = {
    "What is a neural network?":
        "A function built from many small, identical pieces called neurons. Each neuron multiplies its "
        "inputs by weights, adds a bias and passes the sum through a non-linear activation. Training nudges "
        "all the weights, a little at a time, so that the network's outputs move closer to the right answers.",
    "How much maths do I need?":
        "Less than you fear. Weighted sums (a little linear algebra), the idea of a slope (derivatives and "
        "the chain rule) and averages (basic probability) cover everything here. Every page shows its "
        "formula next to the picture, with the current numbers filled in.",
    "What is the difference from deep learning?":
        "Deep learning is neural networks with many layers. The ideas are the same; depth lets a network "
        "build features out of features, and it needs more data, more compute and tricks such as good "
        "initialisation and normalisation to train well.",
    "Can I use neural networks on small datasets?":
        "You can, but they rarely win. With a few hundred rows, classical models (logistic regression, "
        "random forests, SVMs) are often as good and far easier to trust. The Data & splits lesson "
        "compares them honestly.",
    "How long does it take to learn?":
        "An afternoon with this lab gets you the core ideas; a few weeks of building small projects makes "
        "them stick. Understanding why training fails (the pitfalls in the MNIST lesson) is what takes longest.",
}
for question, answer in FAQ.items():
    with st.expander(question):
        st.write(answer)

with device_slot:
    ui.device_badge()
