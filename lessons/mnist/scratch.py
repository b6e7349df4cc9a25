"""From scratch: the learner races a hand-written NumPy MLP against the same one in PyTorch."""
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist.lab import MnistLab
from core.mnist.numpy_mlp import SCRATCH_ACTIVATIONS, ScratchConfig
from core.models import ModelConfig
from lessons.mnist import cache


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    st.markdown("The same MLP written twice: once with PyTorch's autograd and optimiser, once in plain NumPy "
                "with the backward pass typed out by hand. Both start from the very same weights and see the "
                "same mini-batches, so their losses must match step for step.")
    st.latex(r"\delta^{(L)} = \tfrac{1}{B}\big(\operatorname{softmax}(z^{(L)}) - \text{onehot}(y)\big)")
    st.latex(r"\frac{\partial\mathcal L}{\partial W^{(l)}} = \delta^{(l)\top} a^{(l-1)} \qquad "
             r"\delta^{(l-1)} = \delta^{(l)} W^{(l)} \odot \sigma'(z^{(l-1)})")
    c1, c2, c3, c4 = st.columns(4)
    width = ui.bound(c1.select_slider, "Hidden neurons", [32, 64, 128, 256], 128, key="mnist_np_width")
    act = ui.bound(c2.selectbox, "Activation", SCRATCH_ACTIVATIONS, key="mnist_np_act")
    lr = ui.bound(c3.select_slider, "Learning rate (SGD)", [0.01, 0.03, 0.1, 0.3], 0.1, key="mnist_np_lr")
    images = ui.bound(c4.select_slider, "Training images (one epoch)", [2000, 5000, 10_000], 5000,
                      key="mnist_np_images")
    cfg = ScratchConfig(hidden=(width,), activation=act, lr=lr, images=images)
    if st.button("Train both", type="primary", icon=":material/play_arrow:", key="mnist_np_run"):
        lab.scratch = cfg
    if lab.scratch != cfg:
        st.info("Press **Train both** to race them.", icon=":material/compare_arrows:")
        return
    c = cache.scratch(cfg, device.kind, data.name)
    cols = st.columns(5)
    cols[0].metric("Largest loss gap", f"{c.max_loss_gap:.1e}")
    cols[1].metric("Largest weight gap", f"{c.max_weight_gap:.1e}")
    cols[2].metric("Test accuracy (both)", f"{c.torch_acc:.2%}" if c.torch_acc == c.numpy_acc
                   else f"{c.torch_acc:.2%} / {c.numpy_acc:.2%}")
    faster = "PyTorch" if c.speedup >= 1 else "NumPy"
    cols[3].metric("PyTorch time", f"{c.torch_seconds:.2f} s", f"{faster} {max(c.speedup, 1 / c.speedup):.1f}× "
                   "faster", delta_color="off", delta_arrow="off")
    cols[4].metric("NumPy time", f"{c.numpy_seconds:.2f} s")
    st.plotly_chart(mf.scratch_figure(c.torch_losses, c.numpy_losses), key="mnist_np_fig")
    net = ModelConfig(hidden=cfg.hidden, activation=cfg.activation).describe(data.side, data.classes)
    st.caption(f"{net}, {len(c.torch_losses)} steps; PyTorch ran on {c.device}. On a CPU a small MLP is mostly matrix "
               "products that both hand to the same kind of BLAS library, so NumPy keeps up; on a GPU, and for "
               "bigger networks, PyTorch pulls ahead, and it spares you writing the backward pass.")
    st.markdown("**Takeaway:** backpropagation is the chain rule written out once per layer; autograd writes it "
                "for you, it does not change the maths.")
