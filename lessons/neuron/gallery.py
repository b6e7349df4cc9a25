"""Activation gallery: the learner compares every activation and its derivative at the calculator's z."""
import pandas as pd
import streamlit as st

import ui
from core import activations
from core.neuron import figures as neuron_figures
from core.neuron.calculator import NEURON_ACTIVATIONS, NeuronConfig, NeuronOutput


def show(cfg: NeuronConfig, out: NeuronOutput) -> None:
    st.markdown("Each panel shows f(z) (solid) and its derivative f′(z) (dashed). Backpropagation multiplies the "
                "gradient by f′(z), so f′ decides how much learning signal gets back through the neuron. "
                f"The two points mark the calculator's z = {out.z:.4f}.")
    ui.chart(neuron_figures.activation_gallery(out.z, cfg.slope, cfg.alpha, cfg.activation), key="neuron_gallery")
    st.caption(f"Look at the shading. **Solid grey**: f′ = 0 exactly, so nothing passes back (ReLU below 0). "
               f"**Hatched**: f′ is below {activations.VANISH} but not zero, so the signal passes, at least "
               f"{1 / activations.VANISH:.0f}× weaker per layer (sigmoid's and tanh's tails, Leaky ReLU below 0 "
               f"with its slope s = {cfg.slope:g}).")
    info = activations.get(cfg.activation)
    st.latex(info.formula + r"\qquad " + info.derivative)
    st.dataframe(pd.DataFrame(
        [{"activation": activations.get(k).label, "f(z)": float(activations.value(k, out.z, cfg.slope, cfg.alpha)),
          "f′(z)": float(activations.derivative(k, out.z, cfg.slope, cfg.alpha))}
         for k in NEURON_ACTIVATIONS]), hide_index=True, key="neuron_values")
    leaky = ("keeps a small slope s below zero" if cfg.slope > 0 else
             "keeps a slope s below zero (set to 0 here, which makes it plain ReLU: move the slider)")
    st.info("**Dying ReLU.** For z < 0 ReLU outputs 0 *and* its slope is 0. A neuron whose z is negative for "
            "every input gets no gradient, so its weights never change again: it is dead. A big learning-rate "
            f"step or a large negative bias can kill many at once. **Leaky ReLU** {leaky} and **ELU** a slope "
            "α·eᶻ, so a gradient, small but not zero, always flows and the neuron can come back.",
            icon=":material/heart_broken:")
