"""Fixtures: live emulators (fresh, shared read-only, empty, or custom) on loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sandbox.close import DEFAULT_TEST_API_KEY, CloseState
from sandbox.demo_data import DEMO_API_KEY

from .live import ROOMY_LIMITS, LiveClose, serve


@pytest.fixture
def demo() -> Iterator[LiveClose]:
    """A fresh demo organization, served live, authenticated as the main demo user."""
    with serve(CloseState.from_demo(rate_limits=ROOMY_LIMITS), DEMO_API_KEY) as live:
        yield live


@pytest.fixture(scope="module")
def demo_ro() -> Iterator[LiveClose]:
    """A demo organization shared by a module's read-only tests."""
    with serve(CloseState.from_demo(rate_limits=ROOMY_LIMITS), DEMO_API_KEY) as live:
        yield live


@pytest.fixture
def empty() -> Iterator[LiveClose]:
    """An organization with one user and no records."""
    state = CloseState.empty(rate_limits=ROOMY_LIMITS)
    with serve(state, DEFAULT_TEST_API_KEY) as live:
        yield live


@pytest.fixture
def make_live() -> Iterator[Callable[[CloseState, str], LiveClose]]:
    """Start extra live emulators for custom states (stopped after the test)."""
    stack: list[Any] = []

    def start(state: CloseState, key: str) -> LiveClose:
        manager = serve(state, key)
        stack.append(manager)
        return manager.__enter__()

    yield start
    for manager in reversed(stack):
        manager.__exit__(None, None, None)
