"""Turn a drawn or uploaded picture into an MNIST-style input, step by step.

MNIST digits are light ink on a black background, cropped to the ink, scaled to
fit a 20×20 box (aspect ratio kept) and placed in a 28×28 frame so that their
centre of mass sits in the middle. A drawing must go through the same steps, or
the network sees something it never saw in training.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from core.data import Dataset

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # matches server.maxUploadSize in .streamlit/config.toml
MAX_PIXELS = 25_000_000  # a 5,000 × 5,000 picture; larger ones are refused before decoding
INK_THRESHOLD = 0.1  # after normalising, a pixel above this counts as ink
MIN_CONTRAST = 0.08  # darkest and lightest pixels must differ by this much to hold a drawing


class ImageError(ValueError):
    """A picture that cannot become a digit; the message is meant for the visitor."""


@dataclass
class Preprocessed:
    """Every intermediate picture, for display, and the final input."""

    steps: list[tuple[str, np.ndarray]] = field(default_factory=list)  # (caption, 2-D image in 0..1)
    inverted: bool = False  # was the picture dark ink on a light background?
    image: np.ndarray | None = None  # (side, side) in 0..1, ink = 1, like MNIST's pixels / 255


def read_image(data: bytes) -> np.ndarray:
    """Decode uploaded bytes into an (H, W, 4) float RGBA array in 0..1, or raise `ImageError`."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ImageError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(f"The file is {len(data) / 1e6:.1f} MB; pictures up to {MAX_UPLOAD_BYTES / 1e6:.0f} MB "
                         "are accepted.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.width * img.height > MAX_PIXELS:
                raise ImageError(f"The picture is {img.width} × {img.height} pixels; at most "
                                 f"{MAX_PIXELS / 1e6:.0f} megapixels are accepted.")
            if img.width < 1 or img.height < 1:
                raise ImageError("The picture has no pixels.")
            img.seek(0)  # an animation: its first frame
            img = ImageOps.exif_transpose(img)  # a phone photo taken sideways
            return to_rgba(img)
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError("This file is not a picture that can be read (try PNG, JPEG, GIF, BMP or WebP).") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("The picture is far too large to open safely.") from None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as err:  # truncated or corrupt files
        raise ImageError(f"The picture could not be decoded ({type(err).__name__}); it may be damaged.") from None


def to_rgba(img) -> np.ndarray:
    """Any PIL mode (palette, 16-bit, CMYK, float) → (H, W, 4) float RGBA in 0..1."""
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # high bit depth: stretch to 0..1
        a = np.asarray(img, dtype=np.float64)
        lo, hi = np.nanmin(a), np.nanmax(a)
        grey = np.nan_to_num((a - lo) / (hi - lo) if hi > lo else np.zeros_like(a))
        return np.dstack([grey, grey, grey, np.ones_like(grey)])
    return np.asarray(img.convert("RGBA"), dtype=np.float64) / 255.0


def from_array(a: np.ndarray) -> np.ndarray:
    """A canvas's (H, W, 4) uint8 RGBA array, or an (H, W) / (H, W, 3) array → float RGBA in 0..1."""
    a = np.asarray(a)
    if a.ndim not in (2, 3) or a.size == 0 or (a.ndim == 3 and a.shape[2] not in (1, 3, 4)):
        raise ImageError(f"Expected a picture as an (H, W) or (H, W, 3/4) array, got shape {a.shape}.")
    a = a.astype(np.float64)
    if a.max(initial=0) > 1.0:
        a = a / 255.0
    if a.ndim == 2:
        a = a[..., None]
    if a.shape[2] == 1:
        a = np.repeat(a, 3, axis=2)
    if a.shape[2] == 3:
        a = np.dstack([a, np.ones(a.shape[:2])])
    return np.nan_to_num(np.clip(a, 0.0, 1.0))


def greyscale(rgba: np.ndarray) -> np.ndarray:
    """Luminance in 0..1; see-through pixels take the colour that contrasts with the ink.

    A canvas with a transparent background and black strokes should read as dark
    ink on white; white strokes on a transparent background as light ink on black.
    """
    lum = rgba[..., :3] @ np.array([0.299, 0.587, 0.114])  # (H, W)
    alpha = rgba[..., 3]
    if alpha.min() >= 0.999:
        return lum
    opaque = alpha.sum()
    ink_lum = (lum * alpha).sum() / opaque if opaque > 0 else 0.0
    backdrop = 1.0 if ink_lum < 0.5 else 0.0
    return lum * alpha + backdrop * (1 - alpha)


def border_level(grey: np.ndarray) -> float:
    """The background's brightness: the median of the outermost pixels."""
    edge = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return float(np.median(edge))


def scale_to_box(ink: np.ndarray, box: int) -> np.ndarray:
    """Resize so the longer side is `box` pixels, keeping the aspect ratio (anti-aliased)."""
    from PIL import Image

    h, w = ink.shape
    s = box / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))
    out = np.asarray(Image.fromarray(ink.astype(np.float32)).resize(size, Image.Resampling.LANCZOS))
    return np.clip(out, 0.0, 1.0)


def centre_by_mass(digit: np.ndarray, side: int) -> np.ndarray:
    """Paste `digit` into a side × side frame so its centre of mass lands in the middle."""
    h, w = digit.shape
    mass = digit.sum()
    ys, xs = np.indices(digit.shape)
    cy, cx = ((ys * digit).sum() / mass, (xs * digit).sum() / mass) if mass > 0 else ((h - 1) / 2, (w - 1) / 2)
    # MNIST's own digits have their centre of mass at pixel (14, 14), give or take half a pixel
    top = int(np.clip(round(side / 2 - cy), 0, side - h))
    left = int(np.clip(round(side / 2 - cx), 0, side - w))
    frame = np.zeros((side, side))
    frame[top:top + h, left:left + w] = digit
    return frame


def preprocess(rgba: np.ndarray, side: int = 28, box: int | None = None) -> Preprocessed:
    """greyscale → invert if needed → crop to the ink → scale into box × box → centre by mass in side × side."""
    box = box or (round(side * 20 / 28) if side >= 20 else side)
    out = Preprocessed()
    grey = greyscale(rgba)
    out.steps.append(("1 · greyscale", grey))

    background = border_level(grey)
    out.inverted = background > 0.5  # MNIST is light ink on black
    ink = 1.0 - grey if out.inverted else grey.copy()
    bg = 1.0 - background if out.inverted else background
    peak = float(ink.max())
    if peak - bg < MIN_CONTRAST:
        raise ImageError("No drawing found: the picture is (almost) one flat colour. Draw or upload a digit.")
    ink = np.clip((ink - bg) / (peak - bg), 0.0, 1.0)  # background to 0, strongest ink to 1
    out.steps.append(("2 · inverted: light ink on black" if out.inverted else "2 · already light on dark", ink))

    rows, cols = np.nonzero(ink > INK_THRESHOLD)
    if rows.size == 0:
        raise ImageError("No ink found in the picture.")
    ink = ink[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    out.steps.append((f"3 · cropped to the ink ({ink.shape[1]}×{ink.shape[0]})", ink))

    digit = scale_to_box(ink, box)
    padded = np.zeros((box, box))
    top, left = (box - digit.shape[0]) // 2, (box - digit.shape[1]) // 2
    padded[top:top + digit.shape[0], left:left + digit.shape[1]] = digit
    out.steps.append((f"4 · scaled into {box}×{box}", padded))

    out.image = centre_by_mass(digit, side)
    out.steps.append((f"5 · centred by mass in {side}×{side}", out.image))
    return out


def to_input(image: np.ndarray, data: Dataset):
    """(side, side) pixels in 0..1 → the network's input (1, 1, side, side), normalised as `data`'s images are."""
    import torch

    return data.normalise(torch.as_tensor(image, dtype=torch.float32)[None, None])  # (1, 1, side, side)
