"""Goals for lesson challenges and assignment links: a metric, a comparison and a value, checked on a run's result.

A goal travels in URLs as `metric:op:value` (`test_accuracy:>=:0.95`), so parsing names every problem it finds.
"""
from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Real

MAX_TEXT = 100  # characters in a goal's URL form
EQ_REL_TOL = 1e-6  # `==` holds within this relative difference: a float32 metric never equals a typed decimal exactly
EQ_ABS_TOL = 1e-9  # ... or this absolute one, for goals of exactly 0
_COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
OPS = (*_COMPARE, "==")
_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_MISS = {">=": "short of", ">": "short of", "<=": "too high for", "<": "too high for", "==": "away from"}
_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class GoalError(ValueError):
    """A goal that cannot be used; the message names the problem."""


@dataclass(frozen=True)
class Metric:
    """One number a page reports, as goals name it (`name`) and show it (`label`, `percent`)."""

    name: str  # key in the page's result mapping and in goal texts
    label: str  # words for the text, e.g. "test accuracy"
    percent: bool = False  # a fraction in [0, 1] shown as a percentage; gaps then read as percentage points
    higher_is_better: bool = True  # the direction a suggested goal points
    lo: float = -math.inf  # the values a goal may ask for
    hi: float = math.inf

    def format(self, value: float) -> str:
        return f"{_num(100 * value)}%" if self.percent else _num(value)

    def goal(self, value: float) -> Goal:
        """The natural goal at `value`: at least it when higher is better, at most it otherwise."""
        return Goal(self.name, ">=" if self.higher_is_better else "<=", value)


@dataclass(frozen=True)
class Goal:
    """The result's `metric` compared with `value` must hold; `==` holds within EQ_REL_TOL / EQ_ABS_TOL."""

    metric: str
    op: str
    value: float

    def __post_init__(self):
        if not isinstance(self.metric, str) or not _NAME.fullmatch(self.metric):
            raise GoalError(f"metric name {self.metric!r} must be a lower-case letter, then up to 39 of a-z, 0-9, _")
        if self.op not in OPS:
            raise GoalError(f"unknown comparison {self.op!r}; use one of {', '.join(OPS)}")
        if isinstance(self.value, bool) or not isinstance(self.value, Real) or not math.isfinite(self.value):
            raise GoalError(f"the goal's value must be a finite number, not {self.value!r}")
        object.__setattr__(self, "value", float(self.value))

    def to_text(self) -> str:
        """The URL form; `parse_goal` reads it back to an equal Goal."""
        return f"{self.metric}:{self.op}:{self.value!r}"

    __str__ = to_text

    def holds(self, achieved: float) -> bool:
        if not math.isfinite(achieved):
            return False
        if self.op == "==":
            return math.isclose(achieved, self.value, rel_tol=EQ_REL_TOL, abs_tol=EQ_ABS_TOL)
        return _COMPARE[self.op](achieved, self.value)

    def label(self, metrics: Mapping[str, Metric] | None = None) -> str:
        """Words for the goal, e.g. "test accuracy ≥ 95%"."""
        return _words(self, _metric(self.metric, metrics))


def parse_goal(text: str, metrics: Mapping[str, Metric] | None = None) -> Goal:
    """Read `metric:op:value`; with a metric table, the metric must be one of its names and the value in its range."""
    if not isinstance(text, str):
        raise GoalError(f"a goal is text like test_accuracy:>=:0.95, not {type(text).__name__}")
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise GoalError(f"the goal is {len(text)} characters long; at most {MAX_TEXT}")
    parts = text.split(":")
    if len(parts) != 3:
        raise GoalError(f"a goal has the form metric:op:value, e.g. test_accuracy:>=:0.95, not {text!r}")
    name, op, raw = (p.strip() for p in parts)
    if metrics is not None and name not in metrics:
        raise GoalError(f"unknown metric {name!r}; this page's metrics are: {', '.join(sorted(metrics)) or 'none'}")
    try:
        value = float(raw)
    except ValueError:
        raise GoalError(f"the goal's value {raw!r} is not a number") from None
    goal = Goal(name, op, value)
    m = _metric(name, metrics)
    if not m.lo <= goal.value <= m.hi:
        raise GoalError(f"{m.label} goes from {m.format(m.lo)} to {m.format(m.hi)}; {raw} is outside that")
    return goal


@dataclass(frozen=True)
class GoalCheck:
    """A goal against one result. `gap` > 0: that far short (or off, for ==); None when there is no finite value."""

    goal: Goal
    metric: Metric
    reached: bool
    achieved: float | None  # None: the metric is missing, not a number, or not finite
    gap: float | None
    missing: bool  # True: the result has no value at all (not run yet); False with achieved None: NaN or infinite

    def describe(self) -> str:
        label, goal_text = self.metric.label, _words(self.goal, self.metric)
        if self.achieved is None:
            if self.missing:
                return f"no {label} yet: run it to check {goal_text}"
            return f"not reached: {label} is not a finite number (NaN or infinite), so {goal_text} cannot hold"
        if self.reached:
            return f"goal reached: {_words(self.goal, self.metric, self.achieved)}"
        if self.gap > 0:
            amount = f"{_num(100 * self.gap)} points" if self.metric.percent else _num(self.gap)
            return f"{amount} {_MISS[self.goal.op]} {goal_text}"
        # a strict goal (> or <) met with equality
        return f"not reached: {label} is {self.metric.format(self.achieved)}, and the goal is {goal_text}"


def check(goal: Goal, result: Mapping[str, object], metrics: Mapping[str, Metric] | None = None) -> GoalCheck:
    """Check `goal` on `result` (a mapping; pass `dataclasses.asdict(r)` for a dataclass). Never raises on values."""
    raw = result.get(goal.metric)
    try:
        achieved = None if raw is None or isinstance(raw, bool | str) else float(raw)
    except (TypeError, ValueError, OverflowError):
        achieved = None
    metric = _metric(goal.metric, metrics)
    if achieved is None or not math.isfinite(achieved):
        return GoalCheck(goal, metric, False, None, None, missing=achieved is None)
    if goal.op == "==":
        gap = abs(achieved - goal.value)
    else:
        gap = goal.value - achieved if goal.op in (">=", ">") else achieved - goal.value
    return GoalCheck(goal, metric, goal.holds(achieved), achieved, gap, missing=False)


def check_all(goals: Iterable[Goal], result: Mapping[str, object],
              metrics: Mapping[str, Metric] | None = None) -> list[GoalCheck]:
    """Each goal checked; a challenge that needs all of them is met when every check is `reached`."""
    return [check(g, result, metrics) for g in goals]


def _metric(name: str, metrics: Mapping[str, Metric] | None) -> Metric:
    return (metrics or {}).get(name) or Metric(name, name.replace("_", " "))


def _words(goal: Goal, metric: Metric, achieved: float | None = None) -> str:
    """ "test accuracy ≥ 95%", or with the achieved value "test accuracy 96.1% ≥ 95%"."""
    got = "" if achieved is None else f" {metric.format(achieved)}"
    return f"{metric.label}{got} {_SYMBOL[goal.op]} {metric.format(goal.value)}"


def _num(x: float) -> str:
    """Three significant digits, as people write them: 0.65, 96.1, 100, 0.0833; thousands in full."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"
