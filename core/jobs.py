"""Training in a background thread, behind a server-wide queue.

A Streamlit rerun (a moved widget, a page switch) would cut a training loop that
runs inside the script. Running it in a thread owned by the visitor's session
keeps it going; the page only reads snapshots. The gate caps how many jobs train
at once on a shared server, and tells the others their place in the queue.
"""
from __future__ import annotations

import contextlib
import threading
import traceback
from collections.abc import Callable

from core.device import cpu_threads
from core.hosting import cores
from core.train import Progress, TrainResult


class Cancelled(Exception):
    """The work was stopped while it waited for its turn."""


class JobGate:
    """At most `limit` jobs run at once; the rest wait first-come, first-served.

    Each job runs on `threads` CPU threads, or by default on its share of the cores among
    the jobs running when it starts: a lone job gets them all, and two jobs at once do not
    fight over the same cores (two 2-thread MNIST runs on 2 cores took 1.08 s where two
    1-thread runs took 0.86 s).
    """

    def __init__(self, limit: int, threads: int | None = None):
        self.limit = max(1, limit)
        self.threads = threads
        self._cond = threading.Condition()
        self._waiting: list[object] = []
        self._running = 0

    def position(self, job: object) -> int:
        """1 for the next job to start; 0 when not waiting."""
        with self._cond:
            return self._waiting.index(job) + 1 if job in self._waiting else 0

    def acquire(self, job: object, cancelled: Callable[[], bool] = lambda: False,
                on_wait: Callable[[int], None] | None = None, background: bool = False) -> bool:
        """Wait for a place, calling `on_wait(position)` whenever the place in line changes; False if cancelled.

        `on_wait` runs outside the lock. If it raises (a visitor's page that reruns while it waits
        raises from any Streamlit call), the job still leaves the line: nobody queues behind a ghost.
        A `background` job (the server warming up its default results) never stands in line: it
        starts only while nobody waits and a place is free, so it is always behind every visitor.
        """
        if background:
            with self._cond:
                while self._waiting or self._running >= self.limit:
                    self._cond.wait(timeout=0.2)
                self._running += 1
                return True
        shown = 0
        with self._cond:
            self._waiting.append(job)
        try:
            while True:
                with self._cond:
                    if self._waiting[0] is job and self._running < self.limit:
                        self._waiting.pop(0)
                        self._running += 1
                        self._cond.notify_all()
                        return True
                    if cancelled():
                        self._waiting.remove(job)
                        self._cond.notify_all()
                        return False
                    place = self._waiting.index(job) + 1
                    if place == shown:
                        self._cond.wait(timeout=0.2)
                        continue
                shown = place
                if on_wait:
                    on_wait(place)
        except BaseException:
            with self._cond:
                if job in self._waiting:
                    self._waiting.remove(job)
                self._cond.notify_all()
            raise

    @contextlib.contextmanager
    def turn(self, job: object | None = None, cancelled: Callable[[], bool] = lambda: False,
             on_wait: Callable[[int], None] | None = None, background: bool = False):
        """Hold a place for the block, on the gate's share of CPU threads; raises `Cancelled` if stopped first.

        `on_wait(0)` says the turn came; the place is given back however the block ends.
        """
        if not self.acquire(job if job is not None else object(), cancelled, on_wait, background):
            raise Cancelled
        try:
            if on_wait:
                on_wait(0)
            with cpu_threads(self.threads or max(1, cores() // self.running)):
                yield
        finally:
            self.release()

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
        try:
            with self._gate.turn(self, self._stop.is_set) if self._gate else contextlib.nullcontext():
                self.state = "training"
                self.result = self._work(self._on_progress, self._stop.is_set)
                self.state = "done"
        except Cancelled:
            self.state, self.error = "failed", "Cancelled while waiting in the queue."
        except Exception as err:  # shown to the visitor as a message, logged for the host
            traceback.print_exc()
            self.state, self.error = "failed", f"Training failed: {err}"
        finally:
            self._work = None  # drop the data the work held (a visitor's training subset), keep the result

    def _on_progress(self, progress: Progress) -> None:
        self.progress = progress
