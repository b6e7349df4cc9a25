"""A visitor's kept runs, as every lesson keeps them: one cap, oldest dropped first, settings side by side.

The MNIST lesson (core.mnist.runs) and the Playground (core.architectures.history) each keep their own
kind of run; what a cap is, which run it drops and how the page says so, and how two runs' settings
are lined up, is defined once here.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import pandas as pd

MAX_RUNS = 10  # runs kept per visitor
MAX_RUNS_HOSTED = 3  # on a shared, hosted server

Run = TypeVar("Run")


def max_runs(hosted: bool) -> int:
    return MAX_RUNS_HOSTED if hosted else MAX_RUNS


def drop_oldest(runs: list[Run], too_many: Callable[[list[Run]], bool], droppable: Callable[[Run], bool]) -> list[Run]:
    """While `too_many(runs)`, remove the oldest droppable run (`runs` is oldest first, changed in place).

    Returns the runs dropped, oldest first; stops early when none may be dropped (a run that is training,
    the current one).
    """
    dropped = []
    while too_many(runs):
        victim = next((r for r in runs if droppable(r)), None)
        if victim is None:
            break
        runs.remove(victim)
        dropped.append(victim)
    return dropped


def dropped_note(names: Sequence[str], max_runs: int, budget_bytes: int | None = None) -> str:
    """What the page says when a cap dropped runs: which, and what the caps are."""
    joined = ", ".join(names)
    note = f"{joined[:1].upper()}{joined[1:]} {'was' if len(names) == 1 else 'were'} dropped: at most {max_runs} runs "
    note += f"and {budget_bytes / 2**20:.0f} MB are" if budget_bytes is not None else "are"
    return note + " kept per visitor."


def flat(cfg) -> dict[str, object]:
    """A settings dataclass as `{"learning rate": …}`-style rows: underscores become spaces, tuples `4-2`."""
    return {name.replace("_", " "): "-".join(map(str, value)) if isinstance(value, tuple) else value
            for name, value in dataclasses.asdict(cfg).items()}


def side_by_side(settings: Mapping[str, Mapping[str, object]]) -> tuple[pd.DataFrame, list[str]]:
    """Runs' settings (run name → setting → value) as rows of text, one column per run, and the rows that differ."""
    table = pd.DataFrame({name: {key: str(v) for key, v in rows.items()} for name, rows in settings.items()})
    table = table.fillna("")
    differ = [row for row in table.index if table.loc[row].nunique() > 1]
    return table, differ
