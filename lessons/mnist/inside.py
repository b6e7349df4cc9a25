"""Inside the model: the learner watches weight histograms grow and sees what neurons look for."""
import streamlit as st

from core import figures
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import inspection as inspect_model
from core.mnist.lab import MnistLab
from lessons.mnist.common import shown_run

HISTOGRAM_TICK_S = 4.0  # the histograms only gain a ridge once an epoch


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    run = shown_run(lab, data, device.kind)
    live = bool(lab.run is not None and lab.run.training and lab.run.snapshots)
    st.subheader("Weight and gradient histograms, epoch by epoch" + (" (your network, live)" if live else ""))
    st.markdown("Like TensorBoard's histograms: each ridge is one epoch. Healthy training spreads the weights "
                "slowly; gradients that shrink to a spike at zero mean the layer has stopped learning.")

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
        st.plotly_chart(mf.histogram_ridges(snaps, min(layer, len(layers) - 1), epoch), key="mnist_hist")
        st.plotly_chart(mf.gradient_norms(snaps), key="mnist_gnorm")

    histograms()

    model = run.model
    if run.model_cfg.kind == "cnn":
        st.subheader("The CNN's first filters")
        st.markdown("Each 3×3 filter slides over the image; red weights reward ink, blue ones punish it, "
                    "so most become small edge and stroke detectors.")
    else:
        st.subheader("What the first layer's neurons look for")
        st.markdown("A hidden neuron's 784 input weights, laid back out as a 28×28 picture: red pixels push "
                    "it up when inked, blue ones push it down.")
    w = inspect_model.first_layer_weights(model, data.side)
    st.plotly_chart(mf.weight_images(w, [f"#{i}" for i in range(len(w))]), key="mnist_weights")

    st.subheader("Hidden activations for one digit")
    idx = st.number_input("Test image", 0, len(data.test_y) - 1, 0, key="mnist_act_idx")
    x = data.test_x[int(idx):int(idx) + 1]
    c1, c2 = st.columns([1, 3])
    c1.plotly_chart(figures.image_grid(inspect_model.images(data, x),
                                       [f"digit {int(data.test_y[int(idx)])}"], cols=1, height_per_row=220),
                    key="mnist_act_img")
    with c2:
        for i, (name, act) in enumerate(inspect_model.hidden_activations(model, x)):
            st.plotly_chart(mf.activation_figure(name, act), key=f"mnist_act_{i}")
    st.markdown("**Takeaway:** the network is not a black box: its weights are pictures and its hidden layer a "
                "handful of detectors, only some of which fire for any one digit.")
