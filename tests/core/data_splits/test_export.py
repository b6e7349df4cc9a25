"""Every Data & splits export runs on its own and prints the numbers the page shows for the same settings.

Each script (and its notebook's code cells, run in order) is run in a temporary folder, with the project
off `sys.path`, and its last line is compared with what `core` computes, through the same `*_result`
function the page records with. On the CPU every experiment here is exact: the same data, draws, initial
weights, batch order and one thread.
"""
import json
import math
import os
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from core.data_splits import challenges as chs
from core.data_splits import export
from core.data_splits.augmentation import AugConfig, compare, run_arm
from core.data_splits.encoding import EncodingConfig, compare_encodings
from core.data_splits.fitting import (
    BiasVarianceConfig,
    FittingConfig,
    bias_variance,
    learning_curve,
    learning_curves,
    one_seed,
)
from core.data_splits.leakage import LeakageConfig, simulate
from core.data_splits.missing import MissingConfig, missing_values_experiment
from core.data_splits.scaling import NormConfig, compare_scales, normalization_experiment
from core.data_splits.scaling import one_seed as scale_seed
from core.data_splits.small_data import SmallDataConfig
from core.data_splits.small_data import compare as compare_small
from core.data_splits.splits import SplitConfig, sample_labels, split_indices
from tests.conftest import ROOT

DATA_DIR = os.environ["NNLAB_DATA_DIR"]


def run(code: str, folder, name: str) -> tuple[dict, str]:
    """Run `code` as a file in `folder`, away from the project (no PYTHONPATH); (its last line as JSON, its output)."""
    path = folder / f"{name}.py"
    path.write_text(code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(path), "--device", "cpu", "--data-dir", DATA_DIR], cwd=folder,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def notebook_code(script) -> str:
    """The notebook's code cells in order, after checking the notebook is valid nbformat."""
    nb = nbformat.reads(script.to_ipynb(), as_version=4)
    nbformat.validate(nb)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds[0] == "markdown" and kinds[1:] == ["markdown", "code"] * ((len(kinds) - 1) // 2)
    return "\n\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


def same(printed: dict, page: dict, tolerance: float = 0.0) -> None:
    """Every number the page records, printed by the script: equal (a NaN on the page is null in JSON)."""
    for key, value in page.items():
        got = printed[key]
        if value is None or not math.isfinite(value):
            assert got is None, key
        elif tolerance:
            assert got == pytest.approx(value, abs=tolerance), key
        else:
            assert got == value, (key, got, value)


def check(script, page: dict, tmp_path, tolerance: float = 0.0) -> dict:
    """The script and its notebook both reproduce the page's result; the script stands alone and is ruff-clean."""
    text = script.to_py()
    assert not any(f"{word} " in text for word in ("import core", "from core", "import lessons", "import ui",
                                                   "from ui", "from lessons"))
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(ROOT / "ruff.toml"),
                           "--stdin-filename", f"{script.name}.py", "-"], input=text, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    printed, output = run(text, tmp_path, script.name)
    same(printed, page, tolerance)
    assert len(output.splitlines()) >= 2  # readable progress before the JSON
    from_notebook, _ = run(notebook_code(script), tmp_path, f"{script.name}_notebook")
    assert from_notebook == printed
    return printed


def test_export_splits(mnist, tmp_path):
    for cfg in (SplitConfig(60, 20, 20, True, seed=3, n_samples=300), SplitConfig(70, 15, 15, False, 5, 100)):
        labels = sample_labels(np.concatenate([mnist.train_y.numpy(), mnist.val_y.numpy(), mnist.test_y.numpy()]),
                               cfg.n_samples, cfg.seed)
        shown = split_indices(labels, cfg)
        other = split_indices(labels, SplitConfig(cfg.train, cfg.val, cfg.test, not cfg.stratify, cfg.seed,
                                                  cfg.n_samples))
        check(export.splits(cfg), chs.splits_result(shown, other, cfg.stratify), tmp_path)


def test_export_leakage(tmp_path):
    cfg = LeakageConfig(n_samples=40, noise_features=10, k=3, candidates=10, duplicate_share=0.3, repeats=8, seed=2)
    check(export.leakage(cfg), chs.leakage_result(simulate(cfg)), tmp_path)


def test_export_scaling(mnist, tmp_path):
    cfg = NormConfig(n_train=500, epochs=1, seeds=2)  # SGD at 0.01: raw pixels overshoot
    page = chs.scaling_result(compare_scales(cfg, lambda s: normalization_experiment(mnist, scale_seed(cfg, s))), cfg)
    check(export.scaling(cfg), page, tmp_path)


def test_export_scaling_with_adam(mnist, tmp_path):
    cfg = NormConfig(n_train=500, epochs=1, optimizer="adam", lr=1e-3, seeds=1)
    page = chs.scaling_result(compare_scales(cfg, lambda s: normalization_experiment(mnist, scale_seed(cfg, s))), cfg)
    assert "Adam(" in export.scaling(cfg).to_py() and "SGD(" not in export.scaling(cfg).to_py()  # no dead branch
    check(export.scaling(cfg), page, tmp_path)


def test_export_missing_values(tmp_path):
    cfg = MissingConfig(20, 2)
    check(export.missing(cfg), chs.missing_result(missing_values_experiment(cfg), cfg), tmp_path)


def test_export_categories(tmp_path):
    cfg = EncodingConfig(categories=12, n_rows=120, embedding_dim=3, steps=40, seed=4, seeds=2)
    check(export.categories(cfg), chs.encoding_result(compare_encodings(cfg), cfg), tmp_path)


def test_export_augmentation(mnist, tmp_path):
    cfg = AugConfig(n_train=200, epochs=2, seeds=1, names=("rotation", "crop", "noise"), with_flips=True)
    page = chs.augmentation_result(compare(cfg, lambda arm, s: run_arm(mnist, cfg, arm, s)), cfg)
    check(export.augmentation(cfg), page, tmp_path)


def test_export_fitting(mnist, tmp_path):
    cfg = FittingConfig(n_train=200, epochs=3, seeds=2)
    page = chs.fitting_result(learning_curves(cfg, lambda name, s: learning_curve(mnist, one_seed(cfg, s), name)))
    check(export.fitting(cfg), page, tmp_path)


def test_export_bias_variance(tmp_path):
    cfg = BiasVarianceConfig(widths=(1, 4, 16), datasets=4, n_points=15, noise=0.2, steps=60, seed=1)
    bv = bias_variance(cfg)
    printed = check(export.bias_variance(cfg), chs.bias_variance_result(bv), tmp_path)
    assert printed["bias2"] == [float(b) for b in bv.bias2] and printed["variance"] == [float(v) for v in bv.variance]


def test_export_small_data(tmp_path):
    cfg = SmallDataConfig("wine", 30, 2, seed=1)
    check(export.small_data(cfg), chs.small_data_result(compare_small(cfg)), tmp_path)


def test_export_has_no_dead_branches_for_settings_not_chosen():
    plain = export.augmentation(AugConfig(names=("shift",), with_flips=False)).to_py()
    assert "Flip" not in plain and "Elastic" not in plain and "GaussianNoise" not in plain
    assert "translate=(0.08, 0.08)" in plain and "scale=" not in plain.split("v2.RandomAffine(")[1].split(")")[0]
    small = export.small_data(SmallDataConfig("breast cancer")).to_py()
    assert "load_breast_cancer" in small and "load_wine" not in small


def test_export_writes_settings_only_as_literals():
    """A setting that came from a link reaches the code only through core.export.literal."""
    text = export.splits(SplitConfig(70, 15, 15, True, 7, 300)).to_py()
    assert "SIZES = (70, 15, 15)" in text and "SEED = 7" in text
    with pytest.raises(ValueError):
        export.missing(MissingConfig(float("nan"), 3))
