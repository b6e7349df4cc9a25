"""Draw a digit: the learner draws or uploads a digit and sees it preprocessed and read."""
import time

import streamlit as st

from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import canvas
from core.mnist import figures as mf
from core.mnist.lab import MnistLab
from core.models import predict_proba
from lessons.mnist.common import shown_run


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    run = shown_run(lab, data, device.kind)
    st.markdown("Draw a digit, or upload a picture of one. It is turned into an MNIST-style 28×28 input the way "
                "MNIST itself was made, and the network reads it.")
    left, right = st.columns([1, 1])
    rgba, source = None, None
    with left:
        st.caption("Draw here with the mouse (the toolbar undoes or clears).")
        st.space("small")  # room for the canvas's floating toolbar
        try:
            from streamlit_drawable_canvas import st_canvas

            drawn = st_canvas(stroke_width=18, stroke_color="#000000", background_color="#ffffff", width=280,
                              height=280, drawing_mode="freedraw", return_image_data=True, key="mnist_canvas")
            if drawn.image_data is not None and drawn.json_data and drawn.json_data.get("objects"):
                rgba, source = canvas.from_array(drawn.image_data), "canvas"
        except Exception as err:  # the component could not load: uploads still work
            st.warning(f"The drawing canvas is unavailable here ({type(err).__name__}); upload a picture instead.",
                       icon=":material/draw:")
        upload = st.file_uploader("…or upload a picture", key="mnist_upload", max_upload_size=5,
                                  help="Any picture: PNG, JPEG, GIF, BMP, WebP…")
        if upload is not None:
            try:
                rgba, source = canvas.read_image(upload.getvalue()), f"upload {upload.name}"
            except canvas.ImageError as err:
                st.error(str(err), icon=":material/broken_image:")
    with right:
        if rgba is None:
            st.info("Draw a digit on the white square (hold the mouse button), or upload a picture.",
                    icon=":material/gesture:")
            return
        start = time.perf_counter()
        try:
            prep = canvas.preprocess(rgba, data.side)
        except canvas.ImageError as err:
            st.warning(str(err), icon=":material/gesture:")
            return
        probs = predict_proba(run.model, canvas.to_input(prep.image, data).to(device.kind))[0]
        probs = probs.cpu().numpy()
        ms = (time.perf_counter() - start) * 1000
        best = int(probs.argmax())
        st.metric("Prediction", f"{best}", f"{probs[best]:.0%} sure", delta_color="off", delta_arrow="off")
        st.plotly_chart(mf.probability_bars(probs), key="mnist_probs")
        st.caption(f"From the {source}: preprocessing and prediction took {ms:.0f} ms.")
    st.markdown("**How the picture became an input**")
    st.plotly_chart(mf.steps_figure(prep.steps), key="mnist_steps")
    st.markdown("**Takeaway:** the network only knows MNIST's conventions; a drawing becomes readable once it is "
                "inverted, cropped, scaled and centred the same way.")
