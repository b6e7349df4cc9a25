"""Hosted mode: caps on the widgets, and a message instead of a traceback."""

import ui
from core import hosting


def test_hosted_limits_are_smaller(hosted):
    limits = hosting.limits()
    assert limits.hosted and limits.concurrent_jobs == 1
    assert limits.max_epochs <= 5 and limits.max_train_images <= 20_000


def test_hosted_mnist_page_caps_its_widgets(hosted, page):
    at = page("mnist").run()
    assert not at.exception
    assert at.slider(key="mnist_epochs").max <= 5
    assert "55000" not in at.select_slider(key="mnist_images").options


def test_a_failing_page_shows_a_message_not_a_traceback(hosted, page, monkeypatch):
    at = page("mnist")  # its first run, on the home page, applied the hosted settings

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(ui, "digits", broken)
    at.run()
    shown = at.exception[0]
    assert "secret internal detail" not in shown.value and not shown.stack_trace
    assert "encountered an error" in shown.value


def test_outside_hosted_mode_the_developer_sees_the_traceback(page, monkeypatch):
    monkeypatch.delenv("NNLAB_HOSTED", raising=False)
    monkeypatch.setattr(ui, "digits", lambda *a, **k: 1 / 0)
    at = page("mnist").run()
    assert "division by zero" in at.exception[0].value and at.exception[0].stack_trace


def test_a_cached_training_waits_its_turn_and_reports_its_place():
    """Lessons' cached trainings (`ui.cache.queued_run`) share the MNIST page's server-wide queue."""
    import threading
    import time

    from ui import cache

    ran, places, release = [], [], threading.Event()
    gate = cache.training_gate()

    @cache.queued_run(show_spinner=False)
    def lesson_training():
        ran.append(gate.running)

    def other_visitor():
        with gate.turn():
            release.wait(10)

    def visitor():
        with hosting.queue_notice(places.append):
            lesson_training()

    holders = [threading.Thread(target=other_visitor) for _ in range(gate.limit)]  # every place taken
    for thread in holders:
        thread.start()
    deadline = time.monotonic() + 10
    while gate.running < gate.limit and time.monotonic() < deadline:
        time.sleep(0.01)
    waiting = threading.Thread(target=visitor)
    waiting.start()
    while not places and time.monotonic() < deadline:
        time.sleep(0.01)
    assert places == [1] and not ran  # first in line, not running
    release.set()
    waiting.join(10)
    assert places == [1, 0] and len(ran) == 1
