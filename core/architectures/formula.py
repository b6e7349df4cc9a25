"""Boundary formulas such as ``y > sin(3*x)`` for the Playground's "Your own points", read safely.

A visitor's text never reaches eval: `ast` parses it and a small walker evaluates only numbers,
x and y, + - * / **, comparisons, and/or/not and seven functions, on numpy float arrays, so
``9**9**9`` is inf rather than a Python integer that eats the memory. A comparison labels points
0/1 (a binary task); a bare expression such as ``x*y`` is a regression target.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

import numpy as np

RADIUS = 5.0  # the Playground's data reach: points are sampled in [-RADIUS, RADIUS]²
MAX_LENGTH = 200  # characters
MAX_NESTING = 30  # brackets inside brackets
MAX_POINTS = 5000
COORDINATES = {"x": 0, "y": 1, "x1": 0, "x2": 1}  # x1, x2 as on the Playground's axes
CONSTANTS = {"pi": np.pi, "e": np.e}
FUNCTIONS = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log, "sqrt": np.sqrt,
             "abs": np.abs}
ARITHMETIC = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide, ast.Pow: np.power}
COMPARISONS = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
               ast.Eq: np.equal, ast.NotEq: np.not_equal}
ALLOWED = f"numbers, x, y, pi, e, + - * / **, < <= > >= == !=, and/or/not and {' '.join(FUNCTIONS)}"


class FormulaError(ValueError):
    """A formula that cannot be used; the message says why and points at the place."""


def _error(text: str, column: int, what: str, hint: str = "") -> FormulaError:
    """`what at column N: hint`, then the formula with a caret under that column (1-based)."""
    hint = f": {hint}" if hint else ""
    return FormulaError(f"{what} at column {column}{hint}\n  {text}\n  {' ' * (column - 1)}^")


class _Walker:
    """Evaluates a parsed formula node by node, refusing anything not on the whitelist."""

    def __init__(self, text: str, x: np.ndarray, y: np.ndarray):
        self.text, self.xy = text, (x, y)

    def fail(self, node: ast.AST, what: str, hint: str = ""):
        column = len(self.text.encode()[:node.col_offset].decode(errors="ignore")) + 1  # offsets are UTF-8 bytes
        raise _error(self.text, column, what, hint)

    def source(self, node: ast.AST) -> str:
        return repr(ast.get_source_segment(self.text, node))

    def number(self, node: ast.AST) -> np.ndarray:
        value = self.value(node)
        if value.dtype == bool:
            self.fail(node, f"{self.source(node)} is true or false, not a number")
        return value

    def truth(self, node: ast.AST) -> np.ndarray:
        value = self.value(node)
        if value.dtype != bool:
            self.fail(node, f"{self.source(node)} is a number", "and/or/not join comparisons such as y > 0")
        return value

    def value(self, node: ast.AST) -> np.ndarray:
        """A float array for a number, a bool array for a comparison."""
        match node:
            case ast.Constant(value=int() | float() as v) if type(v) is not bool:
                if not np.isfinite(float(v)):
                    self.fail(node, "number too large")
                return np.full(self.xy[0].shape, float(v))
            case ast.Name(id=name) if name in COORDINATES:
                return self.xy[COORDINATES[name]]
            case ast.Name(id=name) if name in CONSTANTS:
                return np.full(self.xy[0].shape, CONSTANTS[name])
            case ast.Name(id=name) if name in FUNCTIONS:
                self.fail(node, f"{name} is a function", f"write {name}(x)")
            case ast.Name(id=name):
                self.fail(node, f"unknown name {name!r}", "use x, y, pi or e")
            case ast.BinOp(op=op, left=left, right=right) if type(op) in ARITHMETIC:
                return ARITHMETIC[type(op)](self.number(left), self.number(right))
            case ast.UnaryOp(op=ast.USub() | ast.UAdd() as op, operand=operand):
                return -self.number(operand) if isinstance(op, ast.USub) else self.number(operand)
            case ast.UnaryOp(op=ast.Not(), operand=operand):
                return ~self.truth(operand)
            case ast.BoolOp(op=op, values=values):
                combine = np.logical_and if isinstance(op, ast.And) else np.logical_or
                return combine.reduce([self.truth(v) for v in values])
            case ast.Compare(left=left, ops=ops, comparators=rights):
                if not all(type(op) in COMPARISONS for op in ops):
                    self.fail(node, f"{self.source(node)} is not allowed", "only < <= > >= == != compare")
                sides = [self.number(left)] + [self.number(r) for r in rights]  # a < b < c is a < b and b < c
                return np.logical_and.reduce([COMPARISONS[type(op)](a, b)
                                              for op, a, b in zip(ops, sides, sides[1:], strict=False)])
            case ast.Call(func=ast.Name(id=name), args=[arg], keywords=[]) if name in FUNCTIONS:
                return FUNCTIONS[name](self.number(arg))
            case ast.Call(func=ast.Name(id=name)) if name in FUNCTIONS:
                self.fail(node, f"{name} takes exactly one argument", f"write {name}(x)")
            case ast.Call():
                self.fail(node, f"{self.source(node.func)} cannot be called", f"only {' '.join(FUNCTIONS)} can")
        self.fail(node, f"{self.source(node)} is not allowed", f"a formula may use {ALLOWED}")


@dataclass(frozen=True)
class Formula:
    """A checked formula; `task` is "binary" for a comparison, "regression" for a bare expression."""

    text: str  # whitespace collapsed to single spaces
    task: str
    tree: ast.Expression = field(repr=False, compare=False)

    def evaluate(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per point: True/False for a comparison, a float (maybe inf or NaN, as log(-1)) for an expression."""
        x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        with np.errstate(all="ignore"):
            return np.array(_Walker(self.text, x, y).value(self.tree.body))


def parse(text: str) -> Formula:
    """Check a formula without running anything: length, syntax, nesting, then every node on a sample point."""
    text = " ".join(str(text).split())
    if not text:
        raise FormulaError("the formula is empty; try y > sin(3*x)")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula has {len(text)} characters; at most {MAX_LENGTH} are allowed")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError) as e:  # ValueError: a null byte, on some Pythons
        offset = getattr(e, "offset", None)
        column = offset if offset and 1 <= offset <= len(text) else len(text) + 1  # 0 or None: at the end
        raise _error(text, column, "syntax error", str(getattr(e, "msg", e))) from None
    depth = 0
    for column, char in enumerate(text, 1):
        depth += (char == "(") - (char == ")")
        if depth > MAX_NESTING:
            raise _error(text, column, f"brackets nested more than {MAX_NESTING} deep")
    with np.errstate(all="ignore"):
        sample = _Walker(text, np.zeros(1), np.zeros(1)).value(tree.body)
    return Formula(text, "binary" if sample.dtype == bool else "regression", tree)


def points_from_formula(text: str, n: int = 200, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points uniform in [-RADIUS, RADIUS]² (float32 (n, 2)) and their labels 0/1 (int64) or targets in [-1, 1].

    Noise works as in the Playground's circle and plane: each label is read at a point moved by up to
    noise·RADIUS in each direction, so points near the boundary may land on the wrong side. An
    expression's values are stretched linearly onto [-1, 1], the Playground's range for regression.
    """
    if not (2 <= n <= MAX_POINTS and 0 <= noise <= 0.5):
        raise ValueError(f"choose 2 to {MAX_POINTS} points and a noise within 0–0.5")
    formula = parse(text)
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-RADIUS, RADIUS, (n, 2)).astype(np.float32)  # labelled as returned, to the last bit
    moved = xy + rng.uniform(-RADIUS, RADIUS, (n, 2)) * noise
    values = formula.evaluate(moved[:, 0], moved[:, 1])
    if formula.task == "binary":
        if values.all() or not values.any():
            side = "true" if values[0] else "false"
            raise FormulaError(f"every point falls on one side: {formula.text!r} is {side} at all {n} points "
                               f"in [-{RADIUS:g}, {RADIUS:g}]²; move the boundary into that square")
        return xy, values.astype(np.int64)
    bad = ~np.isfinite(values)
    if bad.any():
        px, py = moved[bad.argmax()]
        raise FormulaError(f"{formula.text!r} is not a number at (x, y) = ({px:.2f}, {py:.2f}): a log or square root "
                           "of a negative number, a division by zero or an overflow?")
    values = values / np.abs(values).max() if values.any() else values  # into [-1, 1] first: hi - lo can't overflow
    lo, hi = values.min(), values.max()
    if hi - lo < 1e-9:  # also rounding noise, as in sin(x)**2 + cos(x)**2
        raise FormulaError(f"{formula.text!r} has the same value at every point: there is nothing to learn")
    return xy, np.clip((2 * values - lo - hi) / (hi - lo), -1, 1).astype(np.float32)
