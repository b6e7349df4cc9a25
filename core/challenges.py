"""Challenges: tasks a learner practises on, checked against their own run and never against their word.

A lesson records what each of the learner's runs achieved, as a named result (a mapping of metric
name to number, written when the run ends). A challenge names the result it reads and the goals
(`core.goals`) that result must meet; it also carries the setup that opens it, hints revealed one
at a time, a prediction asked before the run, and the explanation shown once it is solved.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.goals import Goal, GoalCheck, Metric, check_all

ID = re.compile(r"[a-z_]+\.[a-z0-9_]+")  # "<lesson>.<name>", as localStorage and links keep it


@dataclass(frozen=True)
class Prediction:
    """What the learner predicts before the run, compared with the run's outcome once it is solved.

    With `choices`, the outcome is `choices[int(result[metric])]`; without, the outcome is the
    number `result[metric]` itself.
    """

    question: str
    metric: str  # the result's metric that holds the outcome
    choices: tuple[str, ...] = ()
    unit: str = ""

    def outcome(self, result: Mapping[str, float]) -> str | float | None:
        value = result.get(self.metric)
        if value is None or not math.isfinite(value):
            return None
        if self.choices:
            index = int(value)
            return self.choices[index] if 0 <= index < len(self.choices) else None
        return float(value)

    def valid(self, answer: object) -> bool:
        """A prediction as stored: one of the choices, or a finite number."""
        if self.choices:
            return answer in self.choices
        return isinstance(answer, int | float) and not isinstance(answer, bool) and math.isfinite(answer)


@dataclass(frozen=True)
class Challenge:
    id: str  # "<lesson>.<name>"
    title: str
    task: str  # what to do, in a sentence or two
    result: str  # the name of the recorded result the goals read, e.g. "perceptron"
    goals: tuple[Goal, ...]  # all must hold
    setup: Mapping[str, object]  # widget key → value: the tab and the starting setup "Open the setup" applies
    hints: tuple[str, ...]
    explanation: str  # shown once solved: the concept behind the result
    prediction: Prediction | None = None
    metrics: Mapping[str, Metric] = field(default_factory=dict)  # labels and formats of the goals' metrics

    def __post_init__(self):
        if not ID.fullmatch(self.id):
            raise ValueError(f"challenge id {self.id!r} must look like lesson.name")
        if not self.goals or not self.hints:
            raise ValueError(f"{self.id}: a challenge needs at least one goal and one hint")

    @property
    def lesson(self) -> str:
        return self.id.split(".")[0]

    def check(self, results: Mapping[str, Mapping[str, float]]) -> list[GoalCheck]:
        """Each goal against the learner's recorded result (an empty result: not run yet)."""
        return check_all(self.goals, results.get(self.result, {}), self.metrics)

    def solved_by(self, results: Mapping[str, Mapping[str, float]]) -> bool:
        return all(c.reached for c in self.check(results))


def by_id(challenges: Sequence[Challenge]) -> dict[str, Challenge]:
    ids = [c.id for c in challenges]
    if len(set(ids)) != len(ids):
        raise ValueError("challenge ids must be unique")
    return dict(zip(ids, challenges, strict=True))


@dataclass(frozen=True)
class Progress:
    """What the learner keeps in their own browser: solved challenges and predictions made.

    `read` accepts only the shape `to_json` writes, so a corrupted or foreign document is
    rejected as a whole (the page then resets it and says so).
    """

    solved: Mapping[str, str] = field(default_factory=dict)  # challenge id → when (ISO time)
    predictions: Mapping[str, object] = field(default_factory=dict)  # challenge id → a choice or a number

    def to_json(self) -> dict:
        return {"v": 1, "solved": dict(self.solved), "predictions": dict(self.predictions)}

    @classmethod
    def read(cls, doc: object, known: Mapping[str, Challenge]) -> Progress:
        """Progress from a stored document; raises ValueError when it is not one we wrote."""
        if not isinstance(doc, dict) or doc.get("v") != 1:
            raise ValueError("not a progress document")
        solved, predictions = doc.get("solved"), doc.get("predictions")
        if not isinstance(solved, dict) or not isinstance(predictions, dict):
            raise ValueError("progress without its two parts")
        if not all(isinstance(k, str) and isinstance(v, str) and len(v) <= 40 for k, v in solved.items()):
            raise ValueError("a solved entry is not id → time")
        if not all(k in known and known[k].prediction and known[k].prediction.valid(v)
                   for k, v in predictions.items()):
            raise ValueError("a prediction names no known challenge or is not a valid answer")
        return cls({k: v for k, v in solved.items() if k in known}, predictions)

    def solve(self, challenge_id: str, when: str) -> Progress:
        return Progress({**self.solved, challenge_id: when}, self.predictions)

    def predict(self, challenge_id: str, answer: object) -> Progress:
        return Progress(self.solved, {**self.predictions, challenge_id: answer})


def next_challenge(challenges: Sequence[Challenge], progress: Progress) -> Challenge | None:
    """The first challenge not yet solved, in the course's order."""
    return next((c for c in challenges if c.id not in progress.solved), None)


def metrics_named(table: Mapping[str, tuple[str, Metric]], *names: str) -> dict[str, Metric]:
    """The Metric of each name in a lesson's METRICS table ({name: (result name, Metric)}), for a challenge."""
    return {name: table[name][1] for name in names}
