"""FNN vs CNN vs RNN: the learner trains three kinds of network on digits and compares them."""
import streamlit as st

import ui
from core.architectures import figures as figs
from core.architectures.compare import SEEDS, CompareConfig, by_kind, neighbours_verdict, summary
from lessons.architectures import cache
from lessons.architectures.common import number

RUN = "Train the three with your settings"  # the button's label, which the default note names
MINE = "arch_cmp_mine"  # session key: the CompareConfig the learner last trained


def controls() -> CompareConfig:
    """The three ways to read a digit, and the comparison's settings (inside the page's shareable settings)."""
    st.markdown(
        "Three ways to read a 28×28 digit. A **feed-forward network** (FNN, an MLP) sees 784 unrelated numbers. "
        "A **convolutional network** (CNN) slides small filters over neighbouring pixels and reuses the same "
        f"weights everywhere. A **recurrent network** (RNN) reads the image one row at a time, carrying a "
        f"memory from row to row. Each is trained for one epoch with Adam (0.001, batch 64), on {len(SEEDS)} "
        "seeds (training sample, first weights and batch order)."
    )
    ui.device_badge()
    c1, c2 = st.columns(2)
    images = ui.bound(c1.select_slider, "Training images", [2000, 5000, 10_000], CompareConfig.train_images,
                      key="arch_cmp_images", format_func=number("{:,}"))
    cell = ui.bound(c2.segmented_control, "Recurrent cell", ["gru", "lstm"], default="gru", required=True,
                    format_func=str.upper, key="arch_cmp_cell")
    return CompareConfig(train_images=images, rnn_cell=cell)


def show(cmp_cfg: CompareConfig) -> None:
    if st.button(RUN, type="primary", icon=":material/play_arrow:", key="arch_cmp_go"):
        st.session_state[MINE] = cmp_cfg
    shown = st.session_state.get(MINE, CompareConfig())
    device = ui.device()
    digits = ui.digits(device.kind)
    with ui.progress("Training…") as move:
        rows = cache.comparison(shown, device.kind, digits.name, on_progress=move)
    kinds = by_kind(rows)
    ui.chart(figs.compare_chart(kinds), key="arch_cmp_chart")
    if MINE not in st.session_state:
        ui.default_note(RUN)
    elif shown != cmp_cfg:
        st.caption(f":material/history: Drawn for the settings you last trained; press **{RUN}** for the new ones.")
    st.markdown(f"**This run:** {summary(rows)}")
    st.caption(f"{min(shown.train_images, len(digits.train_y)):,} {digits.name} training images, one epoch each, "
               f"{shown.rnn_cell.upper()} cell; accuracy on the same {min(shown.test_images, len(digits.test_y)):,} "
               "test images for every network. Bars: the mean accuracy and the median time; whiskers and dots: "
               f"the {len(SEEDS)} seeds. Seconds include a 500-image validation check; on a CPU each network "
               "trains on one thread, which is faster than several on a busy machine.")
    st.dataframe([{"network": k.name, "parameters": k.parameters, "seconds per epoch": round(k.seconds_per_epoch, 2),
                   "test accuracy": f"{k.accuracy:.2%}", "over the seeds": f"{k.low:.1%}–{k.high:.1%}"}
                  for k in kinds], hide_index=True, key="arch_cmp_table")
    cell = cmp_cfg.rnn_cell
    st.latex(rf"h_t = \mathrm{{{cell.upper()}}}(x_t, h_{{t-1}}),\quad x_t = \text{{row }} t \text{{ of pixels}},\ "
             r"t = 1..H;\qquad \hat y = \operatorname{softmax}(W h_H + b)")
    st.markdown("**Takeaway:** each architecture builds in an assumption about its input: the CNN that pixels "
                "have neighbours, the RNN that rows come in order, the FNN none at all. "
                f"{neighbours_verdict(rows)} Time per epoch depends on how well the device runs each kind of layer.")
