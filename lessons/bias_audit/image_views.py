"""The Images tab's views of a run: the gap curve, recall by digit, calibration, errors and the datasheet."""
import pandas as pd
import streamlit as st

import ui
from core import figures, palette
from core.bias_audit import datasheet
from core.bias_audit import figures as ff
from core.bias_audit.images import SHARES, SWEEP_SEEDS, ImageAudit, ImageBiasConfig, ImageRuns, gap_trend, sweep_frame
from lessons.bias_audit import cache
from lessons.bias_audit.common import download_datasheet


def curves(runs: ImageRuns, cfg: ImageBiasConfig, audit: ImageAudit, default: bool) -> tuple[pd.DataFrame, ...]:
    """(the curve to draw, the default curve to compare it with).

    Before the learner's first run the curve is the default sweep, as far as the server's warm-up
    has got (the default run alone until then), and there is nothing to compare it with.
    """
    done = tuple(name for name in cache.SWEEP if name in cache.warm())
    reference = cache.default_curve(done) if done else sweep_frame([])
    if default:
        return (reference if len(reference) else sweep_frame([audit])), sweep_frame([])
    return runs.curve(cfg if audit.cfg != cfg else audit.cfg), reference


def show(audit: ImageAudit, curve: pd.DataFrame, reference: pd.DataFrame, default: bool) -> None:
    tabs = ui.tabs("bias_view", ["Gap vs representation", "Recall by digit", "Confidence & calibration",
                                 "Subgroup's errors", "Datasheet"])
    ui.show_open_tabs(tabs, (
        lambda: gap_curve(curve, reference, audit, default),
        lambda: recall(audit),
        lambda: calibration(audit),
        lambda: errors(audit),
        lambda: download_datasheet(datasheet.image_datasheet(audit), "mnist_style", "bias_dl_images"),
    ))


def gap_curve(curve: pd.DataFrame, reference: pd.DataFrame, audit: ImageAudit, default: bool) -> None:
    regular, sub = audit.cfg.group_names
    seeds, runs = curve["seed"].nunique(), len(cache.SWEEP)
    if len(reference):
        whose = (f"your runs with these settings ({len(curve)} so far; **Sweep** fills in every share); "
                 f"grey dashed: the default settings over {reference['seed'].nunique()} seeds")
    elif seeds > 1 or len(curve) > 1:
        whose = (f"the default settings: {len(curve)} of {runs} runs ({len(SWEEP_SEEDS)} seeds × {len(SHARES)} "
                 "shares); each faint line is one seed, the bold line their mean"
                 + ("" if len(curve) == runs else "; the rest are still being computed in the background"))
    else:
        whose = "one point so far; press **Sweep** to train at every share from 50% down to 1%"
    means = curve.groupby("share")["gap"].mean().sort_index()
    ends = (f" Here the mean gap is {means.iloc[-1] * 100:+.1f} points at {means.index[-1]:.0%} of training and "
            f"{means.iloc[0] * 100:+.1f} at {means.index[0]:.0%}." if len(means) > 1 else "")
    ui.chart(ff.gap_vs_share(curve, reference, "default settings" if default else "your runs"), key="bias_gap_curve",
             table=curve[["seed", "share", "gap"]].sort_values(["seed", "share"]).round(3).reset_index(drop=True),
             caption=f"**Look for** the gap (regular strokes' accuracy minus {sub}'s) climbing as the style gets "
                     f"rarer, to the right. Shown: {whose}.{ends}")
    grid = figures.image_grid(audit.examples.reshape(-1, *audit.examples.shape[2:]), [""] * 16, height_per_row=85)
    ui.chart(ff.square_pixels(grid), key="bias_examples",
             caption=f"The same eight test digits in {regular} (top row) and in {sub} (bottom row): the test set "
                     "holds every digit in both styles, so a gap can only come from the style.")


def recall(audit: ImageAudit) -> None:
    regular, sub = audit.cfg.group_names
    drop = audit.recall.loc[regular] - audit.recall.loc[sub]
    worst = drop.idxmax()
    ui.chart(ff.recall_by_digit(audit.recall), key="bias_recall", table=audit.recall.T.round(3),
             caption=f"Recall of digit d in group g: the share of g's d's that the network reads as d (fairlearn "
                     f"MetricFrame with the true digit as a control feature). **Look for** long grey segments: the "
                     f"largest here is digit {worst}, read {audit.recall.loc[regular, worst]:.0%} of the time in "
                     f"{regular} and {audit.recall.loc[sub, worst]:.0%} in {sub}.")


def calibration(audit: ImageAudit) -> None:
    cal = audit.calibration
    over = max(audit.cfg.group_names, key=lambda g: cal.confidence[g] - cal.accuracy[g])
    ui.chart(ff.reliability(cal), key="bias_reliability",
             caption=f"Reliability: each group's accuracy against the confidence the network gave, by confidence "
                     f"bin, with the diagonal where a calibrated network sits. The group whose confidence runs "
                     f"furthest above its accuracy is {over} "
                     f"({confidence(cal.confidence[over] - cal.accuracy[over])}).")
    st.dataframe(pd.DataFrame({"mean confidence": cal.confidence, "accuracy": cal.accuracy,
                               "ECE": cal.ece}).style.format("{:.3f}"), key="bias_cal_table")
    st.latex(r"\mathrm{ECE} = \sum_{b} \frac{n_b}{n}\,\big|\mathrm{acc}(b) - \mathrm{conf}(b)\big|")
    said = "; ".join(f"on {g} it says {cal.confidence[g]:.0%} on average and is right {cal.accuracy[g]:.0%} of "
                     f"the time ({confidence(cal.confidence[g] - cal.accuracy[g])})" for g in audit.cfg.group_names)
    st.caption("A calibrated network that says 90% is right 90% of the time: its points sit on the diagonal, "
               f"and points below it are overconfident. **Look for** the gap between each line and the diagonal. "
               f"Here, {said}.")


def confidence(excess: float) -> str:
    """How far a group's mean confidence sits above (overconfident) or below its accuracy."""
    if abs(excess) < 0.005:
        return "calibrated"
    return f"{abs(excess) * 100:.1f} points {'over' if excess > 0 else 'under'}confident"


def errors(audit: ImageAudit) -> None:
    words = (f"The subgroup's most confident mistakes (true→predicted, confidence). "
             f"**{audit.style_only_errors} of its {audit.subgroup_errors} mistakes** are digits "
             f"the network reads correctly in regular strokes.")
    if len(audit.errors):
        grid = figures.image_grid(audit.errors, audit.error_titles, colors=[palette.WRONG] * len(audit.errors))
        ui.chart(ff.square_pixels(grid), key="bias_errors", caption=words)
    else:
        st.caption(words)


def takeaway(curve: pd.DataFrame, reference: pd.DataFrame, audit: ImageAudit, default: bool) -> str:
    """The page's takeaway, from the curve on screen (or the default curve, or the one run)."""
    regular, sub = audit.cfg.group_names
    if len(curve["share"].unique()) > 1:
        trend, whose = gap_trend(curve), "the default settings" if default else "your runs"
    elif len(reference["share"].unique()) > 1:
        trend, whose = gap_trend(reference), "the default settings"
    else:
        return (f"in this run {regular} are read {abs(audit.gap) * 100:.1f} points "
                f"{'more' if audit.gap >= 0 else 'less'} accurately than {sub}, which make up {audit.cfg.share:.0%} "
                "of training. Press **Sweep** to see how the gap moves with the share.")
    (c, c_lo, c_hi), (r, r_lo, r_hi) = trend.at_common, trend.at_rare
    if trend.seeds > 1:
        text = (f"the network is not told who is who, yet with {whose} the gap is {c * 100:+.1f} points "
                f"({c_lo * 100:+.1f} to {c_hi * 100:+.1f} over {trend.seeds} seeds) when {sub} make up "
                f"{trend.common:.0%} of training, and {r * 100:+.1f} points ({r_lo * 100:+.1f} to {r_hi * 100:+.1f})"
                f" at {trend.rare:.0%}: {trend.growth * 100:.1f} points more. ")
        return text + ("Every seed agrees: under-representation alone creates the gap." if trend.beyond_noise else
                       "The seeds overlap, so here the difference is inside the noise.")
    return (f"with {whose} the gap goes from {c * 100:+.1f} points at {trend.common:.0%} of training to "
            f"{r * 100:+.1f} at {trend.rare:.0%} ({trend.growth * 100:+.1f} points). That is one seed: the "
            "default curve shows how much the gap varies from seed to seed.")
