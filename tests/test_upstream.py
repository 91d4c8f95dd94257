"""The send both upstream clients use: within the deadline, no redirects, no cookies kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import responses

from addon.upstream import OutOfTime, new_session, send

URL = "https://api.example.test/v1/thing/"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock() as mock:
        yield mock


def _send(method: str = "GET", **options: object) -> requests.Response:
    call: dict[str, object] = {"timeout": 5.0, "deadline": None, "clock": lambda: 0.0}
    call.update(options)
    return send(new_session(), method, URL, log_as="test call", **call)  # type: ignore[arg-type]


def test_redirects_are_not_followed(rsps: responses.RequestsMock) -> None:
    rsps.add(responses.POST, URL, status=302, headers={"Location": "https://elsewhere.test/"})

    reply = _send("POST", data=b"{}")

    assert reply.status_code == 302
    assert len(rsps.calls) == 1


def test_cookies_from_an_answer_are_not_kept(rsps: responses.RequestsMock) -> None:
    session = new_session()
    rsps.add(responses.GET, URL, json={}, headers={"Set-Cookie": "sid=secret; Path=/"})
    rsps.add(responses.GET, URL, json={})

    for _ in range(2):
        send(session, "GET", URL, timeout=5.0, deadline=None, clock=lambda: 0.0, log_as="call")

    assert len(session.cookies) == 0
    assert "Cookie" not in rsps.calls[1].request.headers


def test_the_timeout_shrinks_to_what_is_left_of_the_deadline(
    rsps: responses.RequestsMock,
) -> None:
    rsps.add(responses.GET, URL, json={})

    _send(timeout=5.0, deadline=102.0, clock=lambda: 100.5)

    assert rsps.calls[0].request.req_kwargs["timeout"] == pytest.approx(1.5)


def test_a_passed_deadline_sends_nothing(rsps: responses.RequestsMock) -> None:
    with pytest.raises(OutOfTime):
        _send(deadline=100.0, clock=lambda: 100.0)

    assert len(rsps.calls) == 0


def test_a_timeout_cut_short_by_the_deadline_is_out_of_time(
    rsps: responses.RequestsMock,
) -> None:
    rsps.add(responses.GET, URL, body=requests.exceptions.ReadTimeout())
    rsps.add(responses.GET, URL, body=requests.exceptions.ReadTimeout())

    with pytest.raises(OutOfTime):
        _send(timeout=5.0, deadline=101.0, clock=lambda: 100.0)
    with pytest.raises(requests.exceptions.ReadTimeout):  # the call's own timeout
        _send(timeout=5.0, deadline=110.0, clock=lambda: 100.0)
