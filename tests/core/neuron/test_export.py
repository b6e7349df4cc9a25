"""The perceptron's exported script and notebook stand alone and print exactly the page's run."""
import json
import os
import subprocess
import sys

import nbformat
import pytest

from core.neuron import export
from core.neuron.perceptron import PerceptronConfig, accuracy, train


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
    notebook = nbformat.reads(script.to_ipynb(), as_version=4)
    nbformat.validate(notebook)
    assert [c.cell_type for c in notebook.cells[1:]] == ["markdown", "code"] * len(script.steps)
    return "\n\n\n".join(c.source for c in notebook.cells if c.cell_type == "code")


def page_numbers(cfg: PerceptronConfig) -> dict:
    run = train(cfg)
    last = run.steps[-1]
    return {"status": run.status, "epochs": len(run.mistakes_per_epoch), "mistakes_per_epoch": list(
        run.mistakes_per_epoch), "w1": last.w_after[0], "w2": last.w_after[1], "b": last.b_after,
            "accuracy": accuracy(cfg.gate, *last.w_after, last.b_after)}


@pytest.mark.parametrize("cfg", [PerceptronConfig("OR", 0.5), PerceptronConfig("XOR", 0.1, 0.3, -0.7, 0.5),
                                 PerceptronConfig("NAND", 0.25, -1.0, 1.0, -0.2)], ids=lambda c: c.gate)
def test_the_perceptron_script_and_notebook_print_exactly_the_pages_run(cfg, tmp_path):
    script = export.perceptron_script(cfg)
    source = script.to_py()
    assert "import core" not in source and "from core" not in source
    assert run_alone(source, tmp_path) == page_numbers(cfg)
    assert run_alone(notebook_code(script), tmp_path, "-f", "kernel.json") == page_numbers(cfg)


def test_a_tampered_gate_never_reaches_the_template():
    with pytest.raises(ValueError):
        export.perceptron_script(PerceptronConfig("OR'); import os; os.system('x'); ('", 0.5))
