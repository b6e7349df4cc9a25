"""Running an exported script the way a learner would: alone, in an empty folder, without this project."""
import json
import os
import subprocess
import sys

import nbformat


def run_alone(source: str, tmp_path, *args: str) -> dict:
    """Run `source` as a file in an empty folder, with this project NOT importable; its last line's JSON."""
    path = tmp_path / "script.py"
    path.write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(path), *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def notebook_code(script) -> str:
    """The notebook's code cells in order, after checking it is valid and explains each step first."""
    notebook = nbformat.reads(script.to_ipynb(), as_version=4)
    nbformat.validate(notebook)
    assert [c.cell_type for c in notebook.cells[1:]] == ["markdown", "code"] * len(script.steps)
    return "\n\n\n".join(c.source for c in notebook.cells if c.cell_type == "code")
