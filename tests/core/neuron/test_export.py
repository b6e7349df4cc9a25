"""The perceptron's exported script and notebook stand alone and print exactly the page's run."""

import pytest

from core.neuron import export
from core.neuron.perceptron import PerceptronConfig, accuracy, train
from tests.standalone import notebook_code, run_alone


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
