"""Fixtures: one real Redis server for the session, emptied before each test that uses it,
and one PostgreSQL server for the tests that run add-on processes on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis

from tests.pg import postgres_server
from tests.redisserver import redis_server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """Start one Redis server for the whole session (or use ADDON_TEST_REDIS_URL)."""
    with redis_server() as url:
        yield url


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    """Return a client on the session's Redis, emptied first: each test starts clean."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Start one PostgreSQL server for the whole session (or use ADDON_TEST_DATABASE_URL)."""
    with postgres_server() as url:
        yield url
