"""Depth, width and capacity: the learner counts the network's parameters and sweeps networks of growing size."""
from dataclasses import replace

import streamlit as st

import ui
from core.architectures import alt_text
from core.architectures import figures as figs
from core.architectures.capacity import SWEEP_NETS, SweepConfig, takeaway
from core.architectures.playground import PlaygroundRun
from core.architectures.points import FEATURE_LABELS, OWN
from lessons.architectures import cache
from lessons.architectures.controls import ACTIVATION_NAMES, Setup

RUN = "Sweep with your settings"  # the button's label, which the default note names
MINE = "arch_sweep_mine"  # session key: the SweepConfig the learner last asked for


def describe(cfg: SweepConfig) -> str:
    d = cfg.data
    classes = f", {d.classes} classes" if d.task == "multiclass" else ""
    name, points = d.label, len(d.own) if d.kind == OWN else d.points
    return (f"{name}, {points} points{classes}, {d.noise:.0%} noise, {d.train_ratio:.0%} for "
            f"training · inputs {', '.join(FEATURE_LABELS[f] for f in cfg.features)} · "
            f"{ACTIVATION_NAMES[cfg.activation]}")


NOISY = {"arch_data": "circle", "arch_noise": 30, "arch_points": 100}  # 50 training points, labels read 30% off


def sweep_noisy(setup: Setup) -> None:
    """One click: a few noisy points (the circle, 30% noise, 100 points), and a sweep of them."""
    st.session_state.update(NOISY)  # the data only: the learner's inputs and activation stay
    data = replace(setup.data, kind=NOISY["arch_data"], noise=NOISY["arch_noise"] / 100, points=NOISY["arch_points"])
    st.session_state[MINE] = SweepConfig.of(data, setup.net.features, setup.activation)


def parameters_formula(sizes: list[int], total: int, per_line: int = 4) -> str:
    """Σ (n_in + 1)·n_out written out layer by layer: a few layers a line, in the smaller script style, so that a
    phone shows the whole sum."""
    terms = [rf"({a}+1)\cdot {b}" for a, b in zip(sizes, sizes[1:], strict=False)]
    lines = [" + ".join(terms[i:i + per_line]) for i in range(0, len(terms), per_line)]
    lines[-1] += f" = {total:,}"
    body = r" \\ ".join(rf"&{'=' if i == 0 else '+'} {{\scriptstyle {line}}}" for i, line in enumerate(lines))
    head = r"\text{parameters} &= \sum_{\ell} (n_{\ell-1} + 1)\, n_\ell"
    return rf"\begin{{aligned}} {head} \\ {body} \end{{aligned}}"


def show(run: PlaygroundRun, setup: Setup) -> None:
    st.markdown(
        "A network's **capacity** is how many different boundaries it can draw, and it grows with its "
        "parameters: every weight and every bias. Too few and it cannot draw the boundary at all (train and "
        "test error stay high); enough and it fits; on a few noisy points, more fit the noise as well "
        "(train error falls, test error does not). Every network here trains on 3 seeds, so a difference "
        "counts only when it holds on each."
    )
    task, features = setup.data.task, setup.net.features
    sizes = [len(features), *setup.net.hidden, 1 if task != "multiclass" else setup.data.classes]
    st.latex(parameters_formula(sizes, run.parameters))

    yours = SweepConfig.of(setup.data, features, setup.activation)
    buttons = st.container(horizontal=True)
    if buttons.button(RUN, icon=":material/play_arrow:", type="primary", key="arch_sweep_go"):
        st.session_state[MINE] = yours
    buttons.button("Sweep 50 noisy points", icon=":material/grain:", key="arch_sweep_noisy",
                   on_click=sweep_noisy, args=(setup,),
                   help="Sets the Playground's data to the circle with 30% noise and 100 points (50 to train on), "
                        "then sweeps it: where extra capacity starts fitting the noise.")
    shown = st.session_state.get(MINE, SweepConfig())
    with ui.progress(f"Training {len(SWEEP_NETS)} networks of growing size on {shown.seeds} seeds…") as move:
        points = cache.capacity_sweep(shown, on_progress=move)
    regression = shown.data.task == "regression"
    ui.chart(figs.capacity_chart(points, run.parameters, regression), key="arch_capacity",
             caption=alt_text.capacity_caption(points, run.parameters, regression),
             table=alt_text.capacity_table(points, regression))
    if MINE not in st.session_state:
        ui.default_note(RUN)
    elif shown != yours:
        st.caption(":material/history: Drawn for the settings you last swept; the Playground's have changed "
                   f"since. Press **{RUN}** to sweep them.")
    st.caption(f"**Swept:** {describe(shown)}. Each network: full-batch Adam 0.03 for {shown.epochs} epochs, on "
               f"{shown.seeds} seeds (a fresh sample of the data and fresh first weights); thick lines are the "
               "mean, faint lines single seeds. Look for where the test error stops falling, and whether the "
               "train error keeps falling after it.")
    st.markdown(f"**Takeaway:** {takeaway(points, regression)}")
