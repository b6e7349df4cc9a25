"""The Architectures page: the Playground's controls, run buttons, heads, sweep, comparison and shared links."""
import pytest


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def status_line(at):
    """The caption beside the run buttons: points per split and the parameter count."""
    return next(c.value for c in at.caption if "test points" in c.value)


def parameters_formula(at):
    """The capacity tab's parameter count, written out layer by layer."""
    return next(latex.value for latex in at.latex if r"\text{parameters}" in latex.value)


@pytest.fixture
def arch(page):
    at = page("architectures").run()
    assert not at.exception
    return at


@pytest.fixture
def arch_tab(page):
    """The page opened on one of its tabs: `arch_tab("FNN vs CNN vs RNN")`."""
    def open_on(tab: str):
        at = page("architectures")
        at.query_params["arch_tab"] = tab
        at.run()
        assert not at.exception
        return at
    return open_on


def test_opens_with_an_untrained_network(arch):
    assert metric(arch, "Epoch") == "0"
    assert any("sigma" in latex.value for latex in arch.latex)  # the binary head
    assert "25 parameters" in status_line(arch)  # 2-4-2-1: (2+1)·4 + (4+1)·2 + (2+1)·1
    assert len(arch.get("plotly_chart")) >= 4


def test_step_train_and_reset(arch):
    arch.button(key="arch_step").click().run()
    assert metric(arch, "Epoch") == "1"
    arch.run()  # a rerun keeps the network
    assert metric(arch, "Epoch") == "1"
    assert arch.button(key="arch_stop_btn").disabled  # nothing to stop
    arch.selectbox(key="arch_stop").set_value("accuracy").run()
    arch.select_slider(key="arch_target").set_value(0.9).run()
    arch.button(key="arch_train").click().run()  # trains in chunks until the stop rule fires
    assert not arch.exception
    assert int(metric(arch, "Epoch").replace(",", "")) > 1
    assert any("reached 90%" in s.value for s in arch.success)
    assert float(metric(arch, "Train accuracy").rstrip("%")) >= 90
    assert not arch.button(key="arch_train").disabled and arch.button(key="arch_stop_btn").disabled
    arch.button(key="arch_reset").click().run()
    assert metric(arch, "Epoch") == "0"


def test_network_survives_a_page_switch(arch):
    arch.button(key="arch_step").click().run()
    arch.switch_page("lessons/home.py").run()
    arch.switch_page("lessons/architectures/page.py").run()
    assert not arch.exception and metric(arch, "Epoch") == "1"


def test_structure_rebuilds_the_network_but_the_learning_rate_does_not(arch):
    arch.button(key="arch_step").click().run()
    arch.select_slider(key="arch_lr").set_value(0.1).run()
    assert metric(arch, "Epoch") == "1"
    arch.slider(key="arch_layers").set_value(0).run()
    assert metric(arch, "Epoch") == "0" and "3 parameters" in status_line(arch)


@pytest.mark.parametrize("kind,head,score", [("arms", r"\frac{e^{z_k}}{\sum_j e^{z_j}}", "Test accuracy"),
                                             ("multigauss", r"(\hat y_i - y_i)^2", "Test R²")])
def test_every_head_is_explained(arch, kind, head, score):
    arch.selectbox(key="arch_data").set_value(kind).run()
    arch.button(key="arch_step").click().run()
    assert not arch.exception
    assert head in arch.latex[0].value
    assert metric(arch, score)


def test_network_controls(arch_tab):
    arch = arch_tab("Depth, width & capacity")
    arch.slider(key="arch_layers").set_value(3).run()
    arch.toggle(key="arch_per_layer").set_value(True).run()
    arch.selectbox(key="arch_act2").set_value("relu").run()
    arch.slider(key="arch_n3").set_value(32).run()
    arch.pills(key="arch_features").set_value(["x1", "x2", "x1^2", "sin_x2"]).run()
    arch.segmented_control(key="arch_reg").set_value("l2").run()
    arch.select_slider(key="arch_rate").set_value(0.01).run()
    arch.slider(key="arch_dropout").set_value(0.2).run()
    arch.selectbox(key="arch_stop").set_value("early").run()
    arch.button(key="arch_step").click().run()
    assert not arch.exception
    # 4 features → 4 → 2 → 32 → 1, and early stopping holds 20% of the 250 training points out
    assert "(4+1)\\cdot 4 + (4+1)\\cdot 2 + (2+1)\\cdot 32 + (32+1)\\cdot 1" in parameters_formula(arch)
    assert "200 training, 50 validation" in status_line(arch)
    assert any("0.01" in latex.value and "w^2" in latex.value for latex in arch.latex)


def test_a_shared_link_opens_the_same_setup_and_bad_values_get_a_notice(page):
    at = page("architectures")
    at.query_params["arch_tab"] = "Depth, width & capacity"
    # what the address bar holds after choosing XOR, ReLU, 1 layer of 8, x₁ and x₁x₂, and learning rate 0.1
    at.query_params.update({"arch_data": "Exclusive or (XOR)", "arch_act": "ReLU", "arch_layers": "1",
                            "arch_n1": "8", "arch_lr": "0.1", "arch_features": ["x₁", "x₁x₂"]})
    at.run()
    assert not at.exception
    assert at.selectbox(key="arch_data").value == "xor" and at.slider(key="arch_n1").value == 8
    assert at.selectbox(key="arch_act").value == "relu" and at.pills(key="arch_features").value == ["x1", "x1x2"]
    assert at.select_slider(key="arch_lr").value == 0.1
    assert "(2+1)\\cdot 8 + (8+1)\\cdot 1 = 33" in parameters_formula(at)
    assert not at.info  # a valid link gets no notice
    bad = page("architectures")
    bad.query_params.update({"arch_layers": "99", "arch_lr": "NaN"})
    bad.run()
    assert not bad.exception and bad.slider(key="arch_layers").value == 2
    assert any("not valid" in i.value for i in bad.info)


def test_capacity_sweep(arch_tab):
    arch = arch_tab("Depth, width & capacity")
    arch.select_slider(key="arch_points").set_value(30).run()
    arch.button(key="arch_sweep_go").click().run()
    assert not arch.exception
    assert arch.get("plotly_chart")[-1].proto.spec  # the sweep's chart was drawn


def test_comparison_on_the_offline_fallback(arch_tab, monkeypatch, tmp_path):
    monkeypatch.setenv("NNLAB_DATA_DIR", str(tmp_path))  # no MNIST here: the page must fall back
    monkeypatch.setenv("NNLAB_OFFLINE", "1")
    arch = arch_tab("FNN vs CNN vs RNN")
    arch.select_slider(key="arch_cmp_images").set_value(2000).run()
    arch.button(key="arch_cmp_go").click().run()
    assert not arch.exception
    assert any("8×8 digits" in w.value for w in arch.warning)
    table = arch.dataframe[0].value
    assert list(table["parameters"]) and len(table) == 3


def test_presets_set_up_each_claim(arch):
    arch.button(key="arch_preset1").click().run()  # XOR, one layer of 4
    assert arch.selectbox(key="arch_data").value == "xor" and arch.slider(key="arch_layers").value == 1
    assert "17 parameters" in status_line(arch)  # (2+1)·4 + (4+1)·1
    arch.button(key="arch_preset7").click().run()  # the overfitting setup with early stopping
    assert not arch.exception
    assert arch.slider(key="arch_n3").value == 32 and arch.selectbox(key="arch_stop").value == "early"
    assert "24 training, 6 validation and 30 test points" in status_line(arch)
    arch.button(key="arch_preset0").click().run()  # back to XOR with no hidden layer: everything else reset
    assert arch.selectbox(key="arch_stop").value == "none" and "3 parameters" in status_line(arch)


def test_every_default_result_is_what_its_tab_draws(arch_tab):
    """The warm-up's DEFAULTS compute exactly what each tab opens on, so a warm server opens no tab blank."""
    from core.architectures.capacity import SWEEP_NETS, takeaway
    from core.architectures.compare import KINDS, SEEDS, summary
    from lessons.architectures import cache

    results = {name: compute() for name, compute in cache.DEFAULTS.items()}
    assert set(results) == {"capacity_sweep", "fnn_cnn_rnn"}
    assert len(results["capacity_sweep"]) == len(SWEEP_NETS) * 3
    assert len(results["fnn_cnn_rnn"]) == len(KINDS) * len(SEEDS)
    sweep = arch_tab("Depth, width & capacity")
    assert takeaway(results["capacity_sweep"]) in "".join(m.value for m in sweep.markdown)
    assert any("Default settings" in c.value for c in sweep.caption)
    versus = arch_tab("FNN vs CNN vs RNN")
    shown = "".join(m.value for m in versus.markdown)
    assert summary(results["fnn_cnn_rnn"]).split("; the")[0] in shown  # the accuracies (timings vary by run)
    assert any("Default settings" in c.value for c in versus.caption)
    assert len(versus.get("plotly_chart")) >= 1 and len(sweep.get("plotly_chart")) >= 1


def keys(at) -> set:
    return {w.key for kind in ("slider", "select_slider", "toggle") for w in getattr(at, kind)}


def test_controls_another_choice_makes_meaningless_are_hidden_not_greyed(arch):
    shown = keys(arch)
    assert not {"arch_classes", "arch_rate", "arch_target", "arch_patience"} & shown
    assert {"arch_dropout", "arch_per_layer"} <= shown  # two hidden layers: both mean something
    arch.segmented_control(key="arch_reg").set_value("l2").run()
    arch.select_slider(key="arch_rate").set_value(0.01).run()
    assert "arch_rate" in keys(arch)
    arch.segmented_control(key="arch_reg").set_value("none").run()
    assert "arch_rate" not in keys(arch)
    arch.segmented_control(key="arch_reg").set_value("l1").run()
    assert arch.select_slider(key="arch_rate").value == 0.01  # a hidden control keeps its value for when it returns
    arch.selectbox(key="arch_stop").set_value("accuracy").run()
    assert "arch_target" in keys(arch) and "arch_patience" not in keys(arch)
    arch.selectbox(key="arch_stop").set_value("early").run()
    assert "arch_patience" in keys(arch) and "arch_target" not in keys(arch)
    arch.selectbox(key="arch_data").set_value("blobs").run()
    assert "arch_classes" in keys(arch)
    arch.slider(key="arch_layers").set_value(0).run()
    assert not {"arch_dropout", "arch_per_layer"} & keys(arch) and not arch.exception


def test_the_curves_wait_for_a_history(arch):
    charts = {c.key for c in arch.get("plotly_chart")}
    assert "arch_boundary0" in charts and "arch_curves0" not in charts  # the untrained network's output, no curves
    assert any("appear here once the network has trained" in c.value for c in arch.caption)
    arch.button(key="arch_step").click().run()
    assert "arch_curves0" in {c.key for c in arch.get("plotly_chart")}


def test_sweep_noisy_points_sets_the_data_and_shows_the_noise_fitted(arch_tab):
    arch = arch_tab("Depth, width & capacity")
    arch.button(key="arch_sweep_noisy").click().run()
    assert not arch.exception
    assert arch.selectbox(key="arch_data").value == "circle" and arch.slider(key="arch_noise").value == 30
    assert arch.select_slider(key="arch_points").value == 100
    takeaway = next(m.value for m in arch.markdown if m.value.startswith("**Takeaway:**") and "parameters" in m.value)
    assert "**fits the noise**" in takeaway and "**Too few**" in takeaway
    assert not any("Default settings" in c.value for c in arch.caption)
