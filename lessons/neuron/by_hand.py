"""Forward pass by hand: the learner reads the calculator's neuron as plain NumPy and sees its printed output."""
import streamlit as st

import ui
from core.neuron import figures as neuron_figures
from core.neuron.calculator import NeuronConfig, NeuronOutput, numpy_snippet, run_snippet


def show(cfg: NeuronConfig, out: NeuronOutput) -> None:
    source = numpy_snippet(cfg)
    printed = run_snippet(source)
    st.markdown("The calculator's neuron with its numbers: each edge carries one product wᵢ·xᵢ, the neuron adds "
                "them and the bias into z, and f turns z into a. Below, the same sum in plain NumPy; this page "
                "ran it. Paste it into Python to check by hand.")
    ui.chart(neuron_figures.neuron_diagram(cfg, out, terms=True), key="neuron_by_hand_diagram")
    total = " + ".join(f"{t:.4g}" for t in (*out.terms, cfg.b)).replace("+ -", "− ")
    st.caption(f"Add the edges' numbers: {total} = {out.z:.4f} = z, and a = f(z) = {out.a:.4f}.")
    st.code(source, language="python")
    st.code(printed, language=None)
    expected = f"z = {out.z:.4f}\na = {out.a:.4f}\n"
    if printed == expected:
        st.success("Same numbers as the calculator.", icon=":material/check_circle:")
    else:
        st.error(f"The snippet printed something else than the calculator's\n{expected}", icon=":material/error:")
