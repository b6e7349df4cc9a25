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
