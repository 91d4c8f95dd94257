"""GmailClient over HTTP: the exact request, typed errors, one retry and the deadline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import responses

from addon.gmail import (
    GmailAuthError,
    GmailClient,
    GmailDeadlineExceeded,
    GmailError,
    GmailNotFound,
    GmailUnavailable,
)

from .fakes import ACCESS, BASE, MESSAGE_ID, OAUTH, URL, FakeClock, fetch, message, new_client

EXPECTED_QUERY = [
    ("format", "metadata"),
    *(
        ("metadataHeaders", name)
        for name in (
            "From",
            "To",
            "Cc",
            "Reply-To",
            "Subject",
            "Date",
            "Message-ID",
            "List-Id",
            "List-Unsubscribe",
            "Precedence",
            "Auto-Submitted",
        )
    ),
]


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(clock: FakeClock) -> GmailClient:
    return new_client(clock, timeout=5.0)


def test_one_metadata_get_with_both_tokens(
    rsps: responses.RequestsMock, client: GmailClient
) -> None:
    rsps.get(URL, json=message())

    headers = fetch(client)

    request = rsps.calls[0].request
    assert request.url is not None
    url = urlsplit(request.url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == URL
    assert parse_qsl(url.query) == EXPECTED_QUERY
    assert request.headers["Authorization"] == f"Bearer {OAUTH}"
    assert request.headers["X-Goog-Gmail-Access-Token"] == ACCESS
    assert request.req_kwargs["timeout"] == 5.0
    assert headers.sender is not None and headers.sender.email == "juergen.mueller@kunde.de"
    assert headers.subject == "Angebot für Q3 \u2013 Verlängerung"


def test_message_id_is_one_escaped_path_segment(
    rsps: responses.RequestsMock, client: GmailClient
) -> None:
    rsps.get(f"{BASE}gmail/v1/users/me/messages/msg-f%3A1234%2F..%3F", json=message())

    fetch(client, message_id="msg-f:1234/..?")

    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, GmailAuthError),
        (403, GmailAuthError),
        (404, GmailNotFound),
        (400, GmailError),
        (429, GmailUnavailable),
    ],
)
def test_error_statuses_map_to_typed_errors_without_retry(
    rsps: responses.RequestsMock, client: GmailClient, status: int, error: type[GmailError]
) -> None:
    rsps.get(URL, status=status, json={"error": {"code": status, "message": "nope"}})

    with pytest.raises(GmailError) as caught:
        fetch(client)

    assert type(caught.value) is error
    assert caught.value.status == status
    assert len(rsps.calls) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_retried_once(
    rsps: responses.RequestsMock, client: GmailClient, status: int
) -> None:
    rsps.get(URL, status=status)
    rsps.get(URL, json=message())

    assert fetch(client).message_id == MESSAGE_ID
    assert len(rsps.calls) == 2


def test_two_server_errors_give_up_after_the_retry(
    rsps: responses.RequestsMock, client: GmailClient
) -> None:
    rsps.get(URL, status=503)
    rsps.get(URL, status=500)

    with pytest.raises(GmailUnavailable) as caught:
        fetch(client)

    assert type(caught.value) is GmailUnavailable
    assert caught.value.status == 500
    assert len(rsps.calls) == 2


def test_a_connection_error_is_retried_once(
    rsps: responses.RequestsMock, client: GmailClient
) -> None:
    rsps.get(URL, body=requests.ConnectionError("connection reset"))
    rsps.get(URL, json=message())

    assert fetch(client).message_id == MESSAGE_ID
    assert len(rsps.calls) == 2


def test_a_read_timeout_is_not_retried(rsps: responses.RequestsMock, client: GmailClient) -> None:
    rsps.get(URL, body=requests.exceptions.ReadTimeout("read timed out"))

    with pytest.raises(GmailUnavailable) as caught:
        fetch(client)

    assert type(caught.value) is GmailUnavailable
    assert len(rsps.calls) == 1


def test_no_retry_when_the_deadline_is_too_close(
    rsps: responses.RequestsMock, client: GmailClient, clock: FakeClock
) -> None:
    rsps.get(URL, status=503)

    with pytest.raises(GmailUnavailable):
        fetch(client, deadline=clock.now + 0.1)

    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    "reply",
    [
        {"body": "<html>502 Bad Gateway</html>", "status": 200},
        {"body": '{"id": "18f2c0a1b2c3d4e5", "payload": {"head', "status": 200},
        {"json": ["not", "an", "object"]},
        {"json": {"id": MESSAGE_ID, "payload": {}}},
    ],
)
def test_an_unreadable_reply_is_unavailable(
    rsps: responses.RequestsMock, client: GmailClient, reply: dict[str, Any]
) -> None:
    rsps.get(URL, **reply)

    with pytest.raises(GmailUnavailable):
        fetch(client)


def test_a_past_deadline_sends_nothing(
    rsps: responses.RequestsMock, client: GmailClient, clock: FakeClock
) -> None:
    with pytest.raises(GmailDeadlineExceeded):
        fetch(client, deadline=clock.now - 0.001)

    assert len(rsps.calls) == 0


def test_timeout_shrinks_to_the_time_left(
    rsps: responses.RequestsMock, client: GmailClient, clock: FakeClock
) -> None:
    rsps.get(URL, json=message())

    fetch(client, deadline=clock.now + 1.5)

    assert rsps.calls[0].request.req_kwargs["timeout"] == pytest.approx(1.5)


def test_a_timeout_cut_short_by_the_deadline_says_so(
    rsps: responses.RequestsMock, client: GmailClient, clock: FakeClock
) -> None:
    rsps.get(URL, body=requests.exceptions.ReadTimeout("read timed out"))

    with pytest.raises(GmailDeadlineExceeded):
        fetch(client, deadline=clock.now + 1.5)


@pytest.mark.parametrize("tokens", [{"oauth_token": ""}, {"access_token": ""}])
def test_a_missing_token_fails_without_a_call(
    rsps: responses.RequestsMock, client: GmailClient, tokens: dict[str, str]
) -> None:
    with pytest.raises(GmailAuthError):
        fetch(client, **tokens)

    assert len(rsps.calls) == 0


@pytest.mark.parametrize("ids", [{"user_key": ""}, {"message_id": ""}, {"message_id": ".."}])
def test_blank_ids_are_a_programming_error(client: GmailClient, ids: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        fetch(client, **ids)
