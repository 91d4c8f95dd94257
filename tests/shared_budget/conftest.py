"""Fixtures for Close's shared rate budget: fake clocks, and bucket stores in process or on
the session's Redis (tests/conftest.py: `redis_url`, `shared_redis`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import redis

from addon.close.ratebudget import Buckets, LocalBuckets, RedisBuckets


class FakeTime:
    """A clock that only moves when someone sleeps (or a test moves it)."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture(params=["in-process", "redis"])
def new_buckets(request: pytest.FixtureRequest, fake_time: FakeTime) -> Callable[[], Buckets]:
    """Make the buckets of one more instance: all made by a test share their state.

    In process, "instances" share one store (as threads of one process do); on Redis each
    is a store of its own, on its own connection, over one Redis database.
    """
    if request.param == "in-process":
        local = LocalBuckets(fake_time.clock)
        return lambda: local
    url = request.getfixturevalue("redis_url")
    request.getfixturevalue("shared_redis")  # an empty database

    def instance() -> Buckets:
        client = redis.Redis.from_url(url)
        request.addfinalizer(client.close)
        return RedisBuckets(client, LocalBuckets(fake_time.clock), clock=fake_time.clock)

    return instance
