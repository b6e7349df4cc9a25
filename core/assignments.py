"""Assignment links: an instructor's link can lock or hide a lesson's controls, state a task and set a goal.

    /mnist?mnist_lr=0.01&lock=mnist_lr&hide=mnist_seed&task=Reach+95%25&goal=test_accuracy:>=:0.95

`lock` and `hide` list the controls' own URL keys; `task` is plain text (never Markdown or HTML);
`goal` is `metric:op:value`, checked by `core.goals` against the student's own run. Nothing in a
link can break the page: every problem becomes a notice that names it, and the rest still works.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.goals import Goal, GoalError, Metric, parse_goal

MAX_TASK = 300  # characters of a task
MAX_KEYS = 50  # keys one lock or hide list may name
KEY = re.compile(r"[a-z][a-z0-9_]{0,59}")
PARAMS = ("lock", "hide", "task", "goal")  # the link's assignment parameters, beside the page's own


@dataclass(frozen=True)
class Assignment:
    lock: frozenset[str] = frozenset()  # shown, keep the link's value, cannot be changed
    hide: frozenset[str] = frozenset()  # not drawn; the link's value still applies
    task: str = ""
    goal: Goal | None = None
    problems: tuple[str, ...] = ()  # what the page should tell the visitor about the link

    @property
    def active(self) -> bool:
        return bool(self.lock or self.hide or self.task or self.goal)


def _keys(raw: list[str], what: str, known: Callable[[str], bool]) -> tuple[frozenset[str], list[str]]:
    names = [k.strip() for text in raw for k in text.split(",") if k.strip()]
    problems = []
    if len(names) > MAX_KEYS:
        problems.append(f"`{what}` names {len(names)} controls; only the first {MAX_KEYS} are used")
        names = names[:MAX_KEYS]
    good = frozenset(k for k in names if KEY.fullmatch(k) and known(k))
    unknown = [k for k in names if k not in good]
    if unknown:
        shown = ", ".join(f"`{k[:40]}`" for k in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        problems.append(f"`{what}` names controls this page does not have: {shown}")
    return good, problems


def read(params: Mapping[str, list[str]], known: Callable[[str], bool],
         metrics: Mapping[str, Metric]) -> Assignment:
    """The assignment in a page's query parameters (each a list of raw values); never raises."""
    problems: list[str] = []
    lock, found = _keys(params.get("lock", []), "lock", known)
    problems += found
    hide, found = _keys(params.get("hide", []), "hide", known)
    problems += found
    task = " ".join(params.get("task", [])).strip()
    task = "".join(ch for ch in task if ch.isprintable())
    if len(task) > MAX_TASK:
        problems.append(f"the task is {len(task)} characters long; only the first {MAX_TASK} are shown")
        task = task[:MAX_TASK]
    goal = None
    if params.get("goal"):
        try:
            goal = parse_goal(params["goal"][-1], metrics)
        except GoalError as err:
            problems.append(f"the goal was left out: {err}")
    return Assignment(lock, hide, task, goal, tuple(problems))
