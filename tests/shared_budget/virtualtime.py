"""Time for a group of worker threads that passes only while all of them sleep.

A worker's `sleep` returns at once in real time, yet the clock says the time has passed. Time
moves only when every worker is asleep (or done), straight to the earliest wake-up; so a
call that is on its way to a server takes no time at all, and a test sees the order of
events of a real run without its waits.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor


class VirtualTime:
    """A clock and a sleep for worker threads; see the module docstring."""

    def __init__(self, start: float = 10_000.0) -> None:
        self._changed = threading.Condition()
        self._now = start
        self._running = 0
        self._order = itertools.count()
        self._sleepers: list[tuple[float, int, threading.Event]] = []

    def now(self) -> float:
        with self._changed:
            return self._now

    def sleep(self, seconds: float) -> None:
        woken = threading.Event()
        with self._changed:
            heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), woken))
            self._running -= 1
            self._advance()
            self._changed.wait_for(woken.is_set)

    def run(self, workers: Iterable[Callable[[], object]]) -> list[object]:
        """Run each worker in a thread of its own; return their results in order."""
        jobs = list(workers)
        with self._changed:
            self._running += len(jobs)  # all count as awake before any can sleep
        with ThreadPoolExecutor(len(jobs)) as pool:
            futures = [pool.submit(self._worker, job) for job in jobs]
            return [future.result() for future in futures]

    def _worker(self, job: Callable[[], object]) -> object:
        try:
            return job()
        finally:
            with self._changed:
                self._running -= 1
                self._advance()

    def _advance(self) -> None:
        if self._running > 0 or not self._sleepers:
            return
        self._now = max(self._now, self._sleepers[0][0])
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, woken = heapq.heappop(self._sleepers)
            woken.set()
            self._running += 1  # awake from now on, though its thread may not run yet
        self._changed.notify_all()
