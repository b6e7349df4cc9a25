"""Keep & share: the learner downloads the trained network or loads a saved one back."""
import streamlit as st

from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import model_io
from core.mnist.lab import MnistLab, loaded_run


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    run = lab.run
    st.subheader("Download your network")
    if run is None or run.model is None:
        st.info("Train a network first (or wait until training ends); then its weights, settings and metrics can "
                "be downloaded here.", icon=":material/download:")
    else:
        result = run.result
        info = model_io.run_info(run.model_cfg, run.train_cfg, data.name, data.side, data.classes, data.mean,
                                 data.std, {"test_acc": result.test_acc, "test_loss": result.test_loss,
                                            "status": result.status, "seconds": result.seconds})
        c1, c2, c3 = st.columns(3)
        c1.download_button("Weights (.safetensors)", model_io.to_safetensors(run.model, info),
                           "mnist_model.safetensors", "application/octet-stream", key="mnist_dl_weights",
                           icon=":material/download:", on_click="ignore")
        c2.download_button("Settings (.json)", model_io.to_json(info), "mnist_config.json", "application/json",
                           key="mnist_dl_config", icon=":material/settings:", on_click="ignore")
        c3.download_button("Metrics (.csv)", model_io.to_csv(result.curve), "mnist_metrics.csv", "text/csv",
                           key="mnist_dl_metrics", icon=":material/table:", on_click="ignore",
                           disabled=not result.curve)
        st.caption(f"{run.model_cfg.describe(data.side, data.classes)} · {run.parameters:,} parameters · "
                   f"test accuracy {result.test_acc:.2%}. The settings are also stored inside the .safetensors "
                   "file, so that file alone can be loaded back.")
    st.subheader("Load a saved network")
    st.markdown("Weights only: a **.safetensors** file is plain numbers and cannot run code. A **.pt** file is a "
                "Python pickle, which can; it is opened with `torch.load(weights_only=True)`, which accepts "
                "tensors and refuses anything else before it runs.")
    c1, c2 = st.columns(2)
    weights = c1.file_uploader("Weights (.safetensors or .pt)", key="mnist_model_file",
                               max_upload_size=model_io.MAX_MODEL_BYTES // (1024 * 1024))
    settings = c2.file_uploader("Settings (.json, optional)", key="mnist_config_file", max_upload_size=1)
    if st.button("Load", icon=":material/upload:", key="mnist_load", disabled=weights is None):
        if run is not None and run.training:
            st.warning("A network is training: stop it first, then load.", icon=":material/hourglass_top:")
            return
        try:
            loaded = model_io.load_model(weights.getvalue(), settings.getvalue() if settings else None,
                                         data.side, data.classes, device.kind)
        except model_io.ModelFileError as err:
            st.error(str(err), icon=":material/block:")
            return
        lab.run = loaded_run(loaded, data, device.name, weights.name)
        for note in loaded.notes:
            st.info(note, icon=":material/info:")
        st.success(f"Loaded {loaded.model_cfg.describe(data.side, data.classes)}: test accuracy "
                   f"{lab.run.result.test_acc:.2%}. Every tab now uses it.", icon=":material/check_circle:")
    st.markdown("**Takeaway:** a trained network is just its weights plus the recipe to rebuild it; share the "
                "weights in a format that cannot carry code.")
