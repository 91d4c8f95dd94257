"""Pool work that starts when told to, for running beside an upstream call once it is out."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Generic, TypeVar

T = TypeVar("T")


class Deferred(Generic[T]):
    """A call for the pool, handed over on `start` rather than when made.

    Made and used by one thread (the request's), typically with `upstream.once_sent`:
    `start` hands the call to the pool the first time and does nothing after;
    `result` starts it if nothing has, and waits for its answer.
    """

    def __init__(self, pool: Executor, call: Callable[[], T]) -> None:
        self._pool = pool
        self._call = call
        self._future: Future[T] | None = None

    def start(self) -> None:
        self._started()

    def result(self) -> T:
        return self._started().result()

    def _started(self) -> Future[T]:
        if self._future is None:
            self._future = self._pool.submit(self._call)
        return self._future
