"""The MNIST page in AppTest: every tab renders, and the main controls train, inspect, break, draw and keep."""
import io
import pickle

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from core.mnist import model_io, pitfalls
from core.models import ModelConfig, build_model
from core.train import TrainConfig

TABS = ["Train", "Inside the model", "Evaluation", "Pitfall lab", "Draw a digit", "From scratch", "Keep & share",
        "Challenges"]


def open_tab(page, tab: str, **params):
    at = page("mnist", timeout=300)
    at.query_params["mnist_tab"] = tab
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def switch(at, tab: str):
    """Click a tab: its name goes to the URL (AppTest re-sends the URL on every run) and to the widget."""
    at.query_params["mnist_tab"] = tab
    at.session_state["mnist_tab"] = tab
    return at.run()


def wait(at):
    """Let the background jobs finish (the live fragment's timer does not tick in AppTest), then rerun."""
    lab = at.session_state["mnist_lab"]
    for run in (lab.run, lab.broken, lab.fixed):
        if run is not None and run.job is not None:
            run.job.join(300)
    return at.run()


def ok(at):
    assert not at.exception, [e.value for e in at.exception][:1]


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


def digit_png(strokes, size=280, dark_on_light=True) -> bytes:
    ink, paper = (0, 255) if dark_on_light else (255, 0)
    img = Image.new("RGB", (size, size), (paper,) * 3)
    ImageDraw.Draw(img).line(strokes, fill=(ink,) * 3, width=size // 15, joint="curve")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_every_tab_renders_with_the_default_network(page):
    at = open_tab(page, "Train")
    ok(at)
    assert at.title[0].value == "MNIST training"
    assert "Press **Train**" in texts(at.info) or "press **Train**" in texts(at.info)
    for tab in TABS[1:]:
        switch(at, tab)
        ok(at)
    switch(at, "Inside the model")
    assert "default network" in texts(at.info)
    assert "Weight and gradient histograms, epoch by epoch" in texts(at.subheader)
    assert len(at.get("plotly_chart")) >= 4


def test_train_pitfall_and_scratch_tabs_open_on_their_default_results(page):
    """No blank tab: before the learner runs anything, each heavy tab shows its shared default result."""
    at = open_tab(page, "Train")
    ok(at)
    assert len(at.get("plotly_chart")) >= 2  # the default network's curves and its test predictions
    assert "Default settings" in texts(at.caption) and "Default network" in texts(at.markdown)
    assert float(metric(at, "Test accuracy").rstrip("%")) > 90
    switch(at, "Pitfall lab")
    ok(at)
    assert len(at.get("plotly_chart")) == 1 and "Default settings" in texts(at.caption)
    assert "The loss became NaN" in texts(at.warning) and "No pitfall detected" in texts(at.success)
    assert "vermillion" in texts(at.caption)  # the cross where the loss became NaN
    assert {"mnist_export_pitfall_py", "mnist_export_pitfall_ipynb"} <= {b.key for b in at.get("download_button")}
    assert "VAL_IMAGES = 1000" in "\n".join(c.value for c in at.code)  # "Show the code": the broken NaN setup
    at.selectbox(key="mnist_pit_export_nan").set_value(pitfalls.PRESETS["nan"].fixes[0]).run()
    assert "clip_grad_norm_(model.parameters(), 0.1)" in "\n".join(c.value for c in at.code)  # the fix's script
    switch(at, "From scratch")
    ok(at)
    assert float(metric(at, "Largest loss gap")) < 1e-4 and "Default settings" in texts(at.caption)
    assert len(at.get("plotly_chart")) == 1
    assert {"mnist_export_scratch_py", "mnist_export_scratch_ipynb"} <= {b.key for b in at.get("download_button")}
    at.selectbox(key="mnist_np_act").set_value("tanh").run()  # not run yet: the script has the settings shown
    assert "np.tanh(z)" in "\n".join(c.value for c in at.code)


def test_evaluation_shows_the_commonest_mistakes_images_until_a_cell_is_clicked(page):
    at = open_tab(page, "Evaluation")
    ok(at)
    assert "the commonest mistake" in texts(at.markdown) and "Click an orange cell" in texts(at.caption)
    assert len(at.get("plotly_chart")) == 5  # matrix, its cell's images, precision/recall, mistakes, saliency


def test_every_default_is_computed_once_and_the_tabs_read_that_very_result(page, monkeypatch):
    """The warm-up's calls (DEFAULTS) fill the cache entries the tabs read: afterwards nothing trains again."""
    import time

    from core.mnist import lab, numpy_mlp
    from lessons.mnist import cache

    assert set(cache.DEFAULTS) == {"network", "scratch", *(f"pitfall_{k}" for k in pitfalls.PRESETS)}
    seconds = {}
    for name, compute in cache.DEFAULTS.items():
        start = time.perf_counter()
        value = compute()
        seconds[name] = round(time.perf_counter() - start, 1)
        if name == "network":
            assert value.result.curve and value.gallery is not None and value.confusion.sum() == 10_000
        elif name == "scratch":
            assert value.max_loss_gap < 1e-4
        else:
            broken, fixed = value
            assert broken.result.curve and fixed.result.status in ("finished", "early-stopped")
    print(f"MNIST defaults computed in {seconds} s")

    def trains_again(*args, **kwargs):
        raise AssertionError("a tab trained its default again instead of reading the warm result")

    for module, name in ((lab, "default_run"), (lab, "run_pitfall"), (numpy_mlp, "compare")):
        monkeypatch.setattr(module, name, trains_again)
    at = open_tab(page, "Train")
    ok(at)
    for tab in ("Pitfall lab", "From scratch", "Inside the model", "Evaluation"):
        switch(at, tab)
        ok(at)
    for key in pitfalls.PRESETS:
        at.query_params["mnist_pitfall"] = key
        at.session_state["mnist_pitfall"] = key
        switch(at, "Pitfall lab")
        ok(at)
        assert "Default settings" in texts(at.caption)


def test_controls_move_and_a_small_run_trains_and_fills_every_tab(page):
    at = open_tab(page, "Train", mnist_images="1000", mnist_epochs="2")
    at.segmented_control(key="mnist_kind").set_value("cnn").run()
    ok(at)
    with pytest.raises(KeyError):  # controls that do not apply to the CNN are hidden, not greyed out
        at.slider(key="mnist_depth")
    assert "CNN" in texts(at.caption)
    at.segmented_control(key="mnist_kind").set_value("mlp").run()
    at.select_slider(key="mnist_width").set_value(64)
    at.selectbox(key="mnist_init").set_value("he")
    at.select_slider(key="mnist_dropout").set_value(0.2)
    at.toggle(key="mnist_bn").set_value(True)
    at.select_slider(key="mnist_lr").set_value(3e-3).run()
    ok(at)
    assert "784-64-10" in texts(at.caption)

    at.button(key="mnist_train").click().run()
    ok(at)
    wait(at)
    ok(at)
    accuracy = float(metric(at, "Test accuracy").rstrip("%")) / 100
    assert accuracy > 0.7
    assert "Trained on" in texts(at.caption)
    assert "Test predictions after epoch 2" in texts(at.markdown)

    switch(at, "Inside the model")
    ok(at)
    assert "Your network" in texts(at.caption) and "default network" not in texts(at.info)
    at.slider(key="mnist_hist_epoch_3").set_value(1)
    at.number_input(key="mnist_act_idx").set_value(7).run()
    ok(at)

    switch(at, "Evaluation")
    ok(at)
    assert "Hardest digit to find" in texts(at.caption)
    at.number_input(key="mnist_sal_idx").set_value(3).run()
    ok(at)
    assert "predicted" in texts(at.caption)

    switch(at, "Keep & share")
    ok(at)
    assert len(at.get("download_button")) == 3

    switch(at, "Draw a digit")
    ok(at)
    at.file_uploader(key="mnist_upload").upload("one.png", digit_png([(140, 30), (140, 250)]), "image/png").run()
    ok(at)
    assert metric(at, "Prediction") in [str(d) for d in range(10)]
    assert "preprocessing and prediction took" in texts(at.caption)


@pytest.mark.parametrize("content,message", [
    (b"not a picture at all", "not a picture"),
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a picture"),
])
def test_bad_uploads_on_the_draw_tab_get_a_message(page, content, message):
    at = open_tab(page, "Draw a digit")
    at.file_uploader(key="mnist_upload").upload("x.png", content, "image/png").run()
    ok(at)
    assert message in texts(at.error)


def test_a_drawn_seven_is_read_as_seven_by_the_default_network(page):
    at = open_tab(page, "Draw a digit")
    png = digit_png([(60, 50), (220, 50), (120, 250)], dark_on_light=False)
    at.file_uploader(key="mnist_upload").upload("seven.png", png, "image/png").run()
    ok(at)
    assert metric(at, "Prediction") == "7"


def test_pitfall_lab_detects_nan_and_the_fix_trains_beside_it(page):
    at = open_tab(page, "Pitfall lab", mnist_pitfall="nan")
    ok(at)
    at.button(key="mnist_fix_clip").click().run()
    ok(at)
    wait(at)
    ok(at)
    assert "The loss became NaN" in texts(at.warning)
    assert "No pitfall detected" in texts(at.success)
    assert "With the fix: Gradient clipping" in texts(at.markdown)


def test_from_scratch_numpy_and_pytorch_agree(page):
    at = open_tab(page, "From scratch", mnist_np_images="2000", mnist_np_width="32")
    ok(at)
    at.button(key="mnist_np_run").click().run()
    ok(at)
    assert float(metric(at, "Largest loss gap")) < 1e-4
    assert "faster" in next(m for m in at.metric if m.label == "PyTorch time").proto.delta
    assert metric(at, "NumPy time").endswith(" s")


def test_keep_and_share_loads_a_saved_network_and_refuses_a_pickle(page, tmp_path):
    torch.manual_seed(0)
    model = build_model(ModelConfig(hidden=(32,)))
    info = model_io.run_info(ModelConfig(hidden=(32,)), TrainConfig(), "MNIST", 28, 10, 0.1307, 0.3081, {})
    at = open_tab(page, "Keep & share")
    ok(at)
    at.file_uploader(key="mnist_model_file").upload("m.safetensors", model_io.to_safetensors(model, info)).run()
    at.button(key="mnist_load").click().run()
    ok(at)
    assert "Loaded MLP 784-32-10" in texts(at.success)
    switch(at, "Evaluation")
    ok(at)
    assert "uploaded: m.safetensors" in texts(at.caption)

    marker = tmp_path / "ran"
    evil = pickle.dumps({"x": np.zeros(2), "y": Evil(str(marker))}, protocol=2)
    switch(at, "Keep & share")
    at.file_uploader(key="mnist_model_file").upload("model.pt", evil).run()
    at.button(key="mnist_load").click().run()
    ok(at)
    assert "Refused" in texts(at.error) and not marker.exists()


class Evil:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_an_assignment_link_locks_hides_shows_the_task_as_text_and_checks_the_goal_on_a_real_run(page):
    task = "Reach <b>50%</b> *with* lr 0.01 [now](javascript:alert(1))"
    at = open_tab(page, "Train", mnist_lr="0.01", mnist_images="1000", mnist_epochs="1", lock="mnist_lr",
                  hide="mnist_seed", task=task, goal="test_accuracy:>=:0.5")
    ok(at)
    assert at.select_slider(key="mnist_lr").disabled and at.select_slider(key="mnist_lr").value == 0.01
    with pytest.raises(KeyError):  # hidden: not drawn at all
        at.slider(key="mnist_seed")
    assert task in [t.value for t in at.text]  # plain text, exactly as written
    assert "no test accuracy yet" in texts(at.info)
    at.button(key="mnist_train").click().run()
    wait(at)
    ok(at)
    assert "goal reached: test accuracy" in texts(at.success), texts(at.info)
    assert at.session_state["challenge_results"]["mnist.train"]["nan_loss"] == 0


def test_a_run_that_misses_the_goal_says_how_far_off_it_is(page):
    at = open_tab(page, "Train", mnist_images="1000", mnist_epochs="1", goal="test_accuracy:>=:0.999")
    ok(at)
    at.button(key="mnist_train").click().run()
    wait(at)
    ok(at)
    assert "points short of test accuracy ≥ 99.9%" in texts(at.info)


def test_the_challenges_tab_is_last_and_opens_a_challenges_setup(page):
    at = open_tab(page, "Challenges")
    ok(at)
    assert [t.label for t in at.tabs][-1] == "Challenges"
    assert len(at.selectbox(key="mnist_challenge").options) >= 4
    at.selectbox(key="mnist_challenge").set_value("mnist.nan_fix").run()
    ok(at)
    at.button(key="mnist_open_mnist.nan_fix").click().run()
    ok(at)
    assert at.session_state["mnist_lr"] == 10.0 and at.session_state["mnist_tab"] == "Train"
    assert "sgd lr 10" in texts(at.caption)
