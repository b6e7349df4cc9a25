"""The Playground's export: the script and the notebook run on their own and print the page's numbers.

Each script runs in a temporary folder, with this project not on sys.path, and its JSON is compared with
the core run of the same settings and epochs (the page's own code): without dropout they agree to the
printed digit, because both train on one CPU thread with the same seeds.
"""
import json
import os
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from core.architectures.challenges import playground_result
from core.architectures.export import playground_script
from core.architectures.own_points import point_set
from core.architectures.playground import FitConfig, NetConfig, new_run
from core.architectures.points import OWN, DataConfig
from core.architectures.trainer import train_epochs
from tests.conftest import ROOT


def _moons(n: int = 80, seed: int = 0, classes: int = 2):
    """Interleaved half-moons (and a third class in the middle when asked), as a visitor might upload them."""
    rng = np.random.default_rng(seed)
    label = rng.integers(0, classes, n)
    angle = rng.uniform(0, np.pi, n)
    xy = np.stack([np.cos(angle) - label + (classes - 1) / 2,
                   np.sin(angle) * (1 - 2 * (label % 2)) + 0.3 * label], 1) * 1.8
    return xy + rng.normal(0, 0.1, xy.shape), label


MOONS = point_set(*_moons(), regression=False)
THREE = point_set(*_moons(90, 1, 3), regression=False)
WAVE = point_set(np.random.default_rng(2).uniform(-5, 5, (60, 2)),
                 np.sin(np.linspace(-3, 3, 60)), regression=True)

SETUPS = {  # small settings that still reach every branch the script can take
    "xor_default": (DataConfig("xor", points=100), NetConfig(("x1", "x2"), (4, 2), ("tanh", "tanh")), FitConfig(), 15),
    "circle_squares_no_hidden_l1": (DataConfig("circle", noise=0.1, points=100, seed=3), NetConfig(("x1^2", "x2^2"), (),
                                    ()), FitConfig(optimizer="sgd", lr=0.3, regularization="l1", reg_rate=0.001), 12),
    "spiral_sines_early": (DataConfig("spiral", points=100, validation=0.2, seed=1),
                           NetConfig(("x1", "x2", "sin_x1", "sin_x2"), (6, 6), ("relu", "elu"), 2),
                           FitConfig(batch_size=5, stop_rule="early", patience=5, regularization="l2",
                                     reg_rate=0.01), 40),
    "blobs_target": (DataConfig("blobs", points=90, classes=4), NetConfig(("x1", "x2"), (5,), ("gelu",)),
                     FitConfig(optimizer="rmsprop", lr=0.01, stop_rule="accuracy", target=0.9), 30),
    "own_moons": (DataConfig(OWN, own=MOONS), NetConfig(("x1", "x2"), (6,), ("tanh",)), FitConfig(), 15),
    "own_three_classes_early": (DataConfig(OWN, own=THREE, validation=0.2, seed=4), NetConfig(("x1", "x2", "x1x2"),
                                (5,), ("relu",)), FitConfig(stop_rule="early", patience=3), 20),
    "own_regression": (DataConfig(OWN, own=WAVE), NetConfig(("x1", "x2"), (4,), ("tanh",)), FitConfig(), 10),
    "multigauss_regression": (DataConfig("multigauss", noise=0.2, points=100), NetConfig(("x1", "x2", "x1x2"), (8,),
                              ("leaky_relu",)), FitConfig(batch_size=20), 10),
}


def page_numbers(data, net, fit, epochs) -> dict:
    """What the page shows after training these settings for `epochs` epochs (stop rules included)."""
    return playground_result(train_epochs(new_run(data, net), fit, epochs))


def run_alone(code: str, tmp_path, name: str) -> dict:
    """Run `code` as a file in an empty folder, without this project on the path; its last line as JSON."""
    path = tmp_path / name
    path.write_text(code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(path), "--device", "cpu"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "core." not in code and "lessons" not in code
    return json.loads(done.stdout.strip().splitlines()[-1])


def same(page: dict, script: dict) -> None:
    assert script["epochs"] == page["epochs"]
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "test_r2"):
        if key in page:
            assert script[key] == pytest.approx(page[key], abs=1e-6), key


@pytest.mark.parametrize("name", list(SETUPS))
def test_the_script_and_the_notebook_print_the_pages_numbers(name, tmp_path):
    data, net, fit, epochs = SETUPS[name]
    script = playground_script(data, net, fit, epochs)
    page = page_numbers(data, net, fit, epochs)
    py = run_alone(script.to_py(), tmp_path, "experiment.py")
    same(page, py)
    notebook = nbformat.reads(script.to_ipynb(), as_version=4)
    nbformat.validate(notebook)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert len(cells) == 6 and all(c.cell_type == "markdown" for c in notebook.cells[1::2])
    assert run_alone("\n\n\n".join(cells), tmp_path, "notebook.py") == py


def test_the_scripts_are_ruff_clean_and_write_only_chosen_settings(tmp_path):
    for name, (data, net, fit, epochs) in SETUPS.items():
        (tmp_path / f"{name}.py").write_text(playground_script(data, net, fit, epochs).to_py())
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--config", str(ROOT / "ruff.toml"), "."],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    plain = playground_script(*SETUPS["xor_default"]).to_py()
    assert "REG_RATE" not in plain and "PATIENCE" not in plain and "TARGET" not in plain and "DROPOUT" not in plain
    early = playground_script(*SETUPS["spiral_sines_early"]).to_py()
    assert "PATIENCE = 5" in early and "VALIDATION = 0.2" in early and "_arms" in early


def test_a_tampered_setting_never_reaches_the_code():
    data, net, fit, epochs = SETUPS["xor_default"]
    with pytest.raises(ValueError):
        playground_script(DataConfig("xor'); import os; os.system('echo')"), net, fit, epochs)
    with pytest.raises(ValueError):
        playground_script(data, NetConfig(("x1\nimport os",), (), ()), fit, epochs)
    with pytest.raises(ValueError):
        playground_script(data, net, FitConfig(lr=float("nan")), epochs)
