"""The Train tab's settings: the network and the training recipe, each control bound to the URL."""
import contextlib

import streamlit as st

import ui
from core.hosting import Limits
from core.models import ACTIVATIONS, INITS, ModelConfig
from core.train import OPTIMIZERS, TrainConfig


@contextlib.contextmanager
def shown_if(applies: bool):
    """Controls that apply are drawn; the others are hidden, not greyed out (a faded label is hard to read),
    yet still drawn into an emptied placeholder, so that their values and URL keys survive a switch."""
    if applies:
        yield
        return
    slot = st.empty()
    with slot.container():
        yield
    slot.empty()


def controls(limits: Limits) -> tuple[ModelConfig, TrainConfig, int]:
    """The network and the training recipe, as the visitor set them (and how many images)."""
    left, mid, right = st.columns(3)
    with left:
        kind = ui.bound(st.segmented_control, "Network", ["mlp", "cnn"], default="mlp", required=True, key="mnist_kind",
                        format_func=str.upper)
        mlp = kind == "mlp"
        if not mlp:
            st.caption("The CNN has its own fixed layers: two 3×3 convolutions, each followed by pooling, "
                       "then a dense layer.")
        with shown_if(mlp):
            depth = ui.bound(st.slider, "Hidden layers", 1, 3, 1, key="mnist_depth")
            widths = [w for w in (16, 32, 64, 128, 256, 512, 1024) if w <= limits.max_hidden_width]
            width = ui.bound(st.select_slider, "Neurons per hidden layer", widths, 128, key="mnist_width")
        with shown_if(mlp and depth > 1):
            shape = ui.bound(st.segmented_control, "Layer widths", ["equal", "halving"], default="equal",
                             required=True, key="mnist_shape",
                             help="halving: each hidden layer has half the neurons of the one before")
        with shown_if(mlp):
            activation = ui.bound(st.selectbox, "Activation", list(ACTIVATIONS), key="mnist_act")
    with mid:
        optimizer = ui.bound(st.selectbox, "Optimizer", OPTIMIZERS, key="mnist_opt")
        lr = ui.bound(st.select_slider, "Learning rate",
                      [1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 10.0],
                      1e-3, key="mnist_lr")
        batch = ui.bound(st.select_slider, "Batch size", [8, 16, 32, 64, 128, 256, 512, 1024], 64, key="mnist_batch")
        init = ui.bound(st.selectbox, "Initialisation", INITS, key="mnist_init",
                        help="PyTorch's default, Xavier (for tanh/sigmoid), He (for ReLU), or tiny N(0, 0.01²)")
    with right:
        epochs = ui.bound(st.slider, "Epochs", 1, limits.max_epochs, min(3, limits.max_epochs), key="mnist_epochs")
        sizes = [n for n in (1000, 5000, 10_000, 20_000, 55_000) if n <= limits.max_train_images]
        images = ui.bound(st.select_slider, "Training images", sizes, sizes[-1], key="mnist_images")
        seed = ui.bound(st.slider, "Seed", 0, 100, 0, key="mnist_seed")
    with st.expander("Regularisation and safety nets", icon=":material/tune:"):
        c1, c2, c3, c4, c5 = st.columns(5)
        with c1, shown_if(mlp):
            dropout = ui.bound(st.select_slider, "Dropout", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7], 0.0, key="mnist_dropout")
        with c2, shown_if(mlp):
            batch_norm = ui.bound(st.toggle, "Batch norm", False, key="mnist_bn")
        decay = ui.bound(c3.select_slider, "Weight decay", [0.0, 1e-4, 1e-3, 1e-2, 3e-2], 0.0, key="mnist_wd")
        clip = ui.bound(c4.select_slider, "Gradient clipping (max norm)", [0.0, 0.5, 1.0, 5.0], 0.0,
                        key="mnist_clip", help="0 = off")
        patience = ui.bound(c5.slider, "Early stopping patience", 0, 5, 0, key="mnist_patience",
                            help="epochs without a better validation loss; 0 = off")
    hidden = tuple(max(8, width // 2 ** i) if shape == "halving" else width for i in range(depth))
    model_cfg = ModelConfig(kind=kind, hidden=hidden, activation=activation, dropout=dropout,
                            batch_norm=batch_norm, init=init)
    train_cfg = TrainConfig(optimizer=optimizer, lr=lr, batch_size=batch, epochs=epochs, seed=int(seed),
                            weight_decay=decay, grad_clip=clip, patience=patience)
    return model_cfg, train_cfg, images
