"""From scratch: the learner races a hand-written NumPy MLP against the same one in PyTorch."""
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import scratch_export, words
from core.mnist.lab import MnistLab
from core.mnist.numpy_mlp import DEFAULT_SCRATCH, SCRATCH_ACTIVATIONS, ScratchConfig
from core.models import ModelConfig
from lessons.mnist import cache


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    st.markdown("The same MLP written twice: once with PyTorch's autograd and optimiser, once in plain NumPy "
                "with the backward pass typed out by hand. Both start from the very same weights and see the "
                "same mini-batches, so their losses must match step for step.")
    st.latex(r"\delta^{(L)} = \tfrac{1}{B}\big(\operatorname{softmax}(z^{(L)}) - \text{onehot}(y)\big)")
    st.latex(r"\frac{\partial\mathcal L}{\partial W^{(l)}} = \delta^{(l)\top} a^{(l-1)}")
    st.latex(r"\delta^{(l-1)} = \delta^{(l)} W^{(l)} \odot \sigma'(z^{(l-1)})")
    c1, c2, c3, c4 = st.columns(4)
    d = DEFAULT_SCRATCH
    width = ui.bound(c1.select_slider, "Hidden neurons", [32, 64, 128, 256], d.hidden[0], key="mnist_np_width")
    act = ui.bound(c2.selectbox, "Activation", SCRATCH_ACTIVATIONS, key="mnist_np_act")  # the first: relu
    lr = ui.bound(c3.select_slider, "Learning rate (SGD)", [0.01, 0.03, 0.1, 0.3], d.lr, key="mnist_np_lr")
    images = ui.bound(c4.select_slider, "Training images (one epoch)", [2000, 5000, 10_000], d.images,
                      key="mnist_np_images")
    cfg = ScratchConfig(hidden=(width,), activation=act, lr=lr, images=images)  # batch, epochs, seed: as d
    if st.button("Train both", type="primary", icon=":material/play_arrow:", key="mnist_np_run"):
        lab.scratch = cfg
    shown = lab.scratch or d  # the learner's last race, else the shared default one
    if shown != cfg:
        st.info("Press **Train both** to race them with the settings above.", icon=":material/compare_arrows:")
    c = cache.scratch(shown, device.kind, data.name)
    cols = st.columns(5)
    cols[0].metric("Largest loss gap", f"{c.max_loss_gap:.1e}")
    cols[1].metric("Largest weight gap", f"{c.max_weight_gap:.1e}")
    cols[2].metric("Test accuracy (both)", f"{c.torch_acc:.2%}" if c.torch_acc == c.numpy_acc
                   else f"{c.torch_acc:.2%} / {c.numpy_acc:.2%}")
    faster = "PyTorch" if c.speedup >= 1 else "NumPy"
    cols[3].metric("PyTorch time", f"{c.torch_seconds:.2f} s", f"{faster} {max(c.speedup, 1 / c.speedup):.1f}× "
                   "faster", delta_color="off", delta_arrow="off")
    cols[4].metric("NumPy time", f"{c.numpy_seconds:.2f} s")
    ui.chart(mf.scratch_figure(c.torch_losses, c.numpy_losses), key="mnist_np_fig",
             caption=words.scratch_caption(c.torch_losses, c.numpy_losses),
             table=words.scratch_table(c.torch_losses, c.numpy_losses))
    net = ModelConfig(hidden=shown.hidden, activation=shown.activation).describe(data.side, data.classes)
    st.caption(f"{net}, SGD {shown.lr:g}, {len(c.torch_losses)} steps on {shown.images:,} images; PyTorch ran on "
               f"{c.device}. The two curves lie on top of each other: the gap (right) stays near float32 rounding, and "
               f"{sum(t == n for t, n in zip(c.torch_losses, c.numpy_losses, strict=True))} steps match exactly "
               "(a gap of 0 has no place on the log scale). "
               "On a CPU a small MLP is mostly matrix products that both hand to the same kind of BLAS library, so "
               "NumPy keeps up; on a GPU, and for bigger networks, PyTorch pulls ahead, and it spares you writing "
               "the backward pass.")
    if lab.scratch is None:
        ui.default_note("Train both")
    elif shown != cfg:
        st.caption("Above: your last race.")
    st.markdown(f"**Takeaway:** the hand-written backward pass follows autograd to within {c.max_loss_gap:.0e} in "
                f"loss over {len(c.torch_losses)} steps: backpropagation is the chain rule written out once per "
                "layer; autograd writes it for you, it does not change the maths.")
    ui.export(scratch_export.script(cfg), key="mnist_export_scratch")  # the settings above, run or not
