"""The MNIST Runs tab in AppTest: two runs are kept, compared, taken back and deleted."""
from tests.pages.test_mnist_page import ok, open_tab, switch, texts


def train(at, lr: float):
    at.select_slider(key="mnist_lr").set_value(lr)
    at.button(key="mnist_train").click().run()
    ok(at)
    job = at.session_state["mnist_lab"].run.job
    job.join(300)
    assert not job.active
    return at.run()


def test_two_runs_are_kept_compared_used_and_deleted(page):
    at = open_tab(page, "Runs", mnist_images="1000", mnist_epochs="2")
    ok(at)
    assert "No runs yet" in texts(at.info)

    switch(at, "Train")
    first = train(at, 1e-3)
    second = train(first, 3e-2)
    history = second.session_state["mnist_runs"]
    assert [k.status for k in history.runs] == ["finished", "finished"] and history.current == 2

    at = switch(second, "Runs")
    ok(at)
    pick = at.multiselect(key="mnist_runs_pick_1-2")
    assert pick.value == [2]  # the newest is selected
    pick.set_value([1, 2]).run()
    ok(at)
    assert "Settings side by side" in texts(at.markdown) and "they differ in lr" in texts(at.markdown)
    assert len(at.get("plotly_chart")) == 1 and len(at.get("download_button")) == 2
    at.segmented_control(key="mnist_runs_x").set_value("seconds").run()
    ok(at)

    at.button(key="mnist_run_use_1").click().run()
    ok(at)
    lab = at.session_state["mnist_lab"]
    assert lab.run is history.get(1).run and history.current == 1
    at.button(key="mnist_run_delete_2").click().run()
    ok(at)
    assert [k.number for k in history.runs] == [1]
    assert at.multiselect(key="mnist_runs_pick_1").value == [1]
