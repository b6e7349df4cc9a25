"""Data & splits: train/validation/test, leakage, preprocessing, augmentation and generalisation."""
import numpy as np
import pandas as pd
import streamlit as st

import ui
from core import cache, hosting
from core import data_figures as dfig
from core import data_figures_fit as ffig
from core.augmentation import FLIPS, SAFE, AugConfig, compare
from core.data_encoding import ENCODINGS, EncodingConfig, city_names
from core.data_lab import DataLab
from core.fitting import BiasVarianceConfig, FittingConfig, learning_curves
from core.leakage import LeakageConfig
from core.preprocessing import IMPUTERS, SCALES, MissingConfig, NormConfig
from core.small_data import DATASETS, SmallDataConfig
from core.small_data import compare as compare_small
from core.splits import PRESETS, SPLITS, SplitConfig, sample_labels, split_indices

st.title("Data & splits")
st.markdown(
    "A model is only as good as the data it learns from and the honesty of the score you give it. "
    "This lesson splits data three ways, leaks test information on purpose to show how a score gets "
    "flattered, prepares inputs (scale, gaps, categories, augmentation), and watches networks under- and "
    "overfit. Each tab is one experiment; heavy ones run when you press their button and are remembered."
)
ui.device_badge()
device = cache.device()
lab: DataLab = st.session_state.setdefault("data_lab", DataLab())
HOSTED = hosting.limits().hosted  # a shared server: every experiment stays within about a minute of CPU
TABS = ("Splits", "Leakage", "Scaling", "Missing values", "Categories", "Augmentation", "Fitting", "Small data")


def run_button(section: str, cfg, label: str) -> bool:
    """True when the experiment should be shown: just pressed, or run before with these settings."""
    pressed = st.button(label, type="primary", icon=":material/play_arrow:", key=f"data_run_{section}")
    if pressed:
        lab.mark(section, cfg)
    elif not lab.has_run(section, cfg):
        st.info("Press the button to run this experiment with these settings.", icon=":material/science:")
    return pressed or lab.has_run(section, cfg)


def splits_tab():
    st.markdown("**train** is what the weights learn from; **validation** is what you tune on (size, learning "
                "rate, when to stop); **test** is touched once, at the very end, to report how the model does on "
                "data that never influenced it. *Stratified* splitting cuts each class separately, so every "
                "split keeps the class balance of the whole set.")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption("Presets:", width="content")
        for name, values in PRESETS.items():
            st.button(name, key=f"data_preset_{name}", on_click=lambda v=values: st.session_state.update(
                data_train=v[0], data_val=v[1], data_test=v[2]))
    left, right = st.columns(2)
    train = left.slider("Train (%)", 5, 90, 70, key="data_train", bind="query-params")
    val = left.slider("Validation (%)", 0, 50, 15, key="data_val", bind="query-params")
    test = left.slider("Test (%)", 0, 50, 15, key="data_test", bind="query-params")
    n = right.select_slider("Examples to split", [100, 300, 1000, 10_000, 70_000], 1000, key="data_n",
                            bind="query-params")
    stratify = right.toggle("Stratified", True, key="data_stratify", bind="query-params")
    seed = right.slider("Seed", 0, 100, 0, key="data_seed", bind="query-params")
    cfg = SplitConfig(train, val, test, stratify, int(seed), n)
    shares = cfg.fractions() * 100
    if round(train + val + test) != 100:
        st.caption(f"Your sizes add up to {train + val + test}%, so they are rescaled to "
                   f"{shares[0]:.0f} / {shares[1]:.0f} / {shares[2]:.0f}.")
    data = ui.digits(device.kind)
    labels = sample_labels(np.concatenate([data.train_y.cpu().numpy(), data.val_y.cpu().numpy(),
                                           data.test_y.cpu().numpy()]), n, cfg.seed)
    result = split_indices(labels, cfg)
    other = split_indices(labels, SplitConfig(train, val, test, not stratify, int(seed), n))
    st.plotly_chart(dfig.split_balance(result), key="data_split_chart")
    c = st.columns(4)
    for col, split, size in zip(c, SPLITS, result.sizes, strict=False):
        col.metric(f"{split} examples", f"{size:,}")
    c[3].metric("Largest class-share gap", f"{result.max_gap:.1f} pp",
                delta=f"{result.max_gap - other.max_gap:+.1f} pp vs {'random' if stratify else 'stratified'}",
                delta_color="inverse", help="How far any class's share in any split is from its share overall.")
    st.latex(r"n_{c,\,s} \approx n_c \cdot \frac{p_s}{p_{train}+p_{val}+p_{test}}"
             r"\qquad\text{(stratified: class } c \text{ in split } s\text{)}")
    if min(result.sizes) == 0:
        st.warning("One split is empty. Without a validation set you end up tuning on the test set, which is "
                   "leak (b) in the next tab; without a test set nothing is left for an honest final score.",
                   icon=":material/warning:")
    st.markdown("**Takeaway:** small data sets drift out of balance when split at random; stratify, and keep the "
                "test set locked away until the end.")


def leakage_tab():
    st.markdown("Each kind of leakage lets the test set influence the pipeline. Both pipelines then report an "
                "estimate (their test score), and we also score them on **rows nobody touched**, drawn fresh. "
                "The whole experiment is repeated many times; bars show the mean and spread.")
    left, mid, right = st.columns(3)
    n = left.select_slider("Development rows", [40, 60, 100, 200, 400], 60, key="data_leak_n", bind="query-params")
    noise = left.slider("Heavy-tailed noise columns", 0, 40, 20, key="data_leak_noise", bind="query-params")
    k = mid.select_slider("(a) neighbours k", [1, 3, 5, 7, 9], 5, key="data_leak_k", bind="query-params")
    candidates = mid.slider("(b) settings tried", 1, 100, 30, key="data_leak_cand", bind="query-params")
    dup = right.slider("(c) share of rows recorded twice", 0.0, 1.0, 0.5, 0.1, key="data_leak_dup",
                       bind="query-params")
    repeats = right.slider("Repeats", 5, 50 if HOSTED else 100, 30, 5, key="data_leak_repeats", bind="query-params")
    cfg = LeakageConfig(n, noise, k, candidates, dup, repeats)
    if run_button("leakage", cfg, "Run the simulator"):
        bar, update = ui.progress_bar("Repeating the experiment…")
        outcomes = cache.data_leakage(cfg, update)
        bar.empty()
        st.plotly_chart(dfig.leakage_bars(outcomes), key="data_leak_chart")
        st.caption("Coloured bars: the estimate each pipeline reports (red leaky, blue honest). Grey: the same "
                   "pipeline's accuracy on rows nobody touched. Whiskers: one standard deviation over the repeats.")
        rows = [{"kind": f"({o.kind})", "leaky: reported": o.leaky_estimate.mean(),
                 "leaky: fresh": o.leaky_fresh.mean(),
                 "leaky optimism": o.leaky_optimism, "honest: reported": o.honest_estimate.mean(),
                 "honest: fresh": o.honest_fresh.mean(), "honest optimism": o.honest_optimism} for o in outcomes]
        st.dataframe(pd.DataFrame(rows).style.format("{:+.1%}", subset=["leaky optimism", "honest optimism"])
                     .format("{:.1%}", subset=[c for c in rows[0] if ":" in c]), hide_index=True)
        worst = max(outcomes, key=lambda o: o.leaky_optimism)
        st.markdown(f"Here the biggest flattery is **{worst.title}**: the leaky pipeline reports "
                    f"{worst.leaky_estimate.mean():.1%} but scores {worst.leaky_fresh.mean():.1%} on fresh rows.")
    st.latex(r"\text{optimism} = \underbrace{\text{score on test}}_{\text{reported}} - "
             r"\underbrace{\text{score on never-touched rows}}_{\text{truth}}")
    with st.expander("What each kind does", icon=":material/help:"):
        st.markdown(
            "- **(a)** The scaler's mean and standard deviation are computed on all rows, test rows included. A test "
            "row with a wild value widens its own column's scale, which tames that very row. The leak is real but "
            "usually the smallest of the three; it grows with fewer rows and wilder columns.\n"
            "- **(b)** Trying many settings and keeping the one with the best *test* score picks the luckiest "
            "split, not the best model. Choose on validation, then report test once.\n"
            "- **(c)** A row recorded twice lands in train and test; the model has literally seen the answer. "
            "Split by original row (patient, user, photo) instead of by record.")
    st.markdown("**Takeaway:** anything fitted (scalers, encoders, hyper-parameters) must be fitted on training "
                "data only, and copies of one example must stay on one side of the split.")


def normalization_tab():
    st.markdown("The same network, from the same initial weights and with the same batches, is trained on raw "
                "pixels (0–255), on pixels in [0, 1], and on standardised pixels (mean 0, standard deviation 1, "
                "with statistics of the training images).")
    left, right = st.columns(2)
    n = left.select_slider("Training images", [500, 1000, 2000] + ([] if HOSTED else [5000]), 2000, key="data_norm_n",
                           bind="query-params")
    epochs = left.slider("Epochs", 1, 5, 2, key="data_norm_epochs", bind="query-params")
    opt = right.selectbox("Optimizer", ["adam", "sgd"], key="data_norm_opt", bind="query-params")
    lr = right.select_slider("Learning rate", [1e-4, 1e-3, 1e-2, 0.1], 1e-3, key="data_norm_lr", bind="query-params")
    cfg = NormConfig(n, epochs, opt, lr)
    st.latex(r"x' = \frac{x - \mu_{train}}{\sigma_{train}}")
    if run_button("norm", cfg, "Train on the three scales"):
        data = ui.digits(device.kind)
        result = cache.data_normalization(cfg, device.kind, data.name)
        st.plotly_chart(dfig.scale_curves(result.curves), key="data_norm_curves")
        st.plotly_chart(dfig.value_histograms(result.values), key="data_norm_hist")
        cols = st.columns(len(SCALES))
        for col, scale in zip(cols, SCALES, strict=True):
            c = result.curves[scale]
            settle = result.steps_to_target(scale)
            col.metric(f"{scale}: validation accuracy", f"{c.val_acc[-1]:.1%}" if c.val_acc and not c.diverged
                       else "diverged")
            col.caption(f"mean training loss {result.mean_loss(scale):.3f} · "
                        + (f"below {result.target} from step {settle}" if settle is not None
                           else f"never settles below {result.target}"))
        fastest = min(SCALES, key=result.mean_loss)
        st.markdown(f"Fastest to converge here (lowest mean training loss): **{fastest}**.")
    st.markdown("**Takeaway:** inputs of size 255 make the first layer's outputs huge, so each step overshoots; "
                "standardised inputs let the same learning rate work.")


def missing_tab():
    st.markdown("The Wisconsin breast-cancer table (569 tumours, 30 measurements) with values removed at random, "
                "in training and test rows alike. Each way of filling the gaps is fitted on the training rows; "
                "a logistic regression then learns from them.")
    left, right = st.columns(2)
    pct = left.slider("Values removed (%)", 0, 60, 5, key="data_miss_pct", bind="query-params")
    repeats = right.slider("Repeats", 1, 10, 3, key="data_miss_repeats", bind="query-params")
    cfg = MissingConfig(pct, repeats)
    complete = (1 - pct / 100) ** 30
    st.caption(f"With {pct}% of cells missing at random, only (1 − {pct / 100:.2f})³⁰ = {complete:.1%} of rows "
               "are complete: that is all dropping rows keeps.")
    if run_button("missing", cfg, "Compare the imputers"):
        result = cache.data_missing(cfg)
        st.plotly_chart(dfig.missing_bars(result), key="data_miss_chart")
        st.dataframe(pd.DataFrame({n: [f"{np.nanmean(result.accuracy[n]):.1%}"
                                       if np.isfinite(result.accuracy[n]).any() else "–",
                                       f"{result.coverage[n].mean():.0%}", f"{result.train_rows[n].mean():.0f}"]
                                   for n in IMPUTERS}, index=["test accuracy", "test rows scored",
                                                              "training rows used"]))
        with st.expander("The first damaged training rows (blank = removed)"):
            st.dataframe(pd.DataFrame(result.example[:, :8], columns=result.columns[:8]))
    st.latex(r"\hat{x}_{ij} = \operatorname{mean}_{k \in \text{train}}\, x_{kj}\ \text{(mean imputation)}")
    st.markdown("**Takeaway:** dropping incomplete rows throws away most of a wide table and cannot answer for "
                "incomplete new rows; a simple imputer fitted on the training rows keeps them all.")


def encoding_tab():
    st.markdown("A table of customers: a **city** (a few common, many rare), age and spend, and whether they "
                "left. The city must become numbers; the same small network (one hidden layer of 16) reads "
                "each encoding. The learned embedding gives every city a vector that training adjusts.")
    left, right = st.columns(2)
    k = left.slider("Cities", 5, 200, 100, key="data_enc_k", bind="query-params")
    rows = left.select_slider("Customers", [300, 600, 1200, 3000], 600, key="data_enc_rows", bind="query-params")
    dim = right.slider("Embedding size", 1, 8, 2, key="data_enc_dim", bind="query-params")
    seed = right.slider("Seed", 0, 100, 0, key="data_enc_seed", bind="query-params")
    cfg = EncodingConfig(k, rows, dim, seed=int(seed))
    if run_button("encoding", cfg, "Encode and train"):
        result = cache.data_encoding(cfg)
        st.plotly_chart(dfig.encoding_bars(result), key="data_enc_chart")
        naive, fair = result.encodings["target (naive)"], result.encodings["target (cross-fitted)"]
        st.warning(f"**The target-encoding trap.** Naive target encoding replaces a city by the mean label of its "
                   f"training rows *including the row itself*, so a rare city hands the network its own answer: "
                   f"train accuracy {naive.train_acc:.1%} against {naive.test_acc:.1%} on test. Cross-fitting "
                   f"encodes each row with the other folds' labels: {fair.train_acc:.1%} train, "
                   f"{fair.test_acc:.1%} test. One column leaves the network little room to memorise, so the "
                   f"cross-fitted gap stays small; the naive gap is the leak.", icon=":material/warning:")
        shown = st.selectbox("Show the encoded matrix for", ENCODINGS, key="data_enc_show")
        enc = result.encodings[shown]
        table = pd.DataFrame(enc.example[:, :12], columns=enc.columns[:12])
        table.insert(0, "city", result.example_cities)
        st.dataframe(table, hide_index=True)
        if shown == "one-hot" and len(enc.columns) > 12:
            st.caption(f"(first 12 of {len(enc.columns)} columns: one per city)")
        st.plotly_chart(dfig.embedding_scatter(result, city_names(k)), key="data_enc_embed")
        st.caption("The learned city vectors: cities whose customers behave alike end up close together.")
        best = max(result.encodings.values(), key=lambda e: e.test_acc)
        st.markdown(f"Best test accuracy here: **{best.name}** ({best.test_acc:.1%}).")
    st.latex(r"\text{target}(c) = \frac{1}{|\{i: c_i = c\}|}\sum_{i:\,c_i=c} y_i")
    st.markdown("**Takeaway:** fit every encoding on training rows only; one-hot suits few categories, an "
                "embedding many, and target encoding needs out-of-fold statistics or it leaks the label.")


def augmentation_tab(data):
    st.markdown("Augmentation shows the network each digit slightly rotated, shifted, rescaled, warped or noisy: "
                "changes that keep it the same digit. Flips do not: a mirrored 2, 3, 4, 5 or 7 is no digit, "
                "and a 6 turned upside down reads as a 9.")
    shown = st.pills("Transforms to show", SAFE + FLIPS, selection_mode="multi", default=SAFE + FLIPS,
                     key="data_aug_show", bind="query-params")
    if shown:
        images, rows = cache.data_gallery(tuple(shown), device.kind, data.name)
        st.plotly_chart(ffig.augmentation_gallery(images, rows), key="data_aug_gallery")
    st.subheader("Does it help on a small training set?")
    names = st.pills("Augmentations in training", SAFE, selection_mode="multi",
                     default=["rotation", "shift", "scale"], key="data_aug_train", bind="query-params")
    left, mid, right = st.columns(3)
    n = left.select_slider("Training images", [200, 500, 1000] + ([] if HOSTED else [2000]), 500, key="data_aug_n",
                           bind="query-params")
    epochs = mid.slider("Epochs", 5, 50 if HOSTED else 80, 50, 5, key="data_aug_epochs", bind="query-params")
    seeds = right.slider("Seeds (averaged)", 1, 3 if HOSTED else 5, 3, key="data_aug_seeds", bind="query-params")
    flips = st.toggle("Also train with left-right flips", False, key="data_aug_flips", bind="query-params")
    cfg = AugConfig(n, epochs, seeds, tuple(names or ()), flips)
    if not names:
        st.warning("Choose at least one augmentation to compare against none.", icon=":material/warning:")
    elif run_button("augmentation", cfg, "Train with and without"):
        bar, update = ui.progress_bar("Training…")
        result = compare(cfg, lambda arm, s: cache.data_augmentation_arm(cfg, arm, s, device.kind, data.name),
                         update)
        bar.empty()
        st.plotly_chart(ffig.augmentation_results(cfg, result), key="data_aug_results")
        gain = result.gain()
        st.markdown(f"Augmentation changed mean test accuracy by **{gain * 100:+.1f} points** over {seeds} "
                    f"seed(s) ({n} training images, MLP {data.side ** 2}-128-10)."
                    + (f" Adding flips: **{result.gain('augmented + flips') * 100:+.1f} points**." if flips else ""))
        if gain <= 0:
            st.caption("Augmented images are harder to fit, so they need more epochs than the originals: "
                       "try more epochs or seeds before concluding.")
    st.markdown("**Takeaway:** augment with changes that keep the label; on a small set that is free extra data.")


def fitting_tab(data):
    st.markdown("Three MLPs learn from the same small training set: one too small (2 hidden units), one about "
                "right (32), one too large (two layers of 256). Training loss always falls; the validation loss "
                "tells the regimes apart. The star marks where **early stopping** would keep the weights.")
    left, right = st.columns(2)
    n = left.select_slider("Training images", [500, 1000, 2000] + ([] if HOSTED else [5000]), 1000, key="data_fit_n",
                           bind="query-params")
    epochs = right.slider("Epochs", 5, 30 if HOSTED else 50, 20, key="data_fit_epochs", bind="query-params")
    cfg = FittingConfig(n, epochs)
    if run_button("fitting", cfg, "Train the three sizes"):
        bar, update = ui.progress_bar("Training…")
        runs = learning_curves(cfg, lambda name: cache.data_learning_curve(cfg, name, device.kind, data.name), update)
        bar.empty()
        st.plotly_chart(ffig.learning_curves(runs), key="data_fit_curves")
        for r in runs:
            st.markdown(f"**{r.name}** ({'-'.join(map(str, (data.side ** 2, *r.hidden, 10)))}, "
                        f"{r.parameters:,} parameters): **{r.regime.name}**: {r.regime.reason}. "
                        f"Early stopping: epoch {r.regime.best_epoch}.")
    st.subheader("Bias and variance over capacity")
    st.markdown("Bias and variance need many training sets: 20 small noisy samples of one curve, a tanh network "
                "of each width fitted to each. **Bias²**: how far the average fit is from the truth. "
                "**Variance**: how much the fits disagree with each other.")
    bcol, vcol = st.columns(2)
    noise = bcol.slider("Label noise", 0.0, 1.0, 0.3, 0.1, key="data_bv_noise", bind="query-params")
    points = vcol.slider("Points per training set", 10, 60, 20, 5, key="data_bv_points", bind="query-params")
    bv_cfg = BiasVarianceConfig(noise=noise, n_points=points)
    if run_button("bias_variance", bv_cfg, "Fit the networks"):
        bar, update = ui.progress_bar("Training all the networks at once…")
        bv = cache.data_bias_variance(bv_cfg, update)
        bar.empty()
        st.plotly_chart(ffig.bias_variance_chart(bv), key="data_bv_chart")
        st.plotly_chart(ffig.fitted_curves(bv, [bv.widths[0], bv.best_width, bv.widths[-1]]), key="data_bv_fits")
    st.latex(r"\mathbb{E}\big[(y - \hat f(x))^2\big] = \text{bias}^2 + \text{variance} + \sigma^2")
    st.markdown("**Takeaway:** too little capacity underfits (high bias), too much overfits (high variance); "
                "validation loss finds the middle, and early stopping rescues a large model.")


def small_data_tab():
    st.markdown("With fewer than 100 training rows, is a neural network the right tool? Each model gets the same "
                "standardised rows and default settings; every other row of the table is the test set. Whatever "
                "comes out is shown.")
    left, right = st.columns(2)
    dataset = left.selectbox("Table", DATASETS, key="data_small_set", bind="query-params")
    n = left.slider("Training rows", 20, 100, 40, 10, key="data_small_n", bind="query-params")
    repeats = right.slider("Repeats (different samples)", 1, 10 if HOSTED else 20, 5, key="data_small_repeats",
                           bind="query-params")
    cfg = SmallDataConfig(dataset, n, repeats)
    if run_button("small", cfg, "Compare the models"):
        bar, update = ui.progress_bar("Training…")
        result = compare_small(cfg, lambda r: cache.data_small_repeat(cfg, r), update)
        bar.empty()
        st.plotly_chart(ffig.small_data_results(result), key="data_small_chart")
        ranking = result.ranking
        place = ranking.index("neural network") + 1
        st.markdown(f"On **{dataset}** with {n} training rows ({result.n_features} features, {result.classes} "
                    f"classes), the best is **{ranking[0]}** ({result.mean(ranking[0]):.1%}); the neural network "
                    f"comes **{place} of {len(ranking)}** ({result.mean('neural network'):.1%}).")
        gap = result.mean(ranking[0]) - result.mean("neural network")
        if place == 1:
            st.markdown("Here the network wins; the classical models are close behind, and cheaper.")
        elif result.repeats > 1 and gap < result.spread:
            st.caption(f"The gap ({gap:.1%}) is smaller than the spread between repeats ({result.spread:.1%}): "
                       "on this table the difference is mostly noise.")
    st.markdown("**Takeaway:** on small tables, simple models are strong baselines: try them before (or beside) "
                "a network, and compare on the same rows.")


with ui.shared_settings("data_"):
    tabs = st.tabs(TABS, key="data_tab", bind="query-params")
    for tab, draw in zip(tabs, (splits_tab, leakage_tab, normalization_tab, missing_tab, encoding_tab,
                                lambda: augmentation_tab(ui.digits(device.kind)),
                                lambda: fitting_tab(ui.digits(device.kind)), small_data_tab), strict=True):
        if tab.open is not False:  # only the open tab runs (None: this Streamlit renders every tab)
            with tab:
                draw()
