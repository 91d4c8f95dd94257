"""Fixtures for the Close client tests: an HTTP fake, a fake clock and a client factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses

from addon.close import CloseClient

API_KEY = "api_7b8KOSMa0OevK9qJvT6F9s.2H3Bt8ktGaQ9kVK45P7j7p"
BASE = "https://api.close.com/api/v1/"


class FakeTime:
    """A clock that only moves when the client sleeps (or a test moves it)."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    # Every registered reply must be used, so a missing retry fails the test too.
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_time: FakeTime) -> Callable[..., CloseClient]:
    def make(**overrides: Any) -> CloseClient:
        options: dict[str, Any] = {"sleep": fake_time.sleep, "clock": fake_time.clock}
        options.update(overrides)
        return CloseClient(API_KEY, **options)

    return make


@pytest.fixture
def client(make_client: Callable[..., CloseClient]) -> CloseClient:
    return make_client()
