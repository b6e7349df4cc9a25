"""The lab's one visual language: one meaning per colour, the same in every lesson and figure.

The hues are the Okabe–Ito set, which stays distinguishable with the common colour-vision
deficiencies. No red/green pair carries meaning, and colour is never the only cue: figures that
contrast two things also give them different markers, dashes or words.

| colour | means, everywhere |
| --- | --- |
| blue | positive: a positive weight or value, class 1, "right", the first of two groups |
| orange | negative: a negative weight or value, class 0, "wrong", the second of two groups |
| teal, solid line, circle | training data |
| purple, dashed line, diamond | validation data |
| ink (the text colour), dotted line, square | test data |
| vermillion, a cross | an error or a warning: diverged, leaked, too large. Nothing else is vermillion |
| grey | context: chance level, a reference line, "not chosen" |
| slate | the accent of widgets and highlights (so that no control looks like an error) |

Any binary contrast (right/wrong, leaky/honest, raw/scaled, with/without) is blue against orange;
more than two series of one kind take `SERIES` in order. Figure builders use these names only.
"""
from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#E69F00"
TEAL = "#009E73"
PURPLE = "#A060B8"
SKY = "#56B4E9"
YELLOW = "#C9B400"  # darker than Okabe–Ito's #F0E442 so that it reads on white
VERMILLION = "#D55E00"
GREY = "#8C8C8C"
SLATE = "#475569"
INK = "#141414"  # the light theme's text colour (.streamlit/config.toml); `themed` swaps it for the dark one's
PAPER = "#FFFFFF"  # the light page; a diverging scale's middle

POSITIVE, NEGATIVE = BLUE, ORANGE
RIGHT, WRONG = BLUE, ORANGE
ERROR = VERMILLION
CONTEXT = GREY
SERIES = (BLUE, ORANGE, TEAL, PURPLE, SKY, YELLOW, GREY)  # several series of one kind, in this order
SERIES_DASH = ("solid", "dash", "dot", "dashdot")  # with SERIES' colour, a second cue per series (runs compared)
SERIES_SYMBOL = ("circle", "diamond", "square", "x")  # and a third
PAIR = (BLUE, ORANGE)  # a binary contrast: the first (reference) thing, then the other

LEGEND = (  # what the home page shows: colour, name, meaning
    (BLUE, "blue", "positive · class 1 · right · the first group"),
    (ORANGE, "orange", "negative · class 0 · wrong · the other group"),
    (TEAL, "teal, solid", "training data"),
    (PURPLE, "purple, dashed", "validation data"),
    (INK, "ink, dotted", "test data"),
    (VERMILLION, "vermillion", "an error or a warning, and nothing else"),
    (GREY, "grey", "context: chance level, a reference"),
)

SPLIT_COLOR = {"train": TEAL, "validation": PURPLE, "test": INK}
SPLIT_DASH = {"train": "solid", "validation": "dash", "test": "dot"}
SPLIT_SYMBOL = {"train": "circle", "validation": "diamond", "test": "square"}
PAIR_SYMBOL = ("circle", "x")  # right/wrong and other pairs, for readers who cannot tell the hues apart

# Diverging scales run negative (orange) → nothing (paper) → positive (blue).
DIVERGING = [[0.0, ORANGE], [0.5, PAPER], [1.0, BLUE]]
SEQUENTIAL = [[0.0, PAPER], [1.0, BLUE]]  # amounts: none → many
INK_ON_PAPER = [[0.0, PAPER], [1.0, INK]]  # a greyscale image: ink on the page, in either theme


def tint(color: str, alpha: float) -> str:
    """`color` see-through: a pale shade that stays right on a light and on a dark page."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def mix(color: str, towards: str = PAPER, share: float = 0.5) -> str:
    """`color` moved `share` of the way towards `towards` (a paler tint by default)."""
    a = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(towards[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def series_line(i: int) -> dict:
    """Line style of the i-th of several series of one kind (runs compared): colour and dash together."""
    return {"color": SERIES[i % len(SERIES)], "dash": SERIES_DASH[i % len(SERIES_DASH)]}


def series_symbol(i: int) -> str:
    return SERIES_SYMBOL[i % len(SERIES_SYMBOL)]


def split_line(split: str) -> dict:
    """Line style of a train, validation or test curve: colour and dash together."""
    return {"color": SPLIT_COLOR[split], "dash": SPLIT_DASH[split]}


# The dark theme keeps every meaning and swaps each colour for one that reads on a dark page.
DARK = {INK: "#EDEBE8", PAPER: "#171614", BLUE: "#4EA8E6", SKY: "#A4D6F5", PURPLE: "#C890DC",
        VERMILLION: "#F0782A", SLATE: "#94A3B8", TEAL: "#1DBA8E"}


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


_DARK_HEX = {light.lower(): dark for light, dark in DARK.items()}
_DARK_RGB = {_rgb(light): _rgb(dark) for light, dark in DARK.items()}


def _dark(value):
    """One value of a figure, with every palette colour in it swapped for its dark-theme twin."""
    if isinstance(value, str):
        low = value.lower()
        if low in _DARK_HEX:
            return _DARK_HEX[low]
        if low.startswith("rgba(") or low.startswith("rgb("):
            parts = low[low.index("(") + 1:-1].split(",")
            rgb = tuple(int(float(x)) for x in parts[:3])
            if rgb in _DARK_RGB:
                channels = [str(c) for c in _DARK_RGB[rgb]] + parts[3:]
                return f"{low[:low.index('(')]}({','.join(channels)})"
        return value
    if isinstance(value, dict):
        return {k: _dark(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)) and isinstance(value[-1], (int, float)):  # data: skip
            return value
        return [_dark(v) for v in value]
    return value


def themed(figure: dict, dark: bool) -> dict:
    """A figure (as `fig.to_dict()`) in the page's theme: the same meanings, readable colours."""
    return _dark(figure) if dark else figure
