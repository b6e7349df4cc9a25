"""FNN vs CNN vs RNN: the learner trains three kinds of network on digits and compares them."""
import streamlit as st

import ui
from core.architectures import figures as figs
from core.architectures.compare import KINDS, CompareConfig, summary
from lessons.architectures import cache
from lessons.architectures.common import number


def controls() -> CompareConfig:
    """The three ways to read a digit, and the comparison's settings (inside the page's shareable settings)."""
    st.markdown(
        "Three ways to read a 28×28 digit. A **feed-forward network** (FNN, an MLP) sees 784 unrelated numbers. "
        "A **convolutional network** (CNN) slides small filters over neighbouring pixels and reuses the same "
        "weights everywhere. A **recurrent network** (RNN) reads the image one row at a time, carrying a "
        "memory from row to row. Each is trained for one epoch with Adam (0.001, batch 64)."
    )
    ui.device_badge()
    c1, c2 = st.columns(2)
    images = ui.bound(c1.select_slider, "Training images", [2000, 5000, 10_000], 10_000, key="arch_cmp_images",
                      format_func=number("{:,}"))
    cell = ui.bound(c2.segmented_control, "Recurrent cell", ["gru", "lstm"], default="gru", required=True,
                    format_func=str.upper, key="arch_cmp_cell")
    return CompareConfig(train_images=images, rnn_cell=cell)


def show(cmp_cfg: CompareConfig) -> None:
    if st.toggle("Run the comparison (cached once computed)", key="arch_cmp_run"):
        device = ui.device()
        digits = ui.digits(device.kind)
        rows = []
        with ui.progress("Training…") as move:
            for i, kind in enumerate(KINDS):
                move(i / len(KINDS), f"Training the {kind.upper()} for one epoch…")
                rows.append(cache.compare_row(kind, cmp_cfg, device.kind, digits.name))
        st.dataframe([{"network": r.name, "parameters": r.parameters,
                       "seconds per epoch": round(r.seconds_per_epoch, 2), "test accuracy": f"{r.test_acc:.2%}",
                       "device": r.device} for r in rows],
                     hide_index=True, key="arch_cmp_table")
        st.plotly_chart(figs.compare_chart(rows), key="arch_cmp_chart")
        st.markdown(f"**This run:** {summary(rows)}")
        st.caption(f"{min(cmp_cfg.train_images, len(digits.train_y)):,} {digits.name} training images, one epoch "
                   "each; accuracy on the full test set; seconds include a 500-image validation check. On a CPU each "
                   "network trains on one thread, which is faster than several on a busy machine.")
    cell = cmp_cfg.rnn_cell
    st.latex(rf"h_t = \mathrm{{{cell.upper()}}}(x_t, h_{{t-1}}),\quad x_t = \text{{row }} t \text{{ of pixels}},\ "
             r"t = 1..H;\qquad \hat y = \operatorname{softmax}(W h_H + b)")
    st.markdown("**Takeaway:** each architecture builds in an assumption about its input: the CNN that pixels "
                "have neighbours, the RNN that rows come in order, the FNN none at all. The right assumption buys "
                "accuracy per parameter; time per epoch depends on how well the device runs each kind of layer.")
