"""The Train tab's export: the script and the notebook run on their own (the project not on sys.path) and print the
test accuracy and loss the page's own training gives for the same settings."""
import json
import os
import subprocess
import sys

import nbformat
import pytest

from core.data import data_dir
from core.mnist.export import pitfall_script, script
from core.mnist.lab import new_run, run_pitfall
from core.mnist.pitfalls import PRESETS
from core.models import ModelConfig
from core.train import TrainConfig, train

CASES = {
    "mlp": (ModelConfig(), TrainConfig(epochs=1), 2000),
    "mlp_every_option": (ModelConfig(hidden=(64, 32), activation="tanh", dropout=0.2, batch_norm=True, init="he"),
                         TrainConfig(optimizer="sgd", lr=0.03, batch_size=32, epochs=3, seed=3, weight_decay=1e-4,
                                     grad_clip=1.0, patience=1), 1000),
    "cnn": (ModelConfig(kind="cnn"), TrainConfig(optimizer="rmsprop", lr=1e-3, epochs=1, seed=1), 1000),
}


def page_numbers(mnist, model_cfg, train_cfg, images) -> dict:
    """What the Train tab shows for these settings: the same subset, seeded model and trainer."""
    data = mnist.subset(images, train_cfg.seed)
    _, model = new_run(model_cfg, train_cfg, data, "cpu")
    result = train(model, data, train_cfg)
    return {"test_accuracy": result.test_acc, "test_loss": result.test_loss}


def run_alone(code: str, tmp_path) -> dict:
    """Run code as a file in an empty folder, with this project out of reach; its last line's JSON."""
    path = tmp_path / "exported.py"
    path.write_text(code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-I", str(path), "--data-dir", str(data_dir().resolve()), "--device",
                           "cpu"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "epoch 1:" in done.stdout  # readable progress
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("case", CASES)
def test_the_exported_script_and_notebook_reproduce_the_pages_numbers(mnist, tmp_path, case):
    model_cfg, train_cfg, images = CASES[case]
    exported = script(model_cfg, train_cfg, images)
    code = exported.to_py()
    assert "from core" not in code and "import core" not in code and "lessons" not in code
    page = page_numbers(mnist, model_cfg, train_cfg, images)
    alone = run_alone(code, tmp_path)
    # Same machine, device and thread count: the same operations in the same order, so the same numbers.
    assert alone["test_accuracy"] == pytest.approx(page["test_accuracy"], abs=0.005)
    assert alone["test_loss"] == pytest.approx(page["test_loss"], rel=0.02)
    notebook = nbformat.reads(exported.to_ipynb(), as_version=4)
    nbformat.validate(notebook)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert len(cells) == 6 and all(c.cell_type in ("markdown", "code") for c in notebook.cells)
    assert run_alone("\n\n".join(cells), tmp_path) == alone


def test_the_script_is_ruff_clean_and_has_no_branch_for_settings_not_chosen(tmp_path):
    plain = script(*CASES["mlp"]).to_py()
    for absent in ("Dropout", "BatchNorm", "clip_grad_norm_", "weight_decay", "initialise", "best_state",
                   "Conv2d", "momentum"):
        assert absent not in plain
    every = script(*CASES["mlp_every_option"]).to_py()
    for present in ("nn.Dropout(0.2)", "nn.BatchNorm1d(64)", "clip_grad_norm_", "weight_decay=0.0001",
                    "kaiming_normal_", "best_state", "momentum=0.9", "nn.Tanh()"):
        assert present in every
    full = script(ModelConfig(), TrainConfig(), 55_000).to_py()
    assert "IMAGES" not in full and "subset" not in full  # all 55,000: no subset
    for name, code in (("plain", plain), ("every", every), ("full", full), ("cnn", script(*CASES["cnn"]).to_py())):
        (tmp_path / f"{name}.py").write_text(code)
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--line-length", "120", "--select",
                           "E,F,W,I,B,UP", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("bad", [
    (ModelConfig(kind="rnn"), TrainConfig(), 1000),
    (ModelConfig(activation="__import__('os')"), TrainConfig(), 1000),
    (ModelConfig(), TrainConfig(optimizer="sgd\nimport os"), 1000),
    (ModelConfig(), TrainConfig(lr=float("nan")), 1000),
    (ModelConfig(), TrainConfig(), 10**9),
])
def test_settings_a_tampered_link_could_carry_never_reach_the_code(bad):
    with pytest.raises((ValueError, TypeError)):
        script(*bad)


@pytest.mark.parametrize("preset_key,fix_key", [("overfit", "early_stopping"), ("nan", None)])
def test_a_pitfall_presets_script_reproduces_the_pitfall_labs_run(mnist, tmp_path, preset_key, fix_key):
    """The Pitfall lab's export: the same subset, the short validation split early stopping reads, the same run."""
    preset = PRESETS[preset_key]
    fix = next((f for f in preset.fixes if f.key == fix_key), None)
    lab = run_pitfall(preset, fix, mnist, "cpu").final
    alone = run_alone(pitfall_script(preset, fix).to_py(), tmp_path)
    if lab.status == "diverged":  # the broken NaN setup: the page shows no test accuracy, the script prints null
        assert alone == {"test_accuracy": None, "test_loss": None}
        return
    assert lab.status == "early-stopped"  # the fix did stop early, so the short validation split mattered
    assert alone["test_accuracy"] == pytest.approx(lab.test_acc, abs=0.005)
    assert alone["test_loss"] == pytest.approx(lab.test_loss, rel=0.02)


def test_every_pitfall_and_fix_exports_a_ruff_clean_script_named_after_it(tmp_path):
    for preset in PRESETS.values():
        for fix in (None, *preset.fixes):
            exported = pitfall_script(preset, fix)
            (tmp_path / f"{exported.name}.py").write_text(exported.to_py())
    names = {p.stem for p in tmp_path.iterdir()}
    assert {"mnist_pitfall_nan", "mnist_pitfall_nan_clip", "mnist_pitfall_overfit_dropout"} <= names
    assert len(names) == sum(1 + len(p.fixes) for p in PRESETS.values())
    assert "VAL_IMAGES = 1000" in (tmp_path / "mnist_pitfall_overfit.py").read_text()
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--line-length", "120", "--select",
                           "E,F,W,I,B,UP", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
