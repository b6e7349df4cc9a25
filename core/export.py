"""Take it home: an experiment as a runnable, seeded script and notebook that reproduce the numbers on screen.

A lesson describes an experiment as steps (imports, data, model, train, test, main), each with the
lesson's words and its code. The same steps make the `.py` script (the words as comments) and the
`.ipynb` notebook (a Markdown cell before each code cell), so the two cannot drift apart. Settings
reach the code only through `literal`, never pasted as text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import nbformat


def literal(value) -> str:
    """A Python literal for a setting: numbers, booleans, None, strings and tuples of them, and nothing else.

    Settings come from widgets, and a widget's value may have come from a link: `repr` of a checked
    type is the only way a value enters generated code.
    """
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a setting must be a finite number, not {value!r}")
        return repr(float(value))
    if isinstance(value, str):
        return repr(str(value))
    if isinstance(value, tuple | list):
        items = ", ".join(literal(v) for v in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    raise TypeError(f"{type(value).__name__} cannot be written into a script")


@dataclass(frozen=True)
class Step:
    title: str  # the notebook's heading for this step
    words: str  # what the step does, in the lesson's words (Markdown)
    code: str


@dataclass(frozen=True)
class Script:
    name: str  # file stem, e.g. "mnist_mlp"
    summary: str  # one paragraph: what this reproduces, and how closely
    steps: tuple[Step, ...]

    def to_py(self) -> str:
        """The script: a docstring, then each step's words as comments above its code."""
        parts = [f'"""{self.summary}\n"""']
        for step in self.steps:
            comment = "\n".join(f"# {line}".rstrip() for line in step.words.strip().splitlines())
            parts.append(f"{comment}\n{step.code.strip()}")
        return "\n\n\n".join(parts) + "\n"

    def to_ipynb(self) -> str:
        """The notebook: the summary, then a Markdown cell before each step's code cell."""
        cells = [nbformat.v4.new_markdown_cell(f"# {self.name}\n\n{self.summary}")]
        for step in self.steps:
            cells.append(nbformat.v4.new_markdown_cell(f"## {step.title}\n\n{step.words.strip()}"))
            cells.append(nbformat.v4.new_code_cell(step.code.strip()))
        notebook = nbformat.v4.new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nbformat.validate(notebook)
        return nbformat.writes(notebook)
