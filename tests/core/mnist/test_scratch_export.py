"""The From scratch tab's export: the script and its notebook, run alone, print the tab's very numbers."""
import pytest

from core.data import data_dir
from core.mnist.numpy_mlp import ScratchConfig, compare
from core.mnist.scratch_export import script
from tests.standalone import notebook_code, run_alone


@pytest.mark.parametrize("cfg", [ScratchConfig(hidden=(32,), activation="sigmoid", lr=0.3, images=2000),
                                 ScratchConfig(hidden=(64,), activation="tanh", lr=0.03, images=2000, seed=4)])
def test_the_race_exported_runs_alone_and_gives_the_tabs_numbers(mnist, tmp_path, cfg):
    tab = compare(cfg, mnist)
    exported = script(cfg)
    code = exported.to_py()
    assert "from core" not in code and "import core" not in code
    args = ("--data-dir", str(data_dir().resolve()), "--device", "cpu")
    alone = run_alone(code, tmp_path, *args)
    # the same float32 operations in the same order on the same machine: the same numbers, not just close ones
    assert alone == {"max_loss_gap": tab.max_loss_gap, "max_weight_gap": tab.max_weight_gap,
                     "torch_test_accuracy": tab.torch_acc, "numpy_test_accuracy": tab.numpy_acc}
    assert run_alone(notebook_code(exported), tmp_path, *args) == alone


def test_only_the_chosen_activation_is_written_out():
    relu = script(ScratchConfig()).to_py()
    assert "np.maximum(z, 0.0)" in relu and "np.tanh" not in relu and "np.where" not in relu
    assert "IMAGES = 10000" in relu and "LR = 0.1" in relu


@pytest.mark.parametrize("bad", [ScratchConfig(activation="__import__('os')"), ScratchConfig(lr=float("nan")),
                                 ScratchConfig(images=10**9), ScratchConfig(hidden=(1.5,)),
                                 ScratchConfig(batch_size=0)])
def test_settings_a_tampered_link_could_carry_never_reach_the_code(bad):
    with pytest.raises((ValueError, TypeError)):
        script(bad)
