"""Gradient descent race: the learner races torch optimizers across loss surfaces and tunes learning rates."""
import streamlit as st

import ui
from core.loss_optimization import figures as loss_figures
from core.loss_optimization import race as optimizers
from lessons.loss_optimization import cache


def set_lrs(surface: str, scale: float):
    for opt, lr in optimizers.default_lrs(surface, scale).items():
        st.session_state[f"loss_lr_{surface}_{opt}"] = lr


def show() -> None:
    st.markdown("Every racer is a real `torch.optim` optimizer moving one tensor θ = (x, y) downhill from the same "
                "start, with the same budget of steps. Momentum remembers past gradients; RMSprop and Adam divide "
                "each coordinate's step by the size of its recent gradients.")
    c1, c2, c3 = st.columns(3)
    surface = ui.bound(c1.selectbox, "Surface", list(optimizers.SURFACES), 1, key="loss_surface",
                       format_func=lambda s: optimizers.SURFACES[s].title)
    s = optimizers.SURFACES[surface]
    steps = ui.bound(c2.slider, "Steps (the budget)", 10, 500, 200, 10, key="loss_steps")
    beta = ui.bound(c3.slider, "Momentum β", 0.0, 0.99, 0.9, 0.01, key="loss_beta")
    x0, x1, y0, y1 = s.box
    sx = ui.bound(c1.slider, "Start x", float(x0), float(x1), float(s.start[0]), 0.05, key=f"loss_x0_{surface}")
    sy = ui.bound(c2.slider, "Start y", float(y0), float(y1), float(s.start[1]), 0.01, key=f"loss_y0_{surface}")
    racers = ui.bound(st.pills, "Racers", optimizers.OPTIMIZERS, selection_mode="multi",
                      default=list(optimizers.OPTIMIZERS),
                      key="loss_racers") or ["SGD"]
    presets = st.container(horizontal=True)
    for label, scale in (("Too small", 0.05), ("About right", 1.0), ("Too large", 10.0)):
        presets.button(f"Learning rates: {label.lower()}", key=f"loss_preset_{scale:g}", on_click=set_lrs,
                       args=(surface, scale), icon=":material/tune:", help="Set every learning rate for this surface")
    defaults = optimizers.default_lrs(surface)
    lr_cols = st.columns(len(optimizers.OPTIMIZERS))
    lrs = {opt: ui.bound(col.select_slider, f"{opt} lr", optimizers.LR_GRID, defaults[opt],
                         format_func=lambda v: f"{v:g}", key=f"loss_lr_{surface}_{opt}")
           for opt, col in zip(optimizers.OPTIMIZERS, lr_cols, strict=True)}
    cfg = optimizers.RaceConfig(surface, (sx, sy), tuple((o, lrs[o]) for o in optimizers.OPTIMIZERS if o in racers),
                                steps, beta)
    result = cache.race(cfg)
    st.latex(s.formula)
    left, right = st.columns([3, 2])
    with left:
        ui.chart(loss_figures.race_paths(result), key="loss_race_paths")
    with right:
        ui.chart(loss_figures.race_losses(result), key="loss_race_losses")
    st.caption("Look at the paths: each racer has its own colour, dash and marker; the star is the minimum. On the "
               "right, a straight line down means steady convergence (the axis is logarithmic), a flat one a "
               "racer that crawls; a vermillion cross marks a racer that diverged.")
    st.markdown("**Step counter:** the step from which each racer stays at a minimum")
    counter = st.columns(len(result.racers))
    for col, r in zip(counter, result.racers, strict=True):
        value = {"reached": f"step {r.step}", "diverged": "diverged"}.get(r.status, f"not in {steps}")
        col.metric(r.name, value, help=r.message)
    for r in result.racers:
        if r.status == "diverged":
            st.error(r.message, icon=":material/trending_up:")
        elif r.status in ("bouncing", "stuck"):
            st.warning(r.message, icon=":material/swap_vert:")
        elif r.status == "crawling":
            st.info(r.message, icon=":material/hourglass_top:")
    if s.critical_lr:
        st.latex(rf"\text{{Plain SGD on this quadratic: stable only for }}\ \eta < \frac{{2}}{{\lambda_{{max}}}} = "
                 rf"\frac{{2}}{{{max(s.hessian_eigs):g}}} = {s.critical_lr:g}")
    with st.expander("The update rules", icon=":material/functions:"):
        st.latex(r"\text{SGD: } \theta \leftarrow \theta - \eta g \qquad "
                 r"\text{Momentum: } v \leftarrow \beta v + g,\ \theta \leftarrow \theta - \eta v")
        st.latex(r"\text{Adam: } m \leftarrow \beta_1 m + (1-\beta_1) g,\ v \leftarrow \beta_2 v + (1-\beta_2) g^2,\ "
                 r"\theta \leftarrow \theta - \eta \frac{\hat m}{\sqrt{\hat v} + \epsilon}")
    st.markdown(f"**Takeaway:** {optimizers.verdict(result)} Why: {s.lesson}")
