"""Neuron: what one artificial neuron computes, and why it needs a bias and a non-linearity."""
import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import activations, cache, neuron_bias, neuron_figures, neuron_layers, perceptron
from core.neuron import MAX_INPUTS, NeuronConfig, forward, latex, numpy_snippet, run_snippet

st.title("Neuron")
st.markdown(
    "A neural network is a function built from many copies of one small part, the **neuron**. A neuron "
    "multiplies each input by a **weight**, adds a **bias**, and passes the sum z through an **activation** "
    "f; its output a = f(z) is an input to the next layer. Move the sliders and watch every number change, "
    "then see why the bias and the non-linearity are not optional, and why one neuron cannot learn XOR."
)
X0 = (1.0, 0.5, -1.5, 2.0, -0.5)  # starting inputs, weights and bias of the calculator
W0 = (0.8, -0.4, 0.3, 0.5, -0.6)
NAMES = list(activations.ACTIVATIONS)

top, below = st.container(), st.container()
with top, ui.shared_settings("neuron_"):  # the link notice and "Share this setup" go above the tabs
    with below:
        calc, gallery, bias, linear, unit, by_hand = st.tabs(
            ["Neuron calculator", "Activation gallery", "Why bias", "Why non-linearity", "Perceptron",
             "Forward pass by hand"], key="neuron_tab", bind="query-params")
    with calc:
        c1, c2, c3, c4 = st.columns(4)
        n = c1.slider("Inputs", 2, MAX_INPUTS, 3, key="neuron_n", bind="query-params")
        act = c2.selectbox("Activation f", NAMES, format_func=lambda k: activations.ACTIVATIONS[k].label,
                           key="neuron_act", bind="query-params")
        slope = c3.slider("Leaky ReLU slope s", 0.0, 0.5, 0.01, 0.01, key="neuron_slope", bind="query-params")
        alpha = c4.slider("ELU α", 0.1, 3.0, 1.0, 0.1, key="neuron_alpha", bind="query-params")
        cols = st.columns(MAX_INPUTS + 1)
        xs = [cols[i].slider(f"x{i + 1}", -3.0, 3.0, X0[i], 0.1, key=f"neuron_x{i + 1}", bind="query-params")
              for i in range(n)]
        ws = [cols[i].slider(f"w{i + 1}", -3.0, 3.0, W0[i], 0.1, key=f"neuron_w{i + 1}", bind="query-params")
              for i in range(n)]
        b = cols[-1].slider("bias b", -3.0, 3.0, 0.1, 0.1, key="neuron_b", bind="query-params")
    with bias:
        d1, d2, d3, d4 = st.columns(4)
        use_bias = d1.toggle("Use a bias", True, key="neuron_use_bias", bind="query-params")
        bw1 = d2.slider("w1", -3.0, 3.0, 1.0, 0.1, key="neuron_bw1", bind="query-params")
        bw2 = d3.slider("w2", -3.0, 3.0, 1.0, 0.1, key="neuron_bw2", bind="query-params")
        bb = d4.slider("b", -10.0, 10.0, -5.0, 0.5, key="neuron_bb", bind="query-params", disabled=not use_bias)
    with linear:
        seed = st.slider("Seed for the layers' weights", 0, 100, 0, key="neuron_seed", bind="query-params")
    with unit:
        p1, p2, p3, p4, p5 = st.columns([3, 2, 1, 1, 1])
        gate = p1.segmented_control("Gate", list(perceptron.GATES), default="AND", required=True,
                                    key="neuron_gate", bind="query-params")
        lr = p2.select_slider("Learning rate η", [0.1, 0.25, 0.5, 1.0], 0.5, key="neuron_lr", bind="query-params")
        pw1 = p3.slider("start w1", -1.0, 1.0, 0.0, 0.1, key="neuron_pw1", bind="query-params")
        pw2 = p4.slider("start w2", -1.0, 1.0, 0.0, 0.1, key="neuron_pw2", bind="query-params")
        pb = p5.slider("start b", -1.0, 1.0, 0.0, 0.1, key="neuron_pb", bind="query-params")

# sliders step in tenths; rounding drops float noise such as 0.30000000000000004 from the formulas
cfg = NeuronConfig(tuple(round(v, 4) for v in xs), tuple(round(v, 4) for v in ws), round(b, 4), act,
                   round(slope, 4), round(alpha, 4))
out = forward(cfg)

if calc.open is not False:  # a hidden tab skips its work (bound tabs know which is open)
    with calc:
        z_line, a_line = latex(cfg, out)
        st.latex(z_line)
        st.latex(a_line)
        st.plotly_chart(neuron_figures.neuron_diagram(cfg, out), key="neuron_diagram")
        st.caption("Edge colour is the weight's sign (blue +, red −); its width is the weight's size.")
        st.markdown(f"**Takeaway:** the neuron is a weighted vote, z = {out.z:.4f}, squashed by f into "
                    f"a = {out.a:.4f}.")

if gallery.open is not False:
    with gallery:
        st.markdown("Each panel shows f(z) and its derivative f′(z): backpropagation multiplies the gradient by "
                    f"f′(z), so the shaded zones, where f′ is zero or below {activations.VANISH}, pass almost no "
                    f"learning signal back. The dots mark the calculator's z = {out.z:.4f}.")
        st.plotly_chart(neuron_figures.activation_gallery(out.z, cfg.slope, cfg.alpha, act), key="neuron_gallery")
        info = activations.ACTIVATIONS[act]
        st.latex(info.formula + r"\qquad " + info.derivative)
        st.dataframe(pd.DataFrame(
            [{"activation": a.label, "f(z)": float(activations.value(k, out.z, cfg.slope, cfg.alpha)),
              "f′(z)": float(activations.derivative(k, out.z, cfg.slope, cfg.alpha))}
             for k, a in activations.ACTIVATIONS.items()]), hide_index=True, key="neuron_values")
        st.info("**Dying ReLU.** For z < 0 ReLU outputs 0 *and* its slope is 0. A neuron whose z is negative for "
                "every input gets no gradient, so its weights never change again: it is dead. A big learning-rate "
                "step or a large negative bias can kill many at once. **Leaky ReLU** keeps a small slope s below "
                "zero and **ELU** a slope α·eᶻ, so a gradient always flows and the neuron can come back.",
                icon=":material/heart_broken:")

if bias.open is not False:
    with bias:
        points, with_b, without_b = cache.neuron_bias_fits()
        mine = (bw1, bw2, bb if use_bias else 0.0)
        st.latex(rf"{bw1:g}\,x_1 {bw2:+g}\,x_2 {mine[2]:+g} = 0")
        fits = [(f"trained with bias ({with_b.accuracy:.0%})", with_b),
                (f"trained without bias ({without_b.accuracy:.0%})", without_b)]
        st.plotly_chart(neuron_figures.bias_figure(points.X, points.y, mine, fits, -1.0, 6.0), key="neuron_bias_fig")
        m1, m2, m3 = st.columns(3)
        m1.metric("Your line's accuracy", f"{neuron_bias.accuracy(points, *mine):.0%}")
        m2.metric("Best with a bias", f"{with_b.accuracy:.0%}")
        m3.metric("Best without a bias", f"{without_b.accuracy:.0%}")
        st.markdown("**Takeaway:** with b = 0 the point (0, 0) always satisfies w₁x₁ + w₂x₂ = 0, so the line can "
                    "only turn around the origin; the bias is what lets it move to where the classes meet.")

if linear.open is not False:
    with linear:
        layers = neuron_layers.random_layers(n, int(seed))
        x = np.array(cfg.x)
        res = neuron_layers.collapse(layers, x)
        m = neuron_layers.bmatrix
        st.markdown(f"Two layers, {n} inputs → {neuron_layers.HIDDEN} hidden → {neuron_layers.OUTPUTS} outputs, "
                    "fed the calculator's inputs x. Without an activation between them, multiply the matrices out:")
        st.latex(rf"W_1 = {m(layers.W1, 1)},\quad b_1 = {m(layers.b1, 1)}")
        st.latex(rf"W_2 = {m(layers.W2, 1)},\quad b_2 = {m(layers.b2, 1)}")
        st.latex(rf"W_2 W_1 = {m(layers.W)},\qquad W_2 b_1 + b_2 = {m(layers.b)}")
        st.latex(rf"W_2(W_1 x + b_1) + b_2 = {m(res.stacked, 4)} \qquad "
                 rf"(W_2W_1)\,x + (W_2 b_1 + b_2) = {m(res.single, 4)}")
        st.success(f"Identical: the largest difference is {res.linear_gap:.1e}, float rounding only.",
                   icon=":material/check_circle:")
        st.latex(rf"W_2\,\operatorname{{ReLU}}(W_1 x + b_1) + b_2 = {m(res.relu, 4)}")
        if res.relu_gap > 1e-9:
            st.warning(f"With ReLU between the layers the output differs by up to {res.relu_gap:.4f}: "
                       "the collapsed matrix no longer describes the network.", icon=":material/call_split:")
        else:
            st.warning("At this x every hidden unit is positive, so ReLU lets them all through unchanged; "
                       "move x (or the seed) and the two part ways.", icon=":material/call_split:")
        st.caption(f"Over 2,000 random inputs the best single linear layer still misses the ReLU network by "
                   f"RMS {res.best_linear_rms:.3f}: no matrix can replace it.")
        st.plotly_chart(neuron_figures.collapse_figure(*neuron_layers.along_input(layers, x), at=x[0],
                                                       input_name="x1 (others fixed)"), key="neuron_collapse")
        st.markdown("**Takeaway:** a stack of linear layers is one linear layer in disguise; the activation "
                    "between layers is what makes depth add power.")


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
    left.plotly_chart(neuron_figures.perceptron_figure(
        np.array(perceptron.INPUTS), np.array(perceptron.GATES[pcfg.gate]), answers, w_now, b_now,
        shown.index if shown else None), key="neuron_perceptron_fig")
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


if unit.open is not False:
    with unit:
        st.latex(r"y = \begin{cases}1 & w_1x_1 + w_2x_2 + b > 0\\ 0 & \text{otherwise}\end{cases}\qquad "
                 r"w_i \leftarrow w_i + \eta\,(t - y)\,x_i,\quad b \leftarrow b + \eta\,(t - y)")
        stepper(perceptron.PerceptronConfig(gate, lr, round(pw1, 4), round(pw2, 4), round(pb, 4)))
        line = perceptron.separating_line(gate)
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
            st.markdown(f"A separating line exists, e.g. {line[0]:g}·x₁ + {line[1]:g}·x₂ + {line[2]:g} = 0, so the "
                        "perceptron convergence theorem promises the rule stops making mistakes.")
        st.markdown("**Takeaway:** one neuron draws one straight line; it learns any gate a line can separate, "
                    "and no more.")

if by_hand.open is not False:
    with by_hand:
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
