"""Retry policy: reads retry briefly, writes only when Close surely did not act."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from addon.close import CloseClient, CloseRateLimited, CloseUnavailable

from .conftest import BASE, FakeTime

URL = BASE + "lead/"


def write(client: CloseClient, method: str) -> object:
    if method == "DELETE":
        return client.delete("lead")
    return getattr(client, method.lower())("lead", {"name": "Acme"})


def refused() -> requests.ConnectionError:
    """Build the error requests raises when the TCP connection was never made."""
    reason = NewConnectionError(None, "Connection refused")  # type: ignore[arg-type]
    return requests.ConnectionError(MaxRetryError(None, URL, reason))  # type: ignore[arg-type]


def dropped() -> requests.ConnectionError:
    """Build the error requests raises when the server hung up after we sent."""
    return requests.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError()))


def test_get_retries_a_503_once_then_succeeds(
    rsps: responses.RequestsMock, client: CloseClient, fake_time: FakeTime
) -> None:
    rsps.add(responses.GET, URL, status=503)
    rsps.add(responses.GET, URL, json={"data": []})

    assert client.get("lead") == {"data": []}
    assert len(rsps.calls) == 2
    assert fake_time.sleeps == [0.2]


def test_get_gives_up_after_max_retries(
    rsps: responses.RequestsMock, client: CloseClient, fake_time: FakeTime
) -> None:
    for status in (502, 504, 503):
        rsps.add(responses.GET, URL, status=status)

    with pytest.raises(CloseUnavailable) as caught:
        client.get("lead")

    assert caught.value.status == 503
    assert len(rsps.calls) == 3
    assert fake_time.sleeps == [0.2, 0.5]


def test_get_does_not_retry_a_500(rsps: responses.RequestsMock, client: CloseClient) -> None:
    rsps.add(responses.GET, URL, status=500)

    with pytest.raises(CloseUnavailable):
        client.get("lead")
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ReadTimeout(), requests.exceptions.ConnectTimeout(), dropped(), refused()],
)
def test_get_retries_network_failures(
    rsps: responses.RequestsMock, client: CloseClient, failure: Exception
) -> None:
    rsps.add(responses.GET, URL, body=failure)
    rsps.add(responses.GET, URL, json={"data": []})

    assert client.get("lead") == {"data": []}
    assert len(rsps.calls) == 2


@pytest.mark.parametrize("failure", [503, requests.exceptions.ReadTimeout()])
def test_a_search_is_retried_as_a_read(
    rsps: responses.RequestsMock, client: CloseClient, failure: Exception | int
) -> None:
    search = BASE + "data/search/"
    if isinstance(failure, int):
        rsps.add(responses.POST, search, status=failure)
    else:
        rsps.add(responses.POST, search, body=failure)
    rsps.add(responses.POST, search, json={"data": []})

    assert client.search({"query": {}}) == {"data": []}
    assert len(rsps.calls) == 2


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize(
    "failure",
    [requests.exceptions.ReadTimeout(), dropped(), 502, 503, 504],
)
def test_write_that_may_have_reached_close_is_never_retried(
    rsps: responses.RequestsMock,
    client: CloseClient,
    fake_time: FakeTime,
    method: str,
    failure: Exception | int,
) -> None:
    if isinstance(failure, int):
        rsps.add(method, URL, status=failure)
    else:
        rsps.add(method, URL, body=failure)

    with pytest.raises(CloseUnavailable):
        write(client, method)

    assert len(rsps.calls) == 1
    assert fake_time.sleeps == []


@pytest.mark.parametrize("failure", [requests.exceptions.ConnectTimeout(), refused()])
def test_write_is_retried_when_the_connection_never_opened(
    rsps: responses.RequestsMock, client: CloseClient, failure: Exception
) -> None:
    rsps.add(responses.POST, URL, body=failure)
    rsps.add(responses.POST, URL, status=201, json={"id": "lead_1"})

    assert client.post("lead", {"name": "Acme"}) == {"id": "lead_1"}
    assert len(rsps.calls) == 2


def test_write_is_retried_after_a_short_429(
    rsps: responses.RequestsMock, client: CloseClient, fake_time: FakeTime
) -> None:
    rsps.add(
        responses.POST, URL, status=429, headers={"RateLimit": "limit=16; remaining=0; reset=1"}
    )
    rsps.add(responses.POST, URL, status=201, json={"id": "lead_1"})

    assert client.post("lead", {"name": "Acme"}) == {"id": "lead_1"}
    assert len(rsps.calls) == 2
    assert fake_time.sleeps == [1.0]


@pytest.mark.parametrize(("reset", "calls", "sleeps"), [("5", 2, [5.0]), ("5.01", 1, [])])
def test_429_waits_only_up_to_five_seconds(
    rsps: responses.RequestsMock,
    client: CloseClient,
    fake_time: FakeTime,
    reset: str,
    calls: int,
    sleeps: list[float],
) -> None:
    rsps.add(responses.GET, URL, status=429, headers={"RateLimit-Reset": reset})
    if calls == 2:
        rsps.add(responses.GET, URL, json={})
        client.get("lead")
    else:
        with pytest.raises(CloseRateLimited):
            client.get("lead")

    assert len(rsps.calls) == calls
    assert fake_time.sleeps == sleeps


def test_long_429_is_raised_at_once_with_retry_after(
    rsps: responses.RequestsMock, client: CloseClient, fake_time: FakeTime
) -> None:
    rsps.add(
        responses.GET, URL, status=429, headers={"RateLimit": "limit=100, remaining=0, reset=30"}
    )

    with pytest.raises(CloseRateLimited) as caught:
        client.get("lead")

    assert caught.value.retry_after == 30
    assert len(rsps.calls) == 1
    assert fake_time.sleeps == []


def test_repeated_429_ends_in_rate_limited(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    for _ in range(3):
        rsps.add(responses.GET, URL, status=429, headers={"RateLimit-Reset": "0.5"})

    with pytest.raises(CloseRateLimited):
        client.get("lead")
    assert len(rsps.calls) == 3


def test_max_retries_zero_sends_once(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient]
) -> None:
    rsps.add(responses.GET, URL, status=503)

    with pytest.raises(CloseUnavailable):
        make_client(max_retries=0).get("lead")
    assert len(rsps.calls) == 1
