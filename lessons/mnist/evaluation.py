"""Evaluation: the learner finds which digits the network gets wrong, how surely, and why."""
import numpy as np
import streamlit as st

from core.data import Dataset
from core.device import DeviceInfo
from core.mnist import figures as mf
from core.mnist import inspection as inspect_model
from core.mnist.lab import MnistLab, precision_recall
from lessons.mnist.common import shown_run


def show(lab: MnistLab, data: Dataset, device: DeviceInfo) -> None:
    run = shown_run(lab, data, device.kind)
    st.subheader("Confusion matrix (test set)")
    st.plotly_chart(mf.confusion_heatmap(run.confusion), key="mnist_cm")
    st.caption("Rows are the true digit, columns the prediction: everything off the diagonal is a mistake.")
    st.subheader("Per-class precision and recall")
    st.latex(r"\text{precision}_k = \frac{TP_k}{TP_k + FP_k} \qquad \text{recall}_k = \frac{TP_k}{TP_k + FN_k}")
    precision, recall = precision_recall(run.confusion)
    st.plotly_chart(mf.precision_recall_figure(precision, recall), key="mnist_pr")
    worst = int(np.argmin(recall))
    st.caption(f"Hardest digit to find: **{worst}** (recall {recall[worst]:.1%}). Precision asks 'when it says k, "
               "is it k?'; recall asks 'of all the k's, how many did it find?'.")
    st.subheader("The mistakes it was surest of")
    if run.mistakes is not None and len(run.mistakes.labels):
        st.plotly_chart(mf.gallery_figure(run.mistakes), key="mnist_mistakes")
        st.caption("Some are sloppy digits a human would also hesitate over; some are mislabelled in MNIST itself.")
    st.subheader("Saliency: which pixels decided?")
    st.latex(r"S_{ij} = \left|\frac{\partial z_{\hat y}}{\partial x_{ij}}\right|")
    idx = st.number_input("Test image", 0, len(data.test_y) - 1, 0, key="mnist_sal_idx")
    x = data.test_x[int(idx):int(idx) + 1]
    sal, target = inspect_model.saliency(run.model, x)
    st.plotly_chart(mf.saliency_figure(inspect_model.images(data, x)[0], sal, target),
                    key="mnist_sal")
    st.caption(f"True digit {int(data.test_y[int(idx)])}, predicted {target}. Bright pixels are those whose "
               "change would move the winning score most.")
    st.markdown("**Takeaway:** one accuracy number hides which digits fail, how confidently, and why.")
