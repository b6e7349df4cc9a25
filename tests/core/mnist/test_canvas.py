"""Drawn and uploaded pictures become MNIST-like inputs the network reads correctly; bad files get messages."""
import io

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.mnist import canvas
from core.models import ModelConfig, build_model, predict_proba
from core.train import TrainConfig, train

STROKES = {  # hand-drawn-looking digits on a 280×280 canvas, as polylines
    0: [("ellipse", (80, 40, 200, 240))],
    1: [[(140, 40), (140, 240)]],
    2: [[(70, 80), (110, 45), (170, 45), (200, 90), (180, 140), (70, 235), (215, 235)]],
    3: [[(70, 60), (130, 40), (190, 70), (180, 120), (120, 135), (190, 160), (200, 210), (130, 240), (70, 220)]],
    4: [[(170, 240), (170, 40), (60, 170), (220, 170)]],
    7: [[(70, 50), (210, 50), (120, 240)]],
}


@pytest.fixture(scope="module")
def model(mnist):
    """The tutorial's MLP after 2 epochs on 10,000 images (about 93% on the test set)."""
    torch.manual_seed(0)
    net = build_model(ModelConfig())
    train(net, mnist.subset(10_000), TrainConfig(epochs=2), report_every_s=60)
    return net


def classify(model, mnist, rgba: np.ndarray) -> int:
    prep = canvas.preprocess(rgba)
    return int(predict_proba(model, canvas.to_input(prep.image, mnist))[0].argmax())


def pixels(mnist, i: int) -> np.ndarray:
    return (mnist.test_x[i, 0] * mnist.std + mnist.mean).clamp(0, 1).numpy()


def paint(digit: np.ndarray, size: int, scale: float, top: int, left: int, dark_on_light: bool) -> np.ndarray:
    """An MNIST digit blown up onto a size × size RGB canvas at (top, left)."""
    side = round(28 * scale)
    big = np.asarray(Image.fromarray((digit * 255).astype(np.uint8)).resize((side, side), Image.Resampling.BILINEAR))
    ink = np.zeros((size, size), np.uint8)
    ink[top:top + side, left:left + side] = big
    grey = 255 - ink if dark_on_light else ink
    return np.dstack([grey, grey, grey])


CASES = {  # name: (canvas size, scale, top, left, dark on light)
    "large, dark on light": (280, 10, 0, 0, True),
    "small in a corner, dark on light": (280, 2, 5, 200, True),
    "off-centre, light on dark": (300, 5, 150, 10, False),
    "medium, light on dark": (200, 4, 40, 30, False),
}


@pytest.mark.parametrize("case", CASES)
def test_transformed_mnist_digits_come_back_mnist_like_and_are_read_correctly(model, mnist, case):
    size, scale, top, left, dark = CASES[case]
    with torch.no_grad():
        pred = predict_proba(model, mnist.test_x[:100]).argmax(1)
    right = [i for i in range(100) if pred[i] == mnist.test_y[i]][:60]
    correct, similarity = 0, []
    for i in right:
        rgba = canvas.from_array(paint(pixels(mnist, i), size, scale, top, left, dark))
        prep = canvas.preprocess(rgba)
        assert prep.image.shape == (28, 28) and prep.inverted == dark
        similarity.append(np.corrcoef(prep.image.ravel(), pixels(mnist, i).ravel())[0, 1])
        correct += classify(model, mnist, rgba) == int(mnist.test_y[i])
    assert np.mean(similarity) > 0.9  # the pipeline recovers MNIST's own framing
    assert correct / len(right) >= 0.9


@pytest.mark.parametrize("dark_on_light", [True, False])
@pytest.mark.parametrize("digit", STROKES)
def test_hand_drawn_strokes_are_classified(model, mnist, digit, dark_on_light):
    ink, paper = (0, 255) if dark_on_light else (255, 0)
    img = Image.new("RGB", (280, 280), (paper,) * 3)
    draw = ImageDraw.Draw(img)
    for stroke in STROKES[digit]:
        if stroke[0] == "ellipse":
            draw.ellipse(stroke[1], outline=(ink,) * 3, width=18)
        else:
            draw.line(stroke, fill=(ink,) * 3, width=18, joint="curve")
    assert classify(model, mnist, canvas.from_array(np.asarray(img))) == digit


def test_transparent_canvas_with_black_strokes_reads_as_dark_ink():
    rgba = np.zeros((100, 100, 4), np.uint8)
    rgba[20:80, 45:55] = (0, 0, 0, 255)  # a black "1" on a see-through background
    prep = canvas.preprocess(canvas.from_array(rgba))
    assert prep.inverted
    assert prep.image.sum() > 10 and prep.image[14].max() > 0.5  # ink ends up light and centred


def test_steps_are_the_five_mnist_steps_and_mass_is_centred():
    rgba = np.full((200, 300, 3), 230, np.uint8)  # grey paper
    rgba[10:60, 20:40] = 30  # a small dark blob near the top-left corner
    prep = canvas.preprocess(canvas.from_array(rgba))
    assert [c.split(" · ")[0] for c, _ in prep.steps] == ["1", "2", "3", "4", "5"]
    assert prep.steps[3][1].shape == (20, 20)
    img = prep.image
    ys, xs = np.indices(img.shape)
    assert (ys * img).sum() / img.sum() == pytest.approx(14, abs=0.5)  # where MNIST puts it
    assert (xs * img).sum() / img.sum() == pytest.approx(14, abs=0.5)
    assert img.max() == pytest.approx(1.0, abs=0.05) and img[0].max() == 0


def png(img: Image.Image, **kwargs) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=kwargs.pop("format", "PNG"), **kwargs)
    return buf.getvalue()


def test_any_readable_format_and_mode_is_accepted():
    base = Image.new("L", (64, 48), 255)
    ImageDraw.Draw(base).line([(32, 5), (32, 43)], fill=0, width=6)
    files = [png(base), png(base.convert("RGB"), format="JPEG"), png(base.convert("P"), format="GIF"),
             png(base.convert("RGB"), format="BMP"), png(base.convert("RGBA"), format="WEBP"),
             png(base.convert("CMYK"), format="TIFF"), png(base.convert("I;16"))]
    for data in files:
        rgba = canvas.read_image(data)
        assert rgba.shape == (48, 64, 4) and 0 <= rgba.min() and rgba.max() <= 1
        prep = canvas.preprocess(rgba)
        assert prep.inverted and prep.image.shape == (28, 28)


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"hello, this is a text file", "not a picture"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not a picture"),
    (b"GIF89a" + b"\xff" * 10, "not a picture"),
    (b"x" * (canvas.MAX_UPLOAD_BYTES + 1), "MB"),
])
def test_unreadable_uploads_get_a_clear_message(data, message):
    with pytest.raises(canvas.ImageError, match=message):
        canvas.read_image(data)


def test_truncated_and_enormous_pictures_are_refused():
    good = png(Image.new("RGB", (300, 300), "white"))
    with pytest.raises(canvas.ImageError):
        canvas.read_image(good[:len(good) // 2])
    bomb = png(Image.new("1", (6000, 6000)))  # 36 megapixels that compress to almost nothing
    with pytest.raises(canvas.ImageError, match="megapixels"):
        canvas.read_image(bomb)


@pytest.mark.parametrize("img", [np.full((50, 50, 3), 255, np.uint8), np.zeros((30, 30)), np.zeros((1, 1, 4)),
                                 np.full((10, 10), 0.5)])
def test_blank_pictures_say_no_drawing_found(img):
    with pytest.raises(canvas.ImageError, match="No drawing"):
        canvas.preprocess(canvas.from_array(img))


@pytest.mark.parametrize("bad", [np.zeros((0, 5)), np.zeros((4, 4, 2)), np.zeros((2, 2, 2, 2))])
def test_arrays_of_the_wrong_shape_are_refused(bad):
    with pytest.raises(canvas.ImageError, match="shape"):
        canvas.from_array(bad)


def test_nan_pixels_do_not_crash():
    img = np.zeros((40, 40))
    img[10:30, 18:22] = 1.0
    img[0, 0] = np.nan
    assert canvas.preprocess(canvas.from_array(img)).image.max() > 0.5
