"""From a drawn canvas to a prediction: the time a visitor waits after lifting the mouse.

Each drawing is a 280×280 RGBA PNG data URL, as streamlit-drawable-canvas sends it.
Timed per drawing: decoding the PNG (what CanvasResult.image_data does), the
MNIST-style preprocessing, and the network's forward pass, for the tutorial MLP
and the small CNN. Target: under 100 ms. Last line: a JSON object.

    NNLAB_DATA_DIR=../shared/data python bench/canvas_latency.py
"""
from __future__ import annotations

import base64
import io
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.data import Dataset, load_mnist  # noqa: E402
from core.device import pick_device  # noqa: E402
from core.mnist import canvas  # noqa: E402
from core.models import ModelConfig, build_model, predict_proba  # noqa: E402

STROKES = [
    [(140, 40), (140, 240)],
    [(70, 50), (210, 50), (120, 240)],
    [(170, 240), (170, 40), (60, 170), (220, 170)],
    [(70, 80), (110, 45), (170, 45), (200, 90), (180, 140), (70, 235), (215, 235)],
]


def data_url(points, rng) -> str:
    """A canvas drawing: white background, a black freehand stroke, as a PNG data URL."""
    img = Image.new("RGBA", (280, 280), (255, 255, 255, 255))
    jitter = [(x + rng.integers(-15, 16), y + rng.integers(-15, 16)) for x, y in points]
    ImageDraw.Draw(img).line(jitter, fill=(0, 0, 0, 255), width=18, joint="curve")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def predict_from_url(model, url: str, data: Dataset, device: str) -> int:
    _, encoded = url.split(";base64,", 1)
    rgba = np.asarray(Image.open(io.BytesIO(base64.b64decode(encoded))))  # CanvasResult.image_data
    prep = canvas.preprocess(canvas.from_array(rgba))
    x = canvas.to_input(prep.image, data).to(device)
    return int(predict_proba(model, x)[0].argmax())


def main(reps: int = 60) -> None:
    device = pick_device()
    data = load_mnist()  # only its pixel statistics are used: the drawing is normalised as MNIST's images are
    rng = np.random.default_rng(0)
    urls = [data_url(STROKES[i % len(STROKES)], rng) for i in range(reps)]
    figures = {"device": device.name}
    for name, cfg in (("mlp", ModelConfig()), ("cnn", ModelConfig(kind="cnn"))):
        torch.manual_seed(0)
        model = build_model(cfg).to(device.kind).eval()
        predict_from_url(model, urls[0], data, device.kind)  # warm-up
        times = []
        for url in urls:
            start = time.perf_counter()
            predict_from_url(model, url, data, device.kind)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        figures[f"{name}_ms_median"] = round(statistics.median(times), 1)
        figures[f"{name}_ms_p95"] = round(times[int(0.95 * (len(times) - 1))], 1)
        figures[f"{name}_ms_max"] = round(times[-1], 1)
        print(f"{name}: median {figures[f'{name}_ms_median']} ms, p95 {figures[f'{name}_ms_p95']} ms, "
              f"max {figures[f'{name}_ms_max']} ms over {reps} drawings")
    figures["under_100ms"] = max(figures["mlp_ms_p95"], figures["cnn_ms_p95"]) < 100
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
