"""The Loss & optimization page in AppTest: move its controls, step through backprop, make a racer diverge."""
import pytest

SMALL = {"loss_images": "200", "loss_epochs": "1", "loss_depth": "4"}  # keep the MNIST sections quick


@pytest.fixture
def lesson(page):
    """The page opened on one tab (only the open tab is drawn), with the MNIST sections kept small."""
    def open_on(tab: str):
        app = page("loss_optimization", timeout=300)
        for key, value in {**SMALL, "loss_tab": tab}.items():
            app.query_params[key] = value
        return app.run()
    return open_on


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def test_backprop_walk_steps_with_next_and_back_and_matches_autograd(lesson):
    at = lesson("Backprop step by step")
    assert not at.exception
    assert at.session_state["backprop_walk"].step == 0
    matched = []
    for _ in range(9):
        at.button(key="loss_next").click().run()
        assert not at.exception
        matched.append("matches autograd" in texts(at.success))
    assert at.session_state["backprop_walk"].step == 9
    assert matched == [True] * 8 + [False]  # 8 gradients checked; the last stop is the update
    assert "The loss went down" in texts(at.success)
    assert at.button(key="loss_next").disabled
    at.button(key="loss_back").click().run()
    assert at.session_state["backprop_walk"].step == 8
    assert any(r"\partial b_1" in latex.value for latex in at.latex)
    at.number_input(key="loss_v1").set_value(-2.0).run()  # new weights: the walk stays where it was
    assert at.session_state["backprop_walk"].step == 8 and "matches autograd" in texts(at.success)
    at.button(key="loss_restart").click().run()
    assert at.session_state["backprop_walk"].step == 0


def test_race_ravine_then_a_too_large_learning_rate_diverges_with_a_clear_message(lesson):
    at = lesson("Gradient descent race")
    values = {m.label: m.value for m in at.metric}
    assert values["SGD"] == "not in 200"  # the ravine: plain SGD crawls along the floor ...
    assert values["Momentum"].startswith("step ") and values["Adam"].startswith("step ")  # ... these arrive

    at.selectbox(key="loss_surface").set_value("bowl").run()
    at.button(key="loss_preset_10").click().run()
    assert not at.exception
    assert at.select_slider(key="loss_lr_bowl_SGD").value == 5.0
    errors = texts(at.error)
    assert "SGD diverged at step" in errors and "2/λmax = 1" in errors
    assert any(m.label == "SGD" and m.value == "diverged" for m in at.metric)
    at.button(key="loss_preset_0.05").click().run()
    assert "crawls" in texts(at.info)


def test_loss_explorer_controls_and_the_mnist_sections(lesson):
    at = lesson("Loss functions")
    assert "matches" in texts(at.success)  # torch.nn.functional agrees
    for name in ("mae", "huber", "bce", "cce"):
        at.button_group(key="loss_fn").set_value(name).run()
        assert not at.exception
        assert "`torch.nn.functional` gives" in texts(at.success)
    at.slider(key="loss_prob").set_value(0.05).run()
    at.slider(key="loss_outlier").set_value(30.0).run()
    at.slider(key="loss_logit").set_value(-8.0).run()
    assert not at.exception
    metrics = {m.label: float(m.value) for m in at.metric if m.label.startswith("|∂L/∂z|")}
    assert metrics["|∂L/∂z| with BCE"] > 100 * metrics["|∂L/∂z| with MSE"]
    at = lesson("Batch size")
    at.button(key="loss_batch_run").click().run()  # the tab opens on the default result; this trains the SMALL one
    assert not at.exception
    assert len(at.dataframe) == 1  # batch sizes
    batch = at.dataframe[0].value
    assert list(batch["updates per epoch"]) == [1, 4, 200]  # N = 200, mini-batch 64, stochastic
    at = lesson("Vanishing gradients")
    assert len(at.dataframe) == 1  # gradient norms
    at.select_slider(key="loss_scale").set_value(2.0).run()
    assert not at.exception and len(at.dataframe[0].value) == 9


@pytest.mark.parametrize("tab", ["Loss functions", "Gradient descent race", "Batch size", "Backprop step by step",
                                 "Vanishing gradients"])
def test_every_tab_opens_on_a_figure(page, tab):
    """No blank tab: each opens on a chart; the batch-size tab on its default result, labelled as such."""
    at = page("loss_optimization", timeout=300)
    at.query_params["loss_tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception][:1]
    assert len(at.get("plotly_chart")) >= 1
    if tab == "Batch size":
        assert "Default settings" in texts(at.caption) and "Train the three" in texts(at.caption)
        assert list(at.dataframe[0].value["updates per epoch"]) == [1, 16, 1000]  # the default: N = 1,000
        assert "**Per second**" in texts(at.markdown)


def test_the_defaults_the_warm_up_fills_are_what_the_tabs_draw(page):
    """Each DEFAULTS entry runs, returns what its tab draws, and is the very cache entry the tab reads."""
    from core.loss_optimization.batching import BatchComparison
    from core.loss_optimization.gradient_flow import SeededFlow
    from core.loss_optimization.race import RaceResult
    from lessons.loss_optimization import cache

    assert set(cache.DEFAULTS) == {"race", "batching", "gradient_flow"}
    results = {name: compute() for name, compute in cache.DEFAULTS.items()}
    assert isinstance(results["race"], RaceResult) and len(results["race"].racers) == 5
    assert isinstance(results["batching"], BatchComparison) and len(results["batching"].runs) == 3
    assert len(results["gradient_flow"]) == 9 and isinstance(results["gradient_flow"][0], SeededFlow)
    # opened now, each tab finds its default warm: nothing is computed again (same calls, same cache keys)
    import core.loss_optimization.batching as batching
    import core.loss_optimization.gradient_flow as gradient_flow
    import core.loss_optimization.race as race

    calls = []
    patched = [(batching, "compare_seeds"), (gradient_flow, "flows_over_seeds"), (race, "race")]
    originals = [getattr(module, name) for module, name in patched]
    for (module, name), original in zip(patched, originals, strict=True):
        setattr(module, name, lambda *a, _name=name, _f=original, **k: calls.append(_name) or _f(*a, **k))
    try:
        for tab in ("Gradient descent race", "Batch size", "Vanishing gradients"):
            at = page("loss_optimization", timeout=300)
            at.query_params["loss_tab"] = tab
            at.run()
            assert not at.exception and len(at.get("plotly_chart")) >= 1
    finally:
        for (module, name), original in zip(patched, originals, strict=True):
            setattr(module, name, original)
    assert calls == []
