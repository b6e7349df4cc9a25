"""Training in a background thread, behind a server-wide queue.

A Streamlit rerun (a moved widget, a page switch) would cut a training loop that
runs inside the script. Running it in a thread owned by the visitor's session
keeps it going; the page only reads snapshots. The gate caps how many jobs train
at once on a shared server, and tells the others their place in the queue.
"""
from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from core.train import Progress, TrainResult


class JobGate:
    """At most `limit` jobs run at once; the rest wait first-come, first-served."""

    def __init__(self, limit: int):
        self.limit = max(1, limit)
        self._cond = threading.Condition()
        self._waiting: list[object] = []
        self._running = 0

    def position(self, job: object) -> int:
        """1 for the next job to start; 0 when not waiting."""
        with self._cond:
            return self._waiting.index(job) + 1 if job in self._waiting else 0

    def acquire(self, job: object, cancelled: Callable[[], bool]) -> bool:
        with self._cond:
            self._waiting.append(job)
            while not (self._waiting[0] is job and self._running < self.limit):
                if cancelled():
                    self._waiting.remove(job)
                    self._cond.notify_all()
                    return False
                self._cond.wait(timeout=0.2)
            self._waiting.pop(0)
            self._running += 1
            self._cond.notify_all()
            return True

    def release(self) -> None:
        with self._cond:
            self._running -= 1
            self._cond.notify_all()

    @property
    def running(self) -> int:
        return self._running


class TrainingJob:
    """One visitor's training run: `work(on_progress, should_stop)` in a thread."""

    def __init__(self, work: Callable[[Callable[[Progress], None], Callable[[], bool]], TrainResult],
                 gate: JobGate | None = None):
        self._work, self._gate = work, gate
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="training-job")
        self.state = "queued"  # "queued", "training", "done" or "failed"
        self.progress: Progress | None = None
        self.result: TrainResult | None = None
        self.error: str | None = None

    def start(self) -> TrainingJob:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def active(self) -> bool:
        return self.state in ("queued", "training")

    @property
    def queue_position(self) -> int:
        return self._gate.position(self) if self._gate else 0

    def _run(self) -> None:
        if self._gate and not self._gate.acquire(self, self._stop.is_set):
            self.state, self.error = "failed", "Cancelled while waiting in the queue."
            return
        self.state = "training"
        try:
            self.result = self._work(self._on_progress, self._stop.is_set)
            self.state = "done"
        except Exception as err:  # shown to the visitor as a message, logged for the host
            traceback.print_exc()
            self.state, self.error = "failed", f"Training failed: {err}"
        finally:
            self._work = None  # drop the data the work held (a visitor's training subset), keep the result
            if self._gate:
                self._gate.release()

    def _on_progress(self, progress: Progress) -> None:
        self.progress = progress
