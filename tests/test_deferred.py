"""Pool work that starts when told to."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from addon.deferred import Deferred


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=2) as executor:
        yield executor


def test_nothing_runs_until_started_and_a_second_start_runs_nothing_more(
    pool: ThreadPoolExecutor,
) -> None:
    runs: list[str] = []
    job = Deferred(pool, lambda: runs.append("ran") or len(runs))

    pool.submit(lambda: None).result()  # the pool is idle and has had its chance
    assert runs == []
    job.start()
    job.start()

    assert job.result() == 1
    assert runs == ["ran"]


def test_asking_for_the_result_starts_work_nobody_started(pool: ThreadPoolExecutor) -> None:
    job = Deferred(pool, lambda: "answer")

    assert job.result() == "answer"


def test_an_error_comes_back_where_the_result_is_asked_for(pool: ThreadPoolExecutor) -> None:
    def fail() -> str:
        raise LookupError("no such row")

    job = Deferred(pool, fail)
    job.start()

    with pytest.raises(LookupError, match="no such row"):
        job.result()
