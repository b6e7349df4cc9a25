"""Inside the model: the learner watches weight histograms grow and sees what neurons look for."""
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import inspection as inspect_model
from core.mnist import pictures, words
from core.mnist.inspection import VANISHING
from core.mnist.lab import PROBE, MnistLab, MnistRun
from lessons.mnist.common import shown_run

HISTOGRAM_TICK_S = 4.0  # the histograms only gain a ridge once an epoch


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    run = shown_run(lab, data, device.kind)
    live = bool(lab.run is not None and lab.run.training and lab.run.snapshots)
    st.subheader("Weight and gradient histograms, epoch by epoch" + (" (your network, live)" if live else ""))
    st.markdown("Like TensorBoard's histograms: each ridge is one epoch, the weights on the left and their "
                "gradients on the right. Healthy training spreads the weights slowly.")

    @st.fragment(run_every=HISTOGRAM_TICK_S if live else None)
    def histograms():
        """While your network trains, a new ridge appears after each epoch."""
        if live and not lab.run.training:
            st.rerun()  # it finished: redraw the whole tab with the finished network
        snaps = lab.run.snapshots if live else run.snapshots
        layers = [h.layer for h in snaps[0].layers]
        layer = st.selectbox("Layer", range(len(layers)), format_func=layers.__getitem__,
                             key=f"mnist_layer_{len(layers)}")
        last = snaps[-1].epoch
        epoch = st.slider("Epoch", 0, max(last, 1), last, key=f"mnist_hist_epoch_{len(snaps)}", disabled=last == 0)
        layer = min(layer, len(layers) - 1)
        ui.chart(mf.histogram_ridges(snaps, layer, epoch), key="mnist_hist",
                 caption=words.histogram_caption(snaps, layer, epoch), table=words.histogram_table(snaps, layer))
        ui.chart(mf.gradient_norms(snaps), key="mnist_gnorm", caption=words.gradient_norms_caption(snaps),
                 table=words.gradient_norms_table(snaps))

    histograms()
    what_to_look_for(None if live else run)

    model = run.model
    if run.model_cfg.kind == "cnn":
        st.subheader("The CNN's first filters")
        st.markdown("Each 3×3 filter slides over the image; blue weights reward ink, orange ones punish it, "
                    "so most become small edge and stroke detectors.")
    else:
        st.subheader("What the first layer's neurons look for")
        st.markdown("A hidden neuron's 784 input weights, laid back out as a 28×28 picture: blue pixels push "
                    "it up when inked, orange ones push it down, white ones do not matter.")
    w = inspect_model.first_layer_weights(model, data.side)
    ui.chart(pictures.weight_images(w, [f"#{i}" for i in range(len(w))]), key="mnist_weights",
             caption=f"The first {len(w)} units' input weights as pictures. All tiles share one colour scale (the "
             "bar on the right), symmetric around 0. Blobs of one colour are strokes the neuron expects, or "
             "forbids, at that place.")

    st.subheader("Hidden activations for one digit")
    idx = st.number_input("Test image", 0, len(data.test_y) - 1, 0, key="mnist_act_idx")
    x = data.test_x[int(idx):int(idx) + 1]
    c1, c2 = st.columns([1, 3])
    with c1:
        ui.chart(pictures.digit_figure(inspect_model.images(data, x)[0], f"digit {int(data.test_y[int(idx)])}"),
                 key="mnist_act_img", caption=f"Test image {int(idx)}: a handwritten {int(data.test_y[int(idx)])}.")
    with c2:
        for i, (name, act) in enumerate(inspect_model.hidden_activations(model, x)):
            if act.ndim == 1:
                ui.chart(mf.activation_figure(name, act), key=f"mnist_act_{i}",
                         caption=words.activation_caption(name, act))
            else:
                ui.chart(pictures.weight_images(act[:16], [f"map {j}" for j in range(min(16, len(act)))],
                                                label="activation"), key=f"mnist_act_{i}",
                         caption=f"{name}: the first {min(16, len(act))} feature maps for this digit; bright where "
                         "a filter found its pattern.")
    st.markdown("**Takeaway:** the network is not a black box: its weights are pictures and its hidden layer a "
                "handful of detectors, only some of which fire for any one digit.")


def what_to_look_for(run: MnistRun | None) -> None:
    """Say what a healthy histogram looks like, with this network's own numbers (None while one trains)."""
    text = ("**What to look for.** Gradients always pile up near zero, because most weights need only a small "
            "nudge: a narrow peak there is normal. A layer has stopped learning when its ‖gradient‖ line sits "
            f"far below the others (under {VANISHING:.0%} of the last layer's: the signal vanishes on its way "
            "back), or when most of its units are dead (a ReLU unit that is 0 for every input passes no gradient "
            "back at all).")
    if run is None or not run.snapshots:
        st.caption(text)
        return
    ratio = inspect_model.gradient_ratio(run.snapshots[-1])
    found = [f"layer 1's ‖gradient‖ is **{ratio:.2g}×** the last layer's"]
    for a in run.activity:
        found.append(f"{a.layer} has **{a.dead} of {a.units} units dead** ({a.dead_share:.0%}) on {PROBE} "
                     f"training images, and {a.zero_share:.0%} of its outputs are exactly 0")
    healthy = ratio >= VANISHING and all(a.dead_share < 0.5 for a in run.activity)
    st.caption(text + " Here, after the last epoch: " + "; ".join(found) + ". "
               + ("So this network is still learning in every layer; the zeros are ReLU's normal sparsity."
                  if healthy else "So part of this network has stopped learning: see the Pitfall lab for fixes."))
