"""This lesson's challenges: tasks checked against the learner's own runs (see core.challenges)."""
from core.challenges import Challenge
from core.goals import Metric

CHALLENGES: tuple[Challenge, ...] = ()  # in the order the lesson teaches them
METRICS: dict[str, tuple[str, Metric]] = {}  # metric name -> (the recorded result that holds it, how it reads)
