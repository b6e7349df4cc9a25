"""Take it home: each Bias audit export runs on its own (the project off sys.path) and prints the page's numbers.

The page trains the Arrests network on the CPU with one thread, and so do the scripts, so their JSON
matches the core result to the last printed digit.
"""
import json
import os
import subprocess
import sys

import nbformat
import pytest

from core.bias_audit import challenges as bc
from core.bias_audit import export
from core.bias_audit.arrests import TabularConfig
from core.bias_audit.mitigation import SEEDS, run_mitigations, run_tabular_audit
from tests.core.bias_audit.test_images import one_thread  # noqa: F401  (the fixture, shared)

pytestmark = pytest.mark.usefixtures("one_thread")
EXACT = 1e-12  # the same float operations in the same order: equal up to the last bit
AUDIT_KEYS = ("accuracy", "balanced_accuracy", "demographic_parity_difference", "equalized_odds_difference",
              "statistical_parity_difference")


def run_alone(code: str, tmp_path, name: str = "script.py") -> dict:
    """Run `code` in an empty folder with a clean environment (no PYTHONPATH); its last line, as JSON."""
    path = tmp_path / name
    path.write_text(code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(path), "--device", "cpu"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def notebook_code(script) -> str:
    """The notebook's code cells, in order, as one file (after nbformat has validated the notebook)."""
    nb = nbformat.reads(script.to_ipynb(), as_version=4)
    nbformat.validate(nb)
    assert nb.cells[1].cell_type == "markdown" and nb.cells[2].cell_type == "code"
    return "\n\n\n".join(c.source for c in nb.cells if c.cell_type == "code") + "\n"


def test_the_script_never_imports_the_project():
    for script in (export.audit(TabularConfig(attribute="age band", blind=True)),
                   *(export.mitigation(TabularConfig(), "equalized_odds", 2, fix) for fix in (*bc.FIXES, bc.BASELINE))):
        code = script.to_py()
        assert "from core" not in code and "import core" not in code and "lessons" not in code
        assert "parse_known_args" in code and "--device" in code
        compile(code, script.name, "exec")
    reweighing = export.mitigation(TabularConfig(), "demographic_parity", 5, "Reweighing").to_py()
    assert "ROUNDS" not in reweighing and "ThresholdOptimizer" not in reweighing  # no dead branches


def test_tampered_settings_never_reach_the_template():
    with pytest.raises(ValueError):
        export.audit(TabularConfig(attribute='colour"); import os; os.system("x'))
    with pytest.raises(ValueError):
        export.mitigation(TabularConfig(), "demographic_parity", 5, "<script>")
    with pytest.raises(ValueError):
        export.mitigation(TabularConfig(), "demographic_parity", 10_000, "Reweighing")


@pytest.mark.parametrize("cfg", [TabularConfig(), TabularConfig(attribute="age band", blind=True, seed=1)],
                         ids=["colour", "age_band_blind"])
def test_the_audit_script_and_notebook_print_the_pages_numbers(tmp_path, cfg):
    page = bc.audit_result(run_tabular_audit(cfg))
    script = export.audit(cfg)
    for got in (run_alone(script.to_py(), tmp_path), run_alone(notebook_code(script), tmp_path, "notebook.py")):
        assert set(got) == set(AUDIT_KEYS)
        for key in AUDIT_KEYS:
            assert got[key] == pytest.approx(page[key], abs=EXACT), key


@pytest.fixture(scope="module")
def mitigated():
    """The Mitigate tab's runs for colour and demographic parity, one reweighting round (to keep this quick)."""
    return {seed: run_mitigations(TabularConfig(seed=seed), "demographic_parity", 1) for seed in SEEDS}


@pytest.mark.parametrize("fix", [*bc.FIXES, bc.BASELINE])
def test_the_mitigation_script_prints_the_pages_row(tmp_path, mitigated, fix):
    page = bc.mitigation_result(mitigated, "demographic_parity", fix)
    script = export.mitigation(TabularConfig(), "demographic_parity", 1, fix)
    runs = [run_alone(script.to_py(), tmp_path)]
    if fix == "ThresholdOptimizer":  # the notebook too, for the longest script
        runs.append(run_alone(notebook_code(script), tmp_path, "notebook.py"))
    for got in runs:
        for key in ("fix_balanced_accuracy", "fix_accuracy", "fix_demographic_parity_difference",
                    "fix_equalized_odds_difference", "fix_cost"):
            assert got[key] == pytest.approx(page[key], abs=1e-9), key  # cost is in points: 100 × a difference
