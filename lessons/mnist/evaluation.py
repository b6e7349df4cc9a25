"""Evaluation: the learner finds which digits the network gets wrong, how surely, and why."""
import numpy as np
import streamlit as st

import ui
from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import inspection as inspect_model
from core.mnist import pictures, words
from core.mnist.lab import MnistLab, MnistRun, confused_images, precision_recall
from lessons.mnist.common import shown_run


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    run = shown_run(lab, data, device.kind)
    st.subheader("Confusion matrix (test set)")
    confusion(lab, run, data)
    st.subheader("Per-class precision and recall")
    st.latex(r"\text{precision}_k = \frac{TP_k}{TP_k + FP_k}")
    st.latex(r"\text{recall}_k = \frac{TP_k}{TP_k + FN_k}")
    precision, recall = precision_recall(run.confusion)
    ui.chart(mf.precision_recall_figure(precision, recall), key="mnist_pr",
             caption=words.precision_recall_caption(precision, recall),
             table=words.precision_recall_table(precision, recall))
    worst = int(np.argmin(recall))
    st.caption(f"Hardest digit to find: **{worst}** (recall {recall[worst]:.1%}). Precision asks 'when it says k, "
               "is it k?'; recall asks 'of all the k's, how many did it find?'.")
    st.subheader("The mistakes it was surest of")
    if run.mistakes is not None and len(run.mistakes.labels):
        ui.chart(pictures.gallery_figure(run.mistakes), key="mnist_mistakes",
                 caption=words.gallery_caption(run.mistakes, "test digits it was surest of and got wrong"),
                 table=words.gallery_table(run.mistakes))
        st.caption(f"Its surest mistake: {run.mistakes.top_probs[0, 0]:.0%} sure of a "
                   f"{run.mistakes.top_classes[0, 0]} that is labelled {run.mistakes.labels[0]}. Some are sloppy "
                   "digits a human would also hesitate over; some are mislabelled in MNIST itself.")
    st.subheader("Saliency: which pixels decided?")
    st.latex(r"S_{ij} = \frac{\partial z_{\hat y}}{\partial x_{ij}}")
    idx = st.number_input("Test image", 0, len(data.test_y) - 1, 0, key="mnist_sal_idx")
    x = data.test_x[int(idx):int(idx) + 1]
    grad, target = inspect_model.saliency(run.model, x, signed=True)
    ui.chart(pictures.saliency_figure(inspect_model.images(data, x)[0], grad, target), key="mnist_sal",
             caption=f"Test image {int(idx)} (left) and its saliency map (right): how much each pixel's ink "
             f"moves the score of the predicted digit {target}.")
    st.caption(f"True digit {int(data.test_y[int(idx)])}, predicted {target}. Blue pixels: more ink there would "
               f"raise the score of {target}; orange: it would lower it; white: no effect.")
    st.markdown("**Takeaway:** one accuracy number hides which digits fail, how confidently, and why.")


def confusion(lab: MnistLab, run: MnistRun, data: Dataset) -> None:
    """The matrix, and the test images of the mistake cell the learner clicked (at first the commonest one)."""
    picked = st.session_state.get("mnist_cm")
    clicked = mf.cell_from_selection((picked or {}).get("selection", {}).get("points", []), run.confusion)
    if clicked is not None:
        lab.cell = clicked
    cm = run.confusion
    cell = lab.cell if lab.cell is not None and cm[lab.cell] > 0 else mf.commonest_mistake(cm)
    ui.chart(mf.confusion_figure(cm), key="mnist_cm", on_select="rerun", selection_mode="points",
             caption=words.confusion_caption(cm), table=words.confusion_table(cm))
    mistakes = int(cm.sum() - np.trace(cm))
    st.caption(f"Rows are the true digit, columns the prediction. The diagonal (blue) holds the "
               f"{int(np.trace(cm)):,} right answers, the orange cells the {mistakes:,} mistakes, on a scale of "
               "their own. **Click an orange cell** to see its images.")
    if cell is None:
        return
    true, pred = cell
    idx = confused_images(run.predictions, data.test_y.cpu().numpy(), true, pred)
    if len(idx) and run.model is not None:
        g = inspect_model.gallery(run.model, data.test_x[idx], data.test_y[idx], data)
        st.markdown(f"**{int(cm[true, pred])} test images of a {true} read as {pred}**"
                    + (f" (the first {len(idx)})" if cm[true, pred] > len(idx) else "")
                    + ("" if clicked or lab.cell == cell else " · the commonest mistake"))
        ui.chart(pictures.gallery_figure(g), key="mnist_cm_images",
                 caption=words.gallery_caption(g, f"test images of a {true} read as {pred}"))
