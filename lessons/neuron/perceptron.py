"""Perceptron: the learner steps the perceptron rule through a logic gate and sees why XOR cannot be learned."""
import numpy as np
import streamlit as st

import ui
from core.neuron import figures as neuron_figures
from core.neuron import perceptron


def controls() -> perceptron.PerceptronConfig:
    p1, p2, p3, p4, p5 = st.columns([3, 2, 1, 1, 1])
    gate = ui.bound(p1.segmented_control, "Gate", list(perceptron.GATES), default="AND", required=True,
                    key="neuron_gate")
    lr = ui.bound(p2.select_slider, "Learning rate η", [0.1, 0.25, 0.5, 1.0], 0.5, key="neuron_lr")
    pw1 = ui.bound(p3.slider, "start w1", -1.0, 1.0, 0.0, 0.1, key="neuron_pw1")
    pw2 = ui.bound(p4.slider, "start w2", -1.0, 1.0, 0.0, 0.1, key="neuron_pw2")
    pb = ui.bound(p5.slider, "start b", -1.0, 1.0, 0.0, 0.1, key="neuron_pb")
    return perceptron.PerceptronConfig(gate, lr, round(pw1, 4), round(pw2, 4), round(pb, 4))


@st.fragment
def stepper(pcfg: perceptron.PerceptronConfig):
    """The perceptron's step-by-step view; Next and Back rerun only this part of the page."""
    run = perceptron.train(pcfg)
    total = len(run.steps)
    cursor = st.session_state.get("neuron_perceptron")
    if cursor is None or cursor.config != pcfg:  # new settings: start again from step 0
        cursor = st.session_state["neuron_perceptron"] = perceptron.Cursor(pcfg)

    def move(by: int):
        """Runs before the rerun, so every button is drawn with the moved cursor's state."""
        st.session_state["neuron_perceptron"] = st.session_state["neuron_perceptron"].moved(by, total)

    with st.container(horizontal=True):
        st.button("Back", icon=":material/skip_previous:", key="neuron_back", disabled=cursor.step == 0,
                  on_click=move, args=(-1,))
        st.button("Next", icon=":material/skip_next:", key="neuron_next", type="primary",
                  disabled=cursor.step == total, on_click=move, args=(1,))
        st.button("To the end", icon=":material/fast_forward:", key="neuron_end", disabled=cursor.step == total,
                  on_click=move, args=(total,))
        st.button("Reset", icon=":material/restart_alt:", key="neuron_reset", disabled=cursor.step == 0,
                  on_click=move, args=(-total,))
    done = run.steps[:cursor.step]
    shown = done[-1] if done else None
    w_now, b_now = (shown.w_after, shown.b_after) if shown else ((pcfg.w1, pcfg.w2), pcfg.b)
    answers = np.array(perceptron.outputs(*w_now, b_now))
    left, right = st.columns([3, 2])
    with left:
        ui.chart(neuron_figures.perceptron_figure(
            np.array(perceptron.INPUTS), np.array(perceptron.GATES[pcfg.gate]), answers, w_now, b_now,
            shown.index if shown else None), key="neuron_perceptron_fig")
        st.caption("Blue circles should get 1, orange squares 0. The unit says 1 on the blue-tinted side of its "
                   "line and 0 on the orange-tinted side; a vermillion cross marks a point it gets wrong.")
    with right:
        st.metric("Step", f"{cursor.step} of {total}")
        if shown is None:
            st.markdown(f"Start: w = ({pcfg.w1:g}, {pcfg.w2:g}), b = {pcfg.b:g}. Press **Next** to show the unit "
                        "the first point.")
        else:
            verdict = "right, no change" if not shown.mistake else f"wrong, so t − y = {shown.target - shown.output}"
            st.markdown(f"Epoch {shown.epoch}: x = {shown.x}, target t = {shown.target}; "
                        f"z = {shown.z:g}, so y = {shown.output}: **{verdict}**.")
            st.markdown(f"Now w = ({w_now[0]:g}, {w_now[1]:g}), b = {b_now:g}; "
                        f"right on {perceptron.accuracy(pcfg.gate, *w_now, b_now):.0%} of the four points.")
            st.caption("Mistakes per epoch so far: " + ", ".join(map(str, run.mistakes_up_to(cursor.step))))
        if cursor.step == total:
            (st.success if run.status == "converged" else st.error)(run.message)


def show(pcfg: perceptron.PerceptronConfig) -> None:
    st.latex(r"y = \begin{cases}1 & w_1x_1 + w_2x_2 + b > 0\\ 0 & \text{otherwise}\end{cases}\qquad "
             r"w_i \leftarrow w_i + \eta\,(t - y)\,x_i,\quad b \leftarrow b + \eta\,(t - y)")
    stepper(pcfg)
    line = perceptron.separating_line(pcfg.gate)
    if line is None:
        st.markdown("**Why no weights work.** Each point demands one inequality:")
        st.latex(r"\begin{aligned}(0,0)\mapsto 0:&\quad b \le 0 & (0,1)\mapsto 1:&\quad w_2 + b > 0\\"
                 r"(1,0)\mapsto 1:&\quad w_1 + b > 0 & (1,1)\mapsto 0:&\quad w_1 + w_2 + b \le 0\end{aligned}")
        st.latex(r"\text{Add the two in the middle: } w_1 + w_2 + b > -b \ge 0"
                 r"\text{, which contradicts the last one.}")
        st.error("No line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other, so a single "
                 "threshold unit is wrong on at least one of the four points, whatever its weights. "
                 "Each fix the rule makes breaks another point. Two layers solve it (Architectures page).",
                 icon=":material/block:")
    else:
        st.markdown(f"A separating line exists, e.g. {line[0]:g}·x₁ {line[1]:+g}·x₂ {line[2]:+g} = 0, so the "
                    "perceptron convergence theorem promises the rule stops making mistakes.")
    st.markdown("**Takeaway:** one neuron draws one straight line; it learns any gate a line can separate, "
                "and no more.")
