"""The Neuron lesson's caches, and the default results the warm-up fills (ui/warmup.py)."""
import streamlit as st


@st.cache_data(show_spinner="Training one neuron with and without a bias…")
def bias_fits(seed: int = 0):
    """The bias lesson's points and its best neurons, trained with and without a bias (the same for everyone)."""
    from core.neuron import bias

    points = bias.shifted_clouds(seed=seed)
    return points, bias.fit(points, bias=True), bias.fit(points, bias=False)


DEFAULTS = {  # the same calls the tabs make, so that their cache entries are warm before anyone opens them
    "bias_fits": lambda: bias_fits(),
}
