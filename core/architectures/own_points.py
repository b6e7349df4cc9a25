"""A visitor's own points for the Playground, read from an uploaded CSV and written back for download.

Columns `x1,x2,label` (classes 0–4) or `x1,x2,y` (a number to predict); header case, spaces, a
byte-order mark and `;` or tab separators are forgiven, other columns are ignored and named in
the message. Anything else is refused with a `PointsError` that says what and on which line,
because the text comes from a stranger and the page shows the message as it is.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

RADIUS = 5.0  # the Playground's data reach: coordinates are fitted into [-RADIUS, RADIUS]²
MAX_ROWS = 5000
MAX_BYTES = 1_000_000  # 5,000 rows of long numbers take about 200 kB
MAX_CLASSES = 5
HEADERS = {"binary": "x1,x2,label", "multiclass": "x1,x2,label", "regression": "x1,x2,y"}


class PointsError(ValueError):
    """An upload that cannot be used; the message is meant for the visitor."""


@dataclass(frozen=True)
class OwnPoints:
    xy: np.ndarray  # (N, 2) float32 in the plane
    target: np.ndarray  # (N,) int64 classes 0.. for binary/multiclass, float32 in [-1, 1] for regression
    task: str  # "binary", "multiclass" or "regression"
    classes: int  # 2–5, or 1 (an output value) for regression, as the Playground counts them
    scale: float  # plane = (file − offset) · scale
    offset: tuple[float, float]
    message: str  # what was done to the file, for the page


def _fit(values: np.ndarray, reach: float, same: str) -> tuple[np.ndarray, float, np.ndarray]:
    """Values as they are when they already lie within ±reach and reach half-way out; else centred and
    scaled (one factor for all columns, keeping the shape) to just reach ±reach. Returns them, scale, offset."""
    lo, hi, extent = values.min(0), values.max(0), np.abs(values).max()
    centre, half = lo / 2 + hi / 2, (hi / 2 - lo / 2).max()  # halves first, so that hi - lo can't overflow
    if half <= max(1e-9 * extent, 1e-300):  # also a spread lost in rounding
        raise PointsError(same)
    if reach / 2 <= extent <= reach:
        return values, 1.0, np.zeros(values.shape[1])
    scale = reach / half
    return np.clip((values - centre) * scale, -reach, reach), float(scale), centre


def _cell(text: str, line: int, column: str) -> float:
    where = f"line {line}, column {column}: {text.strip()[:20]!r}"
    try:
        value = float(text)
    except ValueError:
        raise PointsError(f"{where} is not a number") from None
    if not np.isfinite(value):
        raise PointsError(f"{where} is not a finite number")
    return value


def _rows(raw: bytes | str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower case, stripped) and the non-blank rows with their line numbers."""
    if len(raw) > MAX_BYTES:
        raise PointsError(f"the file has {len(raw) / 1e6:.1f} MB; points files may have at most {MAX_BYTES / 1e6:g} MB")
    if isinstance(raw, bytes):
        if b"\0" in raw:
            raise PointsError("this is a binary file, not CSV text; a spreadsheet must be saved as CSV")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PointsError("the file is not UTF-8 text; save it as CSV UTF-8") from None
    lines = raw.lstrip("\ufeff").splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = next((d for d in ",;\t" if d in first), ",")
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as e:
        raise PointsError(f"not readable as CSV near line {reader.line_num}: {e}") from None
    if not rows:
        raise PointsError("the file is empty; the first line should be x1,x2,label or x1,x2,y")
    if len(rows) - 1 > MAX_ROWS:
        raise PointsError(f"the file has {len(rows) - 1:,} points; at most {MAX_ROWS:,} are allowed")
    return [name.strip().lower() for name in rows[0][1]], rows[1:]


def read_points(raw: bytes | str) -> OwnPoints:
    """Check and read an uploaded CSV (bytes as uploaded, or text), fitting the points into the plane."""
    header, rows = _rows(raw)
    named = [name for name in header if name]
    if repeated := sorted({name for name in named if named.count(name) > 1}):
        raise PointsError(f"the column {repeated[0]!r} appears twice")
    if "label" in header and "y" in header:
        raise PointsError("the file has both a label and a y column; keep label for classes or y for a number")
    wanted = ["x1", "x2", "y" if "y" in header else "label"]
    if missing := [name for name in wanted if name not in header]:
        raise PointsError(f"column {missing[0]!r} is missing; the first line must be x1,x2,label (classes) or "
                          f"x1,x2,y (a number to predict), found {','.join(header)[:80]!r}")
    if not rows:
        raise PointsError("there are no points below the header")
    where = [header.index(name) for name in wanted]
    values = np.empty((len(rows), 3))
    for i, (line, row) in enumerate(rows):
        if len(row) != len(header):
            raise PointsError(f"line {line} has {len(row)} values, the header names {len(header)}")
        values[i] = [_cell(row[j], line, name) for j, name in zip(where, wanted, strict=True)]
    xy, scale, offset = _fit(values[:, :2], RADIUS, "all points are at the same place: there is nothing to separate")
    notes = [f"{len(rows):,} points"]
    if offset.any():
        notes.append(f"shifted by ({-offset[0]:.3g}, {-offset[1]:.3g})")
    if scale != 1.0:
        notes.append(f"scaled ×{scale:.3g}")
    if len(notes) > 1:
        notes[-1] += f" to fit the plane [-{RADIUS:g}, {RADIUS:g}]²"
    if ignored := [name for name in named if name not in wanted]:
        notes.append(f"ignored the columns {', '.join(ignored)}")
    if wanted[2] == "y":
        target, target_scale, _ = _fit(values[:, 2:], 1.0, "every y is the same: there is nothing to learn")
        if target_scale != 1.0:
            lo, hi = values[:, 2].min(), values[:, 2].max()
            notes.append(f"y stretched from [{lo:.3g}, {hi:.3g}] onto [-1, 1]")
        task, classes, target = "regression", 1, target[:, 0].astype(np.float32)
    else:
        labels = values[:, 2]
        if bad := [(line, v) for (line, _), v in zip(rows, labels, strict=True) if v not in range(MAX_CLASSES)]:
            raise PointsError(f"line {bad[0][0]}: label {bad[0][1]:g} is not a class; labels are whole numbers "
                              f"0 to {MAX_CLASSES - 1} (at most {MAX_CLASSES} classes)")
        present = np.unique(labels).astype(np.int64)
        if len(present) < 2:
            raise PointsError(f"every point has label {present[0]}; a classifier needs at least two classes")
        if present[-1] != len(present) - 1:
            notes.append(f"labels {', '.join(map(str, present))} renumbered 0 to {len(present) - 1}")
        task = "binary" if len(present) == 2 else "multiclass"
        classes, target = len(present), np.searchsorted(present, labels).astype(np.int64)
    return OwnPoints(xy.astype(np.float32), target, task, classes, scale, (float(offset[0]), float(offset[1])),
                     "; ".join(notes) + ".")


def to_csv(xy: np.ndarray, target: np.ndarray, task: str) -> str:
    """The points as CSV text that `read_points` reads back unchanged (9 significant digits keep float32 exact)."""
    if task not in HEADERS:
        raise ValueError(f"unknown task {task!r}; choose from {list(HEADERS)}")
    pairs = zip(np.asarray(xy, dtype=float).tolist(), np.asarray(target).tolist(), strict=True)
    rows = [f"{a:.9g},{b:.9g},{t:.9g}" if task == "regression" else f"{a:.9g},{b:.9g},{int(t)}" for (a, b), t in pairs]
    return "\n".join([HEADERS[task], *rows]) + "\n"


# ---- the points the Playground trains on: one hashable value that also goes into a share link ----

LINK_POINTS = 200  # a share link carries the points when there are at most this many
MIN_POINTS = 4  # two to train on and two to test on, at the least
DOMAIN = 6.0  # the Playground's picture: a link's points must lie in [-DOMAIN, DOMAIN]²


@dataclass(frozen=True)
class PointSet:
    """Points in the plane, as the Playground's DataConfig carries them: one compact text, so the value
    is hashable, compares by content and goes into a link as it is.

    `code` is "c" (classes) or "r" (numbers to predict), then one `x_y_t` per point joined by ".", where
    x and y are hundredths of the plane and t a class (0–4) or hundredths of a target in [-1, 1]:
    every character is one that a URL keeps unescaped.
    """

    code: str
    task: str  # "binary", "multiclass" or "regression"
    classes: int  # 2–5, or 1 for regression, as the Playground counts them

    def __len__(self) -> int:
        return self.code.count(".") + 1 if len(self.code) > 1 else 0

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(N, 2) float32 coordinates and (N,) targets: int64 classes, or float32 values for regression."""
        if len(self) == 0:
            return np.zeros((0, 2), np.float32), np.zeros(0, np.int64 if self.task != "regression" else np.float32)
        values = np.array([p.split("_") for p in self.code[1:].split(".")], dtype=np.int64)  # (N, 3)
        xy = (values[:, :2] / 100).astype(np.float32)
        if self.task == "regression":
            return xy, (values[:, 2] / 100).astype(np.float32)
        return xy, values[:, 2]

    def csv(self) -> str:
        """The points as a CSV file that `read_points` reads back (they already fit the plane)."""
        xy, target = self.arrays()
        target = np.round(target.astype(float), 2) if self.task == "regression" else target
        return to_csv(np.round(xy.astype(float), 2), target, self.task)  # hundredths, not float32's 1.23000002


def point_set(xy, target, regression: bool) -> PointSet:
    """Round points to hundredths of the plane (targets too, for regression) and pack them.

    May have any number of points and one class only: `problem` says whether the set can be trained on.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    target = np.asarray(target, dtype=float).reshape(-1)
    if len(xy) != len(target):
        raise ValueError("give one target per point")
    if not (np.isfinite(xy).all() and np.isfinite(target).all()):
        raise PointsError("the points must be finite numbers")
    if np.abs(xy).max(initial=0) > DOMAIN:
        raise PointsError(f"the points must lie within [-{DOMAIN:g}, {DOMAIN:g}]²")
    if len(xy) > MAX_ROWS:
        raise PointsError(f"at most {MAX_ROWS:,} points are allowed")
    hundredths = np.rint(xy * 100).astype(np.int64)
    if regression:
        t = np.rint(np.clip(target, -1, 1) * 100).astype(np.int64)
        task, classes = "regression", 1
    else:
        if not np.isin(target, range(MAX_CLASSES)).all():
            raise PointsError(f"classes are whole numbers 0 to {MAX_CLASSES - 1}")
        t = target.astype(np.int64)
        classes = max(2, int(t.max(initial=0)) + 1)  # a class without points is allowed: it is never predicted
        task = "binary" if classes == 2 else "multiclass"
    code = ("r" if regression else "c") + ".".join(f"{a}_{b}_{c}" for (a, b), c in zip(hundredths.tolist(),
                                                                                         t.tolist(), strict=True))
    return PointSet(code, task, classes)


def problem(points: PointSet) -> str:
    """Why this set cannot be trained on yet ("" when it can): too few points, or one class only."""
    xy, target = points.arrays()
    if len(xy) < MIN_POINTS:
        return f"{len(xy)} point{'s' * (len(xy) != 1)} so far: place at least {MIN_POINTS} to train on them"
    if points.task != "regression" and len(np.unique(target)) < 2:
        return "every point has the same class: place points of at least two classes"
    if points.task == "regression" and np.ptp(target) == 0:
        return "every point has the same value: place points with different values"
    return ""


def from_link(code: str) -> PointSet:
    """A link's `code` read back, checked as strictly as an upload: a stranger may have written it."""
    code = str(code).strip()
    if len(code) > 16 * (LINK_POINTS + 1) or code[:1] not in ("c", "r"):
        raise PointsError("the link's points are not readable; they start with c (classes) or r (numbers)")
    try:
        rows = [[int(v) for v in p.split("_")] for p in code[1:].split(".")] if len(code) > 1 else []
    except ValueError:
        raise PointsError("the link's points are not readable: each is x_y_class in hundredths") from None
    if any(len(r) != 3 for r in rows):
        raise PointsError("the link's points are not readable: each is x_y_class in hundredths")
    values = np.array(rows, dtype=float).reshape(-1, 3)
    regression = code[0] == "r"
    target = values[:, 2] / 100 if regression else values[:, 2]
    if regression and np.abs(target).max(initial=0) > 1:
        raise PointsError("the link's targets must lie within [-1, 1]")
    return point_set(values[:, :2] / 100, target, regression)


def from_upload(points: OwnPoints) -> PointSet:
    return point_set(points.xy, points.target, points.task == "regression")
