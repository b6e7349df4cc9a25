"""Your own points: the learner uploads a CSV, clicks points onto the plane, or describes a boundary.

Every change happens in a widget callback, before the page runs, so the share link (`arch_pts`,
the points when there are at most 200) is already up to date when the page reads its URL.
"""
from functools import partial

import numpy as np
import streamlit as st

import ui
from core.architectures.canvas import canvas_figure, click
from core.architectures.formula import FormulaError, points_from_formula
from core.architectures.own_points import (
    LINK_POINTS,
    MAX_ROWS,
    PointsError,
    PointSet,
    from_link,
    from_upload,
    point_set,
    problem,
    read_points,
)

LINK_KEY = "arch_pts"  # the URL parameter that carries the points
POINTS, USABLE, NOTE, SYNCED = "own_points", "own_usable", "own_note", "own_synced"
SOURCES = ("Upload", "Click to place", "Describe a boundary")
STARTER = ("y > sin(3*x)", 200, 0.0)  # the points the editor opens on: formula, number, noise
SIZES = [30, 60, 100, 200, 300, 500, 1000, 2000, 5000]
CLASS_NAMES = {0: "0 · orange ✕", 1: "1 · blue ●", 2: "2 · yellow ▲", 3: "3 · purple ■", 4: "4 · sky ◆"}


def _starter() -> PointSet:
    xy, labels = points_from_formula(*STARTER)
    return point_set(xy, labels, False)


def _set(points: PointSet, note: tuple[str, str] | None = None) -> None:
    """Keep the learner's points, and put them into the share link when they fit there."""
    st.session_state[POINTS] = points
    st.session_state[NOTE] = note
    if len(points) <= LINK_POINTS:
        st.query_params[LINK_KEY] = st.session_state[SYNCED] = points.code
    else:
        st.session_state[SYNCED] = None
        if LINK_KEY in st.query_params:
            del st.query_params[LINK_KEY]


def _uploaded() -> None:
    upload = st.session_state.get("own_upload")
    if upload is None:
        return
    try:
        read = read_points(upload.getvalue())
        _set(from_upload(read), ("success", f"Read **{upload.name}**: {read.message}"))
    except (PointsError, ValueError) as err:  # PointsError says what is wrong and on which line
        st.session_state[NOTE] = ("error", f"{upload.name} cannot be used: {err}")


def _formula() -> None:
    text, n, noise = st.session_state.own_formula, st.session_state.own_n, st.session_state.own_noise / 100
    try:
        xy, target = points_from_formula(text, n, noise, seed=int(st.session_state.get("arch_seed", 0)))
        _set(point_set(xy, target, target.dtype != np.int64),
             ("success", f"{n:,} points from `{' '.join(text.split())}` with {noise:.0%} noise."))
    except (FormulaError, ValueError) as err:  # FormulaError points at the place in the formula
        st.session_state[NOTE] = ("error", str(err))


def _clicked(target: float, x: float, y: float) -> None:
    try:
        _set(click(st.session_state[POINTS], x, y, target))
    except (PointsError, ValueError) as err:
        st.session_state[NOTE] = ("error", str(err))


def _clear() -> None:
    _set(point_set([], [], bool(st.session_state.get("own_numbers"))), None)


def _from_link() -> None:
    """A link's points, read once per link (a learner's own changes write the link themselves)."""
    code = st.query_params.get(LINK_KEY)
    if code is None or code == st.session_state.get(SYNCED):
        return
    st.session_state[SYNCED] = code
    try:
        points = from_link(code)
        st.session_state[POINTS], st.session_state[NOTE] = points, ("info", f"{len(points)} points from the link.")
    except PointsError as err:
        st.session_state[NOTE] = ("error", f"The link's points cannot be used ({err}), so the page shows its own.")


def _show_note() -> None:
    kind, text = st.session_state.get(NOTE) or (None, "")
    if kind == "error":
        first, _, rest = text.partition("\n")  # a formula's caret under the place needs a fixed-width font
        st.error(first, icon=":material/error:")
        if rest:
            st.code(rest, language=None)
    elif kind:
        getattr(st, kind)(text)


def _upload() -> None:
    st.file_uploader("Upload points (CSV)", type=["csv", "txt"], key="own_upload", max_upload_size=1,
                     on_change=_uploaded, help=f"Columns x1,x2,label (classes 0–4) or x1,x2,y (a number to "
                                               f"predict); up to {MAX_ROWS:,} rows. The points are fitted into "
                                               "the plane and the page says by how much.")


def _place(points: PointSet) -> None:
    st.toggle("Numbers instead of classes (starts afresh)", key="own_numbers", on_change=_clear)
    if points.task == "regression":
        target = st.slider("Value of the next point", -1.0, 1.0, 1.0, 0.1, key="own_value")
    else:
        target = st.segmented_control("Class of the next point", list(CLASS_NAMES), default=1, required=True,
                                      format_func=CLASS_NAMES.get, key="own_class")
    ui.chart(canvas_figure(points), "own_canvas", on_click=partial(_clicked, float(target)),
             config={"displayModeBar": False},
             caption="Click or tap the plane to add a point of the chosen class; click a point to remove it.")
    st.button("Clear all points", icon=":material/delete_sweep:", key="own_clear", on_click=_clear)


def _describe() -> None:
    st.text_input("Boundary formula", STARTER[0], key="own_formula",
                  help="Numbers, x, y, + - * / **, comparisons, brackets and sin cos tan exp log sqrt abs. "
                       "A comparison (y > sin(3*x)) makes two classes, an expression (x*y) a number to predict.")
    st.select_slider("Number of points", SIZES, STARTER[1], key="own_n")
    st.slider("Noise (%)", 0, 50, 0, 5, key="own_noise")
    st.button("Make the points", icon=":material/function:", key="own_make", on_click=_formula)


def editor() -> PointSet:
    """The learner's points, made one of three ways; returns the set the Playground trains on."""
    _from_link()
    points = st.session_state.setdefault(POINTS, _starter())
    source = st.segmented_control("Make them", SOURCES, default=SOURCES[0], required=True, key="own_source")
    {"Upload": _upload, "Click to place": lambda: _place(points), "Describe a boundary": _describe}[source]()
    _show_note()
    xy, target = points.arrays()
    kinds = (f"values {target.min():.2f} to {target.max():.2f}" if points.task == "regression" and len(target) else
             ", ".join(f"{(target == k).sum()} of class {k}" for k in range(points.classes)))
    st.caption(f"{len(points):,} point{'s' * (len(points) != 1)} · {kinds}")
    if len(points) > LINK_POINTS:
        st.caption(f":material/link_off: The share link holds the settings but not these {len(points):,} points "
                   f"(it carries at most {LINK_POINTS}); download them to share them.")
    st.download_button("Download points (CSV)", points.csv(), "points.csv", "text/csv", key="own_download",
                       icon=":material/download:", on_click="ignore")
    if why := problem(points):
        st.warning(f"Not enough to train on yet: {why}. Until then the network trains on your last usable points.",
                   icon=":material/touch_app:")
        return st.session_state.get(USABLE) or _starter()
    st.session_state[USABLE] = points
    return points
