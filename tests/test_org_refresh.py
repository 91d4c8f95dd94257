"""The organization's coworkers and statuses: served from memory at once, and refreshed in
the background once older than ORG_FRESH (by the wall clock), one refresh at a time."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import responses
from flask import Flask
from requests import PreparedRequest

from addon.auth import GoogleUser
from addon.events import Event
from addon.lookup import Lookup
from addon.registry import Context
from addon.services import ORG_FRESH, Services, key_owner
from addon.store import UserSettings
from tests.conftest import CLOSE_API

API_KEY = "api_4ZGt8Yw1.3nJq9sSECRETpart7Xk"
ORG_ID = "orga_1"
LOADED = 1_764_000_000.0  # when the test's first load happens, by the wall clock
WAIT = 10  # seconds an event may take before the test fails rather than hangs


class WallClock:
    """A wall clock that moves only when the test moves it."""

    def __init__(self) -> None:
        self.now = LOADED

    def __call__(self) -> float:
        return self.now


class OrgEndpoint:
    """Close's organization endpoint: counts its calls, and holds them while told to."""

    def __init__(self) -> None:
        self.coworkers = ["ann@ourco.example"]
        self.calls = 0
        self.answering = threading.Event()  # cleared: calls wait until it is set
        self.answering.set()
        self.called = threading.Event()

    def __call__(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        self.calls += 1
        self.called.set()
        assert self.answering.wait(WAIT)
        members = [{"user_id": f"user_{n}", "user_email": e} for n, e in enumerate(self.coworkers)]
        return 200, {}, json.dumps({"memberships": members, "lead_statuses": []})


@pytest.fixture
def wall_clock() -> WallClock:
    return WallClock()


@pytest.fixture
def close(upstream: responses.RequestsMock) -> OrgEndpoint:
    endpoint = OrgEndpoint()
    upstream.add_callback(responses.GET, f"{CLOSE_API}organization/{ORG_ID}/", callback=endpoint)
    return endpoint


@pytest.fixture
def services(app: Flask, wall_clock: WallClock) -> Iterator[Services]:
    """The add-on's services on the test's wall clock, with a pool of the test's own.

    `pool.shutdown(wait=True)` then waits for every background refresh it was given.
    """
    services: Services = app.extensions["close_addon"].services
    services.wall_clock = wall_clock
    services.pool = ThreadPoolExecutor(4)
    yield services
    services.pool.shutdown(wait=True)


def lookup(services: Services) -> Lookup:
    """One request's lookups, for a user connected to the organization."""
    settings = UserSettings(user_id="sub-ann", api_key=API_KEY, close_org_id=ORG_ID)
    context = Context(
        event=Event.model_validate({}),
        user=GoogleUser(sub="sub-ann", email="ann@ourco.example"),
        settings=settings,
        services=services,
        kind="trigger",
        deadline=services.clock() + WAIT,
        name="test",
    )
    return Lookup(context)


def cached(services: Services) -> frozenset[str]:
    org = services.caches.org.get(key_owner(API_KEY), ORG_ID)
    assert org is not None
    return org.coworker_emails


def test_a_stale_organization_is_served_at_once_and_refreshed_once_in_the_background(
    services: Services, close: OrgEndpoint, wall_clock: WallClock
) -> None:
    first = lookup(services).org()
    assert (close.calls, first.loaded_at) == (1, LOADED)

    close.coworkers.append("bob@ourco.example")
    close.answering.clear()  # the refresh is held in Close until the test lets it go
    close.called.clear()
    wall_clock.now = LOADED + ORG_FRESH + 1
    assert lookup(services)._cached_org() is first  # not waiting on the refresh
    assert close.called.wait(WAIT)  # which has started
    assert lookup(services)._cached_org() is first  # another open: no second refresh

    close.answering.set()
    services.pool.shutdown(wait=True)
    assert close.calls == 2
    assert cached(services) == {"ann@ourco.example", "bob@ourco.example"}
    refreshed = lookup(services)._cached_org()
    assert refreshed is not None and refreshed.loaded_at == LOADED + ORG_FRESH + 1


def test_once_a_refresh_is_done_the_next_stale_open_refreshes_again(
    services: Services, close: OrgEndpoint, wall_clock: WallClock
) -> None:
    lookup(services).org()
    for age in (1, 2):
        wall_clock.now = LOADED + age * (ORG_FRESH + 1)
        lookup(services)._cached_org()
        services.pool.shutdown(wait=True)
        services.pool = ThreadPoolExecutor(4)
    assert close.calls == 3


def test_a_fresh_organization_is_not_refreshed(
    services: Services, close: OrgEndpoint, wall_clock: WallClock
) -> None:
    first = lookup(services).org()
    wall_clock.now = LOADED + ORG_FRESH  # as old as may be, not older
    assert lookup(services)._cached_org() is first
    services.pool.shutdown(wait=True)
    assert close.calls == 1
