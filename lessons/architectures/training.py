"""The Playground's run: the learner trains, steps, stops or resets the network and watches it learn live."""
import json
from dataclasses import dataclass

import streamlit as st

import ui
from core.architectures import alt_text, challenges, export, playground
from core.architectures import figures as figs
from core.architectures import trainer as playground_train
from core.architectures.views import snapshot
from lessons.architectures import cache, history
from lessons.architectures.controls import Setup
from ui import challenges as ui_challenges

HEADS = {  # each formula in an aligned block, one relation a line, so that a phone shows it whole
    "binary": ("Sigmoid + binary cross-entropy", r"\begin{aligned} \hat p &= \sigma(z) = \frac{1}{1+e^{-z}} \\ "
               r"\mathcal{L} &= -\frac{1}{N}\sum_i \big[y_i \log \hat p_i \\ &\qquad + (1-y_i)\log(1-\hat p_i)\big] "
               r"\end{aligned}",
               "One output z; the sigmoid squeezes it into a probability of blue, and cross-entropy punishes "
               "a confident wrong answer hard."),
    "multiclass": ("Softmax + cross-entropy", r"\begin{aligned} \hat p_k &= \frac{e^{z_k}}{\sum_j e^{z_j}} \\ "
                   r"\mathcal{L} &= -\frac{1}{N}\sum_i \log \hat p_{i,\,y_i} \end{aligned}",
                   "One output per class; softmax turns them into probabilities that sum to 1, and the loss "
                   "is the surprise at the true class."),
    "regression": ("Linear output + mean squared error", r"\begin{aligned} \hat y &= z \\ \mathcal{L} &= "
                   r"\frac{1}{N}\sum_i (\hat y_i - y_i)^2 \end{aligned}",
                   "One output left as it is; the loss is the average squared miss."),
}
CHUNK_S = 0.5  # while training, redraw after about every 0.5 s of training


def network(setup: Setup) -> playground.PlaygroundRun:
    """The visitor's network: kept across reruns and page switches until its data or structure changes."""
    cache.warm_up()  # the first optimizer imports torch._dynamo (seconds): do it before Train is pressed
    run = st.session_state.get("playground_run")
    if run is None or not playground.same_setup(run, setup.data, setup.net):  # a new network, as in the Playground
        run = st.session_state["playground_run"] = playground.new_run(setup.data, setup.net)
    return run


@dataclass(frozen=True)
class Live:
    """Where the live view is drawn: beside the rail (numbers, boundary, diagram) and below it (neurons, curves)."""

    stage: object  # st.empty() placeholders, filled by `draw`
    below: object
    runs: object  # a container under them for the visitor's kept runs (lessons.architectures.history)


def show(run: playground.PlaygroundRun, setup: Setup, stage) -> Live:
    """The run buttons beside the rail, then the output head and its loss; returns where the live view goes."""
    def reset():
        st.session_state["playground_run"] = playground.new_run(setup.data, setup.net)

    fit = setup.fit
    with stage:
        buttons = st.container(horizontal=True)
        buttons.button("Train", type="primary", icon=":material/play_arrow:", key="arch_train", disabled=run.training,
                       on_click=playground_train.start, args=(run, fit))
        buttons.button("Stop", icon=":material/stop:", key="arch_stop_btn", disabled=not run.training,
                       on_click=playground_train.stop, args=(run,))
        if buttons.button("Step one epoch", icon=":material/skip_next:", key="arch_step", disabled=run.training):
            playground_train.step_epoch(run, fit)
        buttons.button("Reset", icon=":material/restart_alt:", key="arch_reset", on_click=reset)
        st.caption(f"{len(run.data.train_y)} training, {len(run.data.val_y)} validation and {len(run.data.test_y)} "
                   f"test points · {run.parameters:,} parameters · trains on the CPU (tiny networks are faster there)")
        beside = st.empty()  # the live view: drawn at the end of the page, redrawn after every chunk of training
    live = Live(beside, st.empty(), st.container())

    name, formula, words = HEADS[setup.data.task]
    st.subheader(f"Output head: {name}")
    text, picture = st.columns([3, 2], vertical_alignment="center")
    with text:
        st.latex(formula)
        st.caption(words)
        if fit.regularization != "none" and fit.reg_rate > 0:
            term = r"\sum_w |w|" if fit.regularization == "l1" else r"\sum_w w^2"
            st.latex(rf"\mathcal{{L}}_{{\text{{train}}}} = \mathcal{{L}}_{{\text{{data}}}} + {fit.reg_rate:g}\,{term}")
    with picture:
        task = setup.data.task
        ui.chart(figs.head_loss_chart(task), key="arch_head_loss", caption=alt_text.head_loss_caption(task),
                 table=alt_text.head_loss_table(task))
    with st.expander("The three heads, side by side"):
        for other, (title, tex, text) in HEADS.items():
            st.markdown(f"**{title}** ({other})")
            st.latex(tex)
            st.caption(text)
    st.download_button("Download this network (JSON)", lambda: json.dumps(playground.export(run)), "playground.json",
                       "application/json", icon=":material/download:", key="arch_export", on_click="ignore")
    st.markdown("**Take it home:** this experiment as a standalone PyTorch script or notebook, with your settings "
                f"and the {run.epoch or export.DEFAULT_EPOCHS:,} epochs "
                + ("the network has trained" if run.epoch else "it would train by default")
                + "; on a CPU it prints the numbers this page shows.")
    ui.export(export.playground_script(setup.data, setup.net, setup.fit, run.epoch), key="arch_export_playground")
    st.markdown("**Takeaway:** with no hidden layer the boundary is a straight line; hidden layers bend it, "
                "and well-chosen features (x₁², x₂²) can make a hard problem easy for a small network.")
    return live


def draw(live: Live, run: playground.PlaygroundRun, task: str, frame: int = 0) -> None:
    """Metrics, boundary and diagram beside the rail; neuron images and curves below it."""
    with live.stage.container():
        if run.message:
            show = {"diverged": st.error, "paused": st.info, "reached target": st.success,
                    "early-stopped": st.success, "done": st.info}.get(run.status, st.info)
            show(run.message)
        now = playground.evaluate(run, run.epoch)
        score = "R²" if task == "regression" else "accuracy"
        shown = (lambda v: f"{v:.3f}") if task == "regression" else (lambda v: f"{v:.1%}".replace("100.0%", "100%"))
        row = st.container(horizontal=True, wrap=True)  # one row beside the rail, two on a phone
        row.metric("Epoch", f"{run.epoch:,}", width=90)
        row.metric("Train loss", f"{now.train_loss:.3f}", width=100)
        row.metric("Test loss", f"{now.test_loss:.3f}", delta=f"{now.test_loss - now.train_loss:+.3f} vs train",
                   delta_color="off", delta_arrow="off", width=120)
        row.metric(f"Train {score}", shown(now.train_score), width=112)
        row.metric(f"Test {score}", shown(now.test_score), width=112)
        snap = snapshot(run)
        left, right = st.columns([1.25, 1])
        with left:
            untrained = " (untrained)" if run.epoch == 0 else ""
            classes = {"binary": "blue ● class 1, orange ✕ class 0", "regression": "orange −1 → blue +1"}
            # the training points' ring is the page's colour, the test points' the text's: words for each theme
            rings = "dark ring: train, light ring: test" if st.context.theme.type == "dark" else \
                "white ring: train, dark ring: test"
            st.markdown(f"**Output over the plane**{untrained} · {classes.get(task, 'a colour and shape per class')}"
                        f" · {rings}")
            sizes = {"train": len(run.data.train_y), "validation": len(run.data.val_y), "test": len(run.data.test_y)}
            ui.chart(figs.decision_boundary(snap, run.data), key=f"arch_boundary{frame}",
                     caption=alt_text.boundary_caption(task, now, sizes["test"]),
                     table=alt_text.splits_table(task, now, sizes))
        with right:
            st.markdown("**The network** · weights: blue solid positive, orange dashed negative, thicker = larger")
            ui.chart(figs.network_diagram(snap, run.net_cfg.features), key=f"arch_diagram{frame}",
                     caption=alt_text.diagram_caption(snap, run.net_cfg.features),
                     table=alt_text.diagram_table(snap))
    with live.below.container():
        st.markdown("**What every neuron computes** · each small image is one neuron's output over the plane "
                    "(blue positive, orange negative)")
        ui.chart(figs.neuron_mosaic(snap), key=f"arch_neurons{frame}", caption=alt_text.mosaic_caption(snap))
        if len(run.history) > 1:
            best = run.best_epoch if run.status == "early-stopped" else -1
            st.markdown("**Loss and " + ("R²" if task == "regression" else "accuracy") + " per epoch** · look for "
                        "the test curve leaving the train curve: the gap is what the network learnt that does not "
                        "carry over to new points")
            ui.chart(figs.loss_curves(run.history, task, best), key=f"arch_curves{frame}",
                     caption=alt_text.curves_caption(run.history, task),
                     table=alt_text.curves_table(run.history, task))
        else:
            st.caption(":material/show_chart: The loss and accuracy curves appear here once the network has "
                       "trained: press **Train** or **Step one epoch**.")


def record(run: playground.PlaygroundRun, fit: playground.FitConfig) -> None:
    """A run that has ended (Stop, a stop rule, a step, the epoch budget) goes to the challenges and the run
    history, once per end."""
    end = (id(run), run.epoch, run.status)
    if run.training or run.epoch == 0 or st.session_state.get("arch_recorded") == end:
        return
    st.session_state["arch_recorded"] = end
    ui_challenges.record("architectures", challenges.RESULT, challenges.playground_result(run))
    history.keep(run, fit)


def live_view(live, run: playground.PlaygroundRun, setup: Setup) -> None:
    """Train in chunks and redraw after each. Any click (Stop, a slider, another page) interrupts
    this loop with a rerun, which resumes it if still training."""
    record(run, setup.fit)
    draw(live, run, setup.data.task)
    with live.runs:
        history.show(run)
    frame = 0
    while run.training:
        playground_train.train_chunk(run, setup.fit, CHUNK_S)
        frame += 1
        draw(live, run, setup.data.task, frame)
        if not run.training:  # a stop rule ended it: record it and redraw the buttons
            record(run, setup.fit)
            st.rerun()
