"""Forward pass by hand: the learner reads the calculator's neuron as plain NumPy and sees its printed output."""
import streamlit as st

from core.neuron.calculator import NeuronConfig, NeuronOutput, numpy_snippet, run_snippet


def show(cfg: NeuronConfig, out: NeuronOutput) -> None:
    source = numpy_snippet(cfg)
    printed = run_snippet(source)
    st.markdown("The calculator's neuron in plain NumPy, with the current numbers. This page ran it; its output "
                "is below. Paste it into Python to check by hand.")
    st.code(source, language="python")
    st.code(printed, language=None)
    expected = f"z = {out.z:.4f}\na = {out.a:.4f}\n"
    if printed == expected:
        st.success("Same numbers as the calculator.", icon=":material/check_circle:")
    else:
        st.error(f"The snippet printed something else than the calculator's\n{expected}", icon=":material/error:")
