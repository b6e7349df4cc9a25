"""Activation gallery: the learner compares every activation and its derivative at the calculator's z."""
import pandas as pd
import streamlit as st

from core import activations
from core.neuron import figures as neuron_figures
from core.neuron.calculator import NEURON_ACTIVATIONS, NeuronConfig, NeuronOutput


def show(cfg: NeuronConfig, out: NeuronOutput) -> None:
    st.markdown("Each panel shows f(z) and its derivative f′(z): backpropagation multiplies the gradient by "
                f"f′(z), so the shaded zones, where f′ is zero or below {activations.VANISH}, pass almost no "
                f"learning signal back. The dots mark the calculator's z = {out.z:.4f}.")
    st.plotly_chart(neuron_figures.activation_gallery(out.z, cfg.slope, cfg.alpha, cfg.activation),
                    key="neuron_gallery")
    info = activations.get(cfg.activation)
    st.latex(info.formula + r"\qquad " + info.derivative)
    st.dataframe(pd.DataFrame(
        [{"activation": activations.get(k).label, "f(z)": float(activations.value(k, out.z, cfg.slope, cfg.alpha)),
          "f′(z)": float(activations.derivative(k, out.z, cfg.slope, cfg.alpha))}
         for k in NEURON_ACTIVATIONS]), hide_index=True, key="neuron_values")
    st.info("**Dying ReLU.** For z < 0 ReLU outputs 0 *and* its slope is 0. A neuron whose z is negative for "
            "every input gets no gradient, so its weights never change again: it is dead. A big learning-rate "
            "step or a large negative bias can kill many at once. **Leaky ReLU** keeps a small slope s below "
            "zero and **ELU** a slope α·eᶻ, so a gradient always flows and the neuron can come back.",
            icon=":material/heart_broken:")
