"""Fixtures: a client on the session's Redis (tests/conftest.py), emptied before each test."""

from __future__ import annotations

import pytest
import redis


@pytest.fixture
def client(shared_redis: redis.Redis) -> redis.Redis:
    """Return a client on the session's Redis, emptied first: each test starts clean."""
    return shared_redis
