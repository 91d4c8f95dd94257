"""The request deadline: no call starts, and no sleep ends, after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
import responses

from addon.close import (
    CloseClient,
    CloseDeadlineExceeded,
    CloseRateLimited,
    CloseTimeout,
    CloseUnavailable,
)

from .conftest import BASE, FakeTime

URL = BASE + "lead/"


def test_call_after_the_deadline_sends_nothing(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient], fake_time: FakeTime
) -> None:
    client = make_client(deadline=fake_time.now - 0.001)

    with pytest.raises(CloseDeadlineExceeded):
        client.get("lead")
    assert len(rsps.calls) == 0


def test_timeout_shrinks_to_the_time_left(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient], fake_time: FakeTime
) -> None:
    rsps.add(responses.GET, URL, json={})

    make_client(timeout=10.0, deadline=fake_time.now + 2.5).get("lead")

    assert rsps.calls[0].request.req_kwargs["timeout"] == pytest.approx(2.5)


def test_never_sleeps_past_the_deadline(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient], fake_time: FakeTime
) -> None:
    deadline = fake_time.now + 0.6
    rsps.add(responses.GET, URL, status=503)
    rsps.add(responses.GET, URL, status=503)

    with pytest.raises(CloseUnavailable) as caught:
        make_client(deadline=deadline).get("lead")

    # The first 0.2 s backoff fits; the next 0.5 s would cross the deadline.
    assert fake_time.sleeps == [0.2]
    assert fake_time.now <= deadline
    assert caught.value.status == 503
    assert len(rsps.calls) == 2


def test_short_429_is_raised_when_its_wait_crosses_the_deadline(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient], fake_time: FakeTime
) -> None:
    rsps.add(
        responses.GET, URL, status=429, headers={"RateLimit": "limit=16; remaining=0; reset=3"}
    )

    with pytest.raises(CloseRateLimited) as caught:
        make_client(deadline=fake_time.now + 2).get("lead")

    assert caught.value.retry_after == 3
    assert fake_time.sleeps == []
    assert len(rsps.calls) == 1


def test_timeout_cut_short_by_the_deadline_means_close_is_slow(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient], fake_time: FakeTime
) -> None:
    def slow(request: requests.PreparedRequest) -> Exception:
        fake_time.now += 1.0  # the read timeout used up all the time left
        return requests.exceptions.ReadTimeout()

    rsps.add_callback(responses.GET, URL, callback=slow)

    with pytest.raises(CloseDeadlineExceeded) as caught:
        make_client(timeout=10.0, deadline=fake_time.now + 1.0).get("lead")

    assert "slow" in caught.value.message
    assert fake_time.sleeps == []
    assert len(rsps.calls) == 1


def test_ordinary_read_timeout_is_a_timeout_not_deadline(
    rsps: responses.RequestsMock, make_client: Callable[..., CloseClient]
) -> None:
    rsps.add(responses.POST, URL, body=requests.exceptions.ReadTimeout())

    with pytest.raises(CloseUnavailable) as caught:
        make_client().post("lead", {"name": "Acme"})

    # Slow, so the user is told "Close is slow"; not our deadline, which had time left.
    assert type(caught.value) is CloseTimeout
