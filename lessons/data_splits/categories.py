"""Categories: the learner encodes a city column several ways and falls into the target-encoding trap."""
import pandas as pd
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits import noise
from core.data_splits.encoding import ENCODINGS, EncodingConfig, city_names
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button

DEFAULT = EncodingConfig()
NAIVE, FAIR = "target (naive)", "target (cross-fitted)"


def show(lab: DataLab, hosted: bool) -> None:
    st.markdown("A table of customers: a **city** (a few common, many rare), age and spend, and whether they "
                "left. The city must become numbers; the same small network (one hidden layer of 16) reads "
                "each encoding. The learned embedding gives every city a vector that training adjusts. Each seed "
                "draws a fresh table, so the spread over seeds shows how much of a difference is luck.")
    left, mid, right = st.columns(3)
    k = ui.bound(left.slider, "Cities", 5, 200, DEFAULT.categories, key="data_enc_k")
    rows = ui.bound(left.select_slider, "Customers", [300, 600, 1200, 3000], DEFAULT.n_rows, key="data_enc_rows")
    dim = ui.bound(mid.slider, "Embedding size", 1, 8, DEFAULT.embedding_dim, key="data_enc_dim")
    seed = ui.bound(right.slider, "Seed", 0, 100, DEFAULT.seed, key="data_enc_seed")
    seeds = ui.bound(right.slider, "Seeds", 1, 5 if hosted else 10, DEFAULT.seeds, key="data_enc_seeds")
    cfg = EncodingConfig(k, rows, dim, seed=int(seed), seeds=seeds)
    shown = run_button(lab, "encoding", cfg, DEFAULT, "Encode and train")
    with ui.progress("Encoding the city five ways and training a small network on each…") as move:
        result = cache.encodings(shown.cfg, on_progress=move)
    ui.chart(dfig.encoding_bars(result), key="data_enc_chart")
    st.caption(f"Train (teal) and test (dark, dotted) accuracy of each encoding: the mean over {shown.cfg.seeds} "
               "seed(s), whiskers one standard deviation. A train bar far above its test bar is a network that "
               "flatters itself.")
    shown.note()
    st.markdown(ranking_text(result, shown.cfg))
    naive, fair = result.gap(NAIVE), result.gap(FAIR)
    beyond = noise.ahead(naive, fair)
    st.warning(f"**The target-encoding trap.** Naive target encoding replaces a city by the mean label of its "
               f"training rows *including the row itself*, so a rare city hands the network its own answer: "
               f"train accuracy {result.accuracy(NAIVE, 'train').mean():.1%} against "
               f"{result.accuracy(NAIVE).mean():.1%} on test, a gap of {naive.mean() * 100:.1f} points. Cross-fitting "
               f"encodes each row with the other folds' labels: {result.accuracy(FAIR, 'train').mean():.1%} train, "
               f"{result.accuracy(FAIR).mean():.1%} test, a gap of {fair.mean() * 100:.1f} points. "
               + ("The naive gap is larger beyond the spread between seeds: that part of it is the leak."
                  if beyond else "At these settings the two gaps are inside the noise of each other."),
               icon=":material/warning:")
    first = result.runs[0]
    picked = st.selectbox("Show the encoded matrix for", ENCODINGS, key="data_enc_show")
    enc = first.encodings[picked]
    table = pd.DataFrame(enc.example[:, :12], columns=enc.columns[:12])
    table.insert(0, "city", first.example_cities)
    st.dataframe(table, hide_index=True)
    if picked == "one-hot" and len(enc.columns) > 12:
        st.caption(f"(first 12 of {len(enc.columns)} columns: one per city)")
    ui.chart(dfig.embedding_scatter(first, city_names(shown.cfg.categories)), key="data_enc_embed")
    st.caption("The learned city vectors of the first seed, coloured by the share of the city's customers who "
               "left (blue: most left, orange: few): cities whose customers behave alike end up close together.")
    st.latex(r"\text{target}(c) = \frac{1}{|\{i: c_i = c\}|}\sum_{i:\,c_i=c} y_i")
    st.markdown("**Takeaway:** fit every encoding on training rows only, and give target encoding out-of-fold "
                "statistics, or it leaks the label into the training score. Which encoding wins depends on the "
                "table; compare them over several seeds before believing a winner.")


def ranking_text(result, cfg: EncodingConfig) -> str:
    """Name a best encoding only when it is ahead of the others by more than the seed-to-seed spread."""
    ranking = noise.rank({name: result.accuracy(name) for name in ENCODINGS})
    best = f"**{ranking.best}** ({ranking.means[ranking.best]:.1%} ± {ranking.spreads[ranking.best]:.1%})"
    if cfg.seeds < 2:
        return f"Best test accuracy on this one seed: {best}. One seed has no spread to judge by: add seeds."
    if ranking.clear_winner:
        return f"Best test accuracy here: {best}, ahead of every other encoding by more than the spread."
    others = [n for n in ranking.tied if n != ranking.best]
    behind = [n for n in ranking.order if n not in ranking.tied]
    return (f"Highest mean test accuracy: {best}, but **{', '.join(others)}** "
            f"{'is' if len(others) == 1 else 'are'} **inside the noise** of it over {cfg.seeds} seeds: no winner "
            "among them." + (f" Behind them beyond the noise: {', '.join(behind)}." if behind else ""))
