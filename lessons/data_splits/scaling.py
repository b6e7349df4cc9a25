"""Scaling: the learner trains one network on raw, [0, 1] and standardised pixels and compares convergence."""
import math

import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits import noise
from core.data_splits.scaling import SCALES, NormConfig
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button

DEFAULT = NormConfig()
RAW, UNIT, STANDARD = SCALES


def show(lab: DataLab, device_kind: str, hosted: bool) -> None:
    st.markdown("The same network, from the same initial weights and with the same batches, is trained on raw "
                "pixels (0–255), on pixels in [0, 1], and on standardised pixels (mean 0, standard deviation 1, "
                "with statistics of the training images). By default it learns with **SGD at one fixed step "
                "size**, the plainest optimiser, which feels the size of its inputs directly.")
    left, mid, right = st.columns(3)
    n = ui.bound(left.select_slider, "Training images", [500, 1000, 2000] + ([] if hosted else [5000]),
                 DEFAULT.n_train, key="data_norm_n")
    epochs = ui.bound(left.slider, "Epochs", 1, 5, DEFAULT.epochs, key="data_norm_epochs")
    opt = ui.bound(mid.selectbox, "Optimizer", ["sgd", "adam"], key="data_norm_opt",
                   help="sgd: SGD with momentum 0.9, one step size for every weight. adam: a step per weight.")
    lr = ui.bound(mid.select_slider, "Learning rate", [1e-4, 1e-3, 1e-2, 0.1], DEFAULT.lr, key="data_norm_lr")
    seeds = ui.bound(right.slider, "Seeds", 1, 3 if hosted else 5, DEFAULT.seeds, key="data_norm_seeds")
    cfg = NormConfig(n, epochs, opt, lr, seeds=seeds)
    st.latex(r"x' = \frac{x - \mu_{train}}{\sigma_{train}}")
    shown = run_button(lab, "norm", cfg, DEFAULT, "Train on the three scales")
    data = ui.digits(device_kind)
    with ui.progress("Training on the three scales…") as move:
        result = cache.scaling(shown.cfg, device_kind, data.name, on_progress=move)
    left, right = st.columns([3, 2])
    with left:
        ui.chart(dfig.scale_curves(result), key="data_norm_curves")
    with right:
        ui.chart(dfig.scale_accuracy(result, data.classes), key="data_norm_acc")
    broke = any(result.diverged(s) for s in SCALES)
    st.caption(f"Left: training loss (log scale), each of {shown.cfg.seeds} seed(s) faint and their mean bold"
               + ("; a vermillion × marks a run whose loss became NaN" if broke else "") + ". Right: validation "
               "accuracy after training, one dot per seed, whiskers one standard deviation. Look for the order of "
               "the lines and bars: orange (raw pixels, dotted), pale blue ([0, 1], dashed), blue (standardised).")
    shown.note()
    st.markdown(takeaway(result, shown.cfg))
    ui.chart(dfig.value_histograms(result.runs[0].values), key="data_norm_hist")
    st.caption("What the network reads: the same pixels on the three scales (note the x axes).")
    st.markdown("**Takeaway:** a step size that suits inputs of size 1 is far too large for inputs of size 255: "
                "the first layer's outputs are huge, so each step overshoots. Standardised inputs let one learning "
                "rate work for every weight; Adam hides part of the problem by scaling each weight's step.")


def takeaway(result, cfg: NormConfig) -> str:
    """The ranking on screen in words: who is ahead beyond the seed-to-seed spread, and who is inside the noise."""
    acc = {scale: result.final_acc(scale) for scale in SCALES}
    loss = {scale: -result.mean_loss(scale) for scale in SCALES}  # higher is better, as noise.rank wants
    by_loss = noise.rank(loss)
    fastest = by_loss.best if by_loss.clear_winner else " and ".join(by_loss.tied)
    parts = [f"Fastest to converge here (lowest mean training loss): **{fastest}**"
             + ("" if by_loss.clear_winner else " (inside the noise of each other)") + "."]
    summary = [f"{s} {noise.mean(acc[s]):.1%} ± {noise.spread(acc[s]):.1%}" if result.diverged(s) < cfg.seeds
               else f"{s} diverged on every seed" for s in SCALES]
    parts.append("Validation accuracy over " + (f"{cfg.seeds} seeds: " if cfg.seeds > 1 else "one seed: ")
                 + "; ".join(summary) + ".")
    parts.append(raw_story(result))
    if cfg.seeds < 2:
        parts.append("With one seed there is no spread to judge a difference by: add seeds.")
        return " ".join(parts)
    for better, worse in ((STANDARD, UNIT), (UNIT, RAW)):
        gap = noise.mean(acc[better]) - noise.mean(acc[worse])
        if result.diverged(worse) == cfg.seeds and result.diverged(better) < cfg.seeds:
            parts.append(f"**{better}** learns where **{worse}** diverges.")
        elif noise.ahead(acc[better], acc[worse]):
            parts.append(f"**{better}** beats **{worse}** by {gap * 100:.1f} points, more than the spread between "
                         "seeds.")
        elif noise.ahead(acc[worse], acc[better]):
            parts.append(f"Here **{worse}** beats **{better}** by {-gap * 100:.1f} points, beyond the spread.")
        else:
            parts.append(f"**{better}** and **{worse}** are inside the noise of each other ({gap * 100:+.1f} points).")
    return " ".join(parts)


def raw_story(result) -> str:
    """What happened to raw pixels, in numbers: the loss's peak, and where it ended against guessing."""
    runs = [r.curves[RAW] for r in result.runs if r.curves[RAW].train_loss]
    if not runs:
        return ""
    peak = max(max(c.train_loss) for c in runs)
    end = noise.mean([c.train_loss[-1] for c in runs if not c.diverged])
    guess = math.log(10)
    text = f"On raw pixels the training loss peaks at {peak:,.0f}" if peak >= 10 else (
        f"On raw pixels the training loss peaks at {peak:.2f}")
    if not math.isfinite(end):
        return text + " and then becomes NaN: the run diverged."
    if end > 0.8 * guess:
        return text + f" and ends at {end:.2f}, no better than guessing (ln 10 = {guess:.2f}): the steps overshot."
    return text + f" and ends at {end:.2f} (guessing is ln 10 = {guess:.2f})."
