"""In a real browser: train two MNIST runs at two learning rates, compare them, and open their TensorBoard logs."""
import zipfile

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from tests.browser.conftest import exceptions, settle

RESULT = '[data-testid="stMetricLabel"]'


def train(tab) -> None:
    """Press Train and wait for this run's outcome (the previous run's, or the default's, goes as soon as it starts)."""
    result = tab.locator(RESULT, has_text="Training time")  # only a visitor's own run shows it
    had_one = result.count() > 0
    tab.get_by_role("button", name="Train", exact=True).first.click()
    if had_one:
        result.first.wait_for(state="detached", timeout=60_000)
    result.first.wait_for(timeout=300_000)
    settle(tab)


def open_tab(tab, name: str) -> None:
    tab.get_by_role("tab", name=name, exact=True).click()
    settle(tab)


def test_two_runs_compared_and_their_tensorboard_logs_read_back(server, tab, tmp_path):
    tab.goto(f"{server}/mnist?mnist_images=1000&mnist_epochs=2&mnist_lr=0.001")
    settle(tab, timeout_s=240)
    train(tab)
    thumb = tab.get_by_role("slider", name="Learning rate")
    thumb.focus()
    thumb.press("ArrowRight")  # 0.001 → 0.003
    settle(tab)
    tab.get_by_text("lr 0.003").first.wait_for(timeout=30_000)
    train(tab)

    open_tab(tab, "Runs")
    tab.get_by_text("run 2 (finished)").first.wait_for(timeout=300_000)  # the newest is selected
    tab.locator(".st-key-mnist_runs_pick_1-2").click()
    tab.get_by_role("option", name="run 1 (finished)").click()
    tab.keyboard.press("Escape")
    settle(tab)
    tab.get_by_text("Settings side by side").wait_for(timeout=60_000)
    assert tab.get_by_text("they differ in lr").count() == 1
    assert tab.locator('[data-testid="stPlotlyChart"]').count() == 1  # only the open tab is drawn

    with tab.expect_download(timeout=120_000) as download:
        tab.get_by_role("button", name="Download TensorBoard logs").click()
    logs = tmp_path / "logs.zip"
    download.value.save_as(logs)
    with zipfile.ZipFile(logs) as archive:
        archive.extractall(tmp_path)
    folders = sorted((tmp_path / "mnist_runs").iterdir())
    assert [f.name for f in folders] == ["run01_mlp_lr0.001", "run02_mlp_lr0.003"]
    for folder in folders:
        events = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0})
        events.Reload()
        tags = events.Tags()
        long_enough = [t for t in tags["scalars"] if len(events.Scalars(t)) >= 2]
        assert len(long_enough) >= 2, tags["scalars"]
        assert len(tags["histograms"]) >= 1 and len(events.Histograms(tags["histograms"][0])) >= 2
    assert exceptions(tab) == []
