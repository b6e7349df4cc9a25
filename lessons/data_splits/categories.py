"""Categories: the learner encodes a city column several ways and falls into the target-encoding trap."""
import pandas as pd
import streamlit as st

import ui
from core.data_splits import figures as dfig
from core.data_splits.encoding import ENCODINGS, EncodingConfig, city_names
from lessons.data_splits import cache
from lessons.data_splits.common import DataLab, run_button


def show(lab: DataLab) -> None:
    st.markdown("A table of customers: a **city** (a few common, many rare), age and spend, and whether they "
                "left. The city must become numbers; the same small network (one hidden layer of 16) reads "
                "each encoding. The learned embedding gives every city a vector that training adjusts.")
    left, right = st.columns(2)
    k = ui.bound(left.slider, "Cities", 5, 200, 100, key="data_enc_k")
    rows = ui.bound(left.select_slider, "Customers", [300, 600, 1200, 3000], 600, key="data_enc_rows")
    dim = ui.bound(right.slider, "Embedding size", 1, 8, 2, key="data_enc_dim")
    seed = ui.bound(right.slider, "Seed", 0, 100, 0, key="data_enc_seed")
    cfg = EncodingConfig(k, rows, dim, seed=int(seed))
    if run_button(lab, "encoding", cfg, "Encode and train"):
        result = cache.encoding(cfg)
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
