import threading
import time

from core.jobs import JobGate, TrainingJob


def wait_for(predicate, timeout=10.0):
    end = time.time() + timeout
    while not predicate() and time.time() < end:
        time.sleep(0.01)
    return predicate()


def test_job_runs_in_background_and_keeps_result():
    job = TrainingJob(lambda on_progress, should_stop: "result").start()
    job.join(5)
    assert job.state == "done" and job.result == "result"


def test_failure_becomes_a_message():
    def broken(on_progress, should_stop):
        raise RuntimeError("out of memory")
    job = TrainingJob(broken).start()
    job.join(5)
    assert job.state == "failed" and "out of memory" in job.error


def test_gate_limits_concurrency_and_reports_queue_position():
    gate = JobGate(limit=1)
    release = threading.Event()

    def work(on_progress, should_stop):
        release.wait(5)
        return "ok"

    first, second, third = (TrainingJob(work, gate) for _ in range(3))
    first.start()
    assert wait_for(lambda: first.state == "training")
    second.start()
    assert wait_for(lambda: second.queue_position == 1)
    third.start()
    assert wait_for(lambda: third.queue_position == 2)
    assert gate.running == 1
    third.stop()  # cancelled while waiting: leaves the queue
    assert wait_for(lambda: third.state == "failed")
    release.set()
    for job in (first, second):
        job.join(5)
        assert job.state == "done"
    assert gate.running == 0


def test_inline_turn_waits_in_line_reports_its_place_and_takes_the_gates_threads():
    import torch

    gate = JobGate(limit=1, threads=1)
    release, places, seen_threads = threading.Event(), [], []

    def blocker(on_progress, should_stop):
        seen_threads.append(torch.get_num_threads())
        release.wait(5)

    first = TrainingJob(blocker, gate).start()
    assert wait_for(lambda: first.state == "training")

    def inline():
        with gate.turn(on_wait=places.append):
            seen_threads.append(torch.get_num_threads())

    waiter = threading.Thread(target=inline)
    waiter.start()
    assert wait_for(lambda: places == [1])  # first in line behind the running job
    assert gate.running == 1
    release.set()
    waiter.join(5)
    assert places == [1, 0]  # told when its turn came
    assert seen_threads == [1, 1] and gate.running == 0


def test_a_turn_gives_its_place_back_when_the_work_fails():
    gate = JobGate(limit=1)
    try:
        with gate.turn():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gate.running == 0


def test_running_jobs_share_the_cores():
    import torch

    from core.hosting import cores

    gate, release, seen = JobGate(limit=2), threading.Event(), []

    def work(on_progress, should_stop):
        seen.append(torch.get_num_threads())
        release.wait(5)

    first = TrainingJob(work, gate).start()
    assert wait_for(lambda: len(seen) == 1)
    second = TrainingJob(work, gate).start()
    assert wait_for(lambda: len(seen) == 2)
    release.set()
    first.join(5)
    second.join(5)
    assert seen == [cores(), max(1, cores() // 2)]  # alone: every core; beside another job: half


def test_nnlab_threads_fixes_the_threads_per_job(monkeypatch):
    from core import hosting

    monkeypatch.delenv("NNLAB_THREADS", raising=False)
    assert hosting.limits().threads_per_job is None
    monkeypatch.setenv("NNLAB_THREADS", "3")
    assert hosting.limits().threads_per_job == 3


def test_a_waiter_whose_page_reruns_leaves_the_line_and_a_failing_notice_gives_the_place_back():
    """Streamlit raises from any call on a page that reruns; the queue must not keep a ghost or lose a place."""
    gate, release = JobGate(limit=1), threading.Event()
    first = TrainingJob(lambda on_progress, should_stop: release.wait(5), gate).start()
    assert wait_for(lambda: first.state == "training")

    def rerun(place):
        raise KeyboardInterrupt("the page reran")  # a BaseException, like Streamlit's RerunException

    def waiter():
        try:
            with gate.turn(on_wait=rerun):
                pass
        except KeyboardInterrupt:
            pass

    thread = threading.Thread(target=waiter)
    thread.start()
    thread.join(5)
    later = TrainingJob(lambda on_progress, should_stop: "ok", gate).start()
    assert wait_for(lambda: later.queue_position == 1)  # first in line: the ghost left
    release.set()
    later.join(5)
    assert later.state == "done" and gate.running == 0

    def fails_when_in(place):
        if place == 0:
            raise KeyboardInterrupt("the page reran")

    try:
        with gate.turn(on_wait=fails_when_in):
            pass
    except KeyboardInterrupt:
        pass
    assert gate.running == 0  # the place came back


def test_background_work_waits_behind_every_visitor_and_never_takes_a_place_in_line():
    """The warm-up's defaults start only while nobody waits; a visitor who comes later is still first."""
    gate = JobGate(limit=1)
    order, release = [], threading.Event()

    def visitor(name):
        with gate.turn():
            order.append(name)
            release.wait(5)

    def warm_up():
        with gate.turn(background=True):
            order.append("warm-up")

    first = threading.Thread(target=visitor, args=("alice",))
    first.start()
    assert wait_for(lambda: order == ["alice"])
    background = threading.Thread(target=warm_up)
    background.start()
    second = threading.Thread(target=visitor, args=("bob",))
    second.start()
    assert wait_for(lambda: gate.position(None) == 0 and len(gate._waiting) == 1)  # only Bob stands in line
    release.set()
    for thread in (first, second, background):
        thread.join(5)
    assert order == ["alice", "bob", "warm-up"]
