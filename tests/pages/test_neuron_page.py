"""The Neuron page: calculator, gallery, bias, non-linearity, perceptron stepping and the by-hand snippet."""
import pytest

from core.neuron.calculator import NeuronConfig, forward


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def open_tab(at, label: str):
    """Only the open tab does its work, as in the browser; the tab is bound to session state and the URL."""
    at.session_state["neuron_tab"] = label
    return at.run()


@pytest.fixture
def neuron(page):
    at = page("neuron").run()
    assert not at.exception, [e.value for e in at.exception][:1]
    return at


def test_defaults_render_the_worked_example(neuron):
    at = neuron
    latex = texts(at.latex)
    assert r"0.8 \cdot 1 + (-0.4) \cdot 0.5 + 0.3 \cdot (-1.5) + 0.1 = 0.2500" in latex  # z
    assert "= 0.5622" in latex  # a = σ(0.25)
    assert len(at.get("plotly_chart")) == 1  # the neuron diagram; hidden tabs build nothing
    assert "not valid" not in texts(at.info)
    open_tab(at, "Activation gallery")
    assert "Sigmoid" in texts(at.dataframe) and "Dying ReLU" in texts(at.info)
    open_tab(at, "Why bias")
    assert metric(at, "Best with a bias") == "100%"
    assert int(metric(at, "Best without a bias").rstrip("%")) <= 75
    open_tab(at, "Why non-linearity")
    assert "Identical: the largest difference is" in texts(at.success)  # linear layers collapse
    open_tab(at, "Perceptron")
    assert metric(at, "Step").startswith("0 of ")
    open_tab(at, "Forward pass by hand")
    assert "z = 0.2500\na = 0.5622" in [c.value.strip() for c in at.code]  # the NumPy snippet's own output
    assert "Same numbers as the calculator" in texts(at.success)
    assert not at.exception


def test_moving_the_calculator_updates_every_number(neuron):
    at = neuron
    at.slider(key="neuron_n").set_value(5).run()
    at.slider(key="neuron_x5").set_value(2.5)
    at.slider(key="neuron_w5").set_value(-1.2)
    at.slider(key="neuron_b").set_value(-0.7)
    at.selectbox(key="neuron_act").set_value("leaky_relu")
    at.slider(key="neuron_slope").set_value(0.2).run()
    assert not at.exception
    cfg = NeuronConfig((1.0, 0.5, -1.5, 2.0, 2.5), (0.8, -0.4, 0.3, 0.5, -1.2), -0.7, "leaky_relu", slope=0.2)
    out = forward(cfg)  # z = 0.8 - 0.2 - 0.45 + 1.0 - 3.0 - 0.7 = -2.55 → a = 0.2·z
    assert out.z == pytest.approx(-2.55) and out.a == pytest.approx(-0.51)
    assert f"= {out.z:.4f}" in texts(at.latex) and f"= {out.a:.4f}" in texts(at.latex)
    open_tab(at, "Activation gallery")
    assert f"{out.a:.4f}"[:5] in texts(at.dataframe)  # the gallery's table of f(z), f'(z) at this z
    open_tab(at, "Forward pass by hand")
    assert f"z = {out.z:.4f}\na = {out.a:.4f}" in [c.value.strip() for c in at.code]
    assert "Same numbers as the calculator" in texts(at.success)
    for act in ("tanh", "relu", "elu", "gelu"):  # every activation renders, and the snippet agrees
        at.selectbox(key="neuron_act").set_value(act).run()
        assert not at.exception
        assert "Same numbers as the calculator" in texts(at.success)


def test_bias_and_nonlinearity_sections(neuron):
    at = open_tab(neuron, "Why bias")
    assert metric(at, "Your line's accuracy") == "100%"  # x1 + x2 - 5 = 0 splits the clouds
    at.toggle(key="neuron_use_bias").set_value(False).run()
    assert not at.exception
    assert at.slider(key="neuron_bb").disabled
    assert r"1\,x_1 +1\,x_2 +0 = 0" in texts(at.latex)
    assert int(metric(at, "Your line's accuracy").rstrip("%")) <= 75
    open_tab(at, "Why non-linearity")
    at.slider(key="neuron_seed").set_value(5).run()  # other layers: still identical without ReLU
    assert not at.exception
    assert "Identical" in texts(at.success)
    assert "ReLU" in texts(at.warning)


def test_perceptron_steps_and_xor(neuron):
    at = open_tab(neuron, "Perceptron")
    assert metric(at, "Step").startswith("0 of ")
    for _ in range(4):
        at.button(key="neuron_next").click().run()
    assert metric(at, "Step").startswith("4 of ")
    assert "Epoch 1: x = (1, 1), target t = 1" in texts(at.markdown)  # AND's only early mistake
    at.button(key="neuron_back").click().run()
    assert metric(at, "Step").startswith("3 of ")
    at.button(key="neuron_end").click().run()
    assert "Converged" in texts(at.success)
    at.button(key="neuron_reset").click().run()
    assert metric(at, "Step").startswith("0 of ")

    # XOR never converges, and the page says why
    at.segmented_control(key="neuron_gate").set_value("XOR").run()
    at.button(key="neuron_end").click().run()
    assert not at.exception
    errors = texts(at.error)
    assert "never converges" in errors
    assert "No line puts (0,1) and (1,0) on one side" in errors
    assert "contradicts the last one" in texts(at.latex)


def test_a_shared_link_restores_settings(page):
    at = page("neuron")
    at.query_params["neuron_n"] = "4"
    at.query_params["neuron_act"] = "tanh"
    at.query_params["neuron_gate"] = "XOR"
    at.query_params["neuron_tab"] = "Perceptron"
    at.run()
    assert not at.exception
    assert "never converges" not in texts(at.error) and metric(at, "Step").startswith("0 of 12")
    assert at.slider(key="neuron_n").value == 4 and at.selectbox(key="neuron_act").value == "tanh"
    assert at.segmented_control(key="neuron_gate").value == "XOR"
    assert "not valid" not in texts(at.info)


def test_a_tampered_link_falls_back_with_a_notice(page):
    at = page("neuron")
    at.query_params["neuron_n"] = "garbage"
    at.query_params["neuron_act"] = "softmaxx"
    at.query_params["neuron_x1"] = "1e309"
    at.query_params["neuron_x5"] = "1.5"  # a valid value for an input not shown (3 inputs): no complaint
    at.run()
    assert not at.exception
    notice = texts(at.info)
    assert "so the page uses its defaults for them" in notice
    assert "neuron_n=garbage" in notice and "neuron_act=softmaxx" in notice and "neuron_x1=1e309" in notice
    assert "neuron_x5" not in notice
    assert at.slider(key="neuron_n").value == 3 and at.selectbox(key="neuron_act").value == "sigmoid"
    assert "= 0.5622" in texts(at.latex)  # the defaults' numbers


def test_every_tab_opens_on_a_figure(page):
    """No blank tab: each of the six tabs draws at least one chart on open, with no exception."""
    for tab in ("Neuron calculator", "Activation gallery", "Why bias", "Why non-linearity", "Perceptron",
                "Forward pass by hand"):
        at = page("neuron")
        at.query_params["neuron_tab"] = tab
        at.run()
        assert not at.exception, (tab, [e.value for e in at.exception][:1])
        assert len(at.get("plotly_chart")) >= 1, tab


def test_the_defaults_the_warm_up_fills_are_what_the_tabs_draw():
    from core.neuron import bias as neuron_bias
    from lessons.neuron import cache

    assert set(cache.DEFAULTS) == {"bias_fits"}
    points, with_b, without_b = cache.DEFAULTS["bias_fits"]()
    assert isinstance(with_b, neuron_bias.Fit) and with_b.accuracy == 1.0 and without_b.accuracy <= 0.75
    assert (points.X == neuron_bias.shifted_clouds(seed=0).X).all()
