"""The header cache: per user and message, bounded, and never shared across users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from addon.gmail import GmailNotFound

from .fakes import BASE, URL, fetch, message, new_client


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(URL, json=message())
        for number in range(1, 4):
            url = f"{BASE}gmail/v1/users/me/messages/m{number}"
            mock.get(url, json=message(message_id=f"m{number}"))
        yield mock


def test_a_second_fetch_for_the_same_user_makes_no_call(rsps: responses.RequestsMock) -> None:
    client = new_client()

    first = fetch(client)
    second = fetch(client, oauth_token="a-later-token", access_token="another-message-token")

    assert second == first
    assert len(rsps.calls) == 1


def test_another_users_same_message_is_fetched_again(rsps: responses.RequestsMock) -> None:
    client = new_client()

    fetch(client, user_key="user-1")
    fetch(client, user_key="user-2")

    assert len(rsps.calls) == 2


def test_the_least_recently_used_message_is_evicted_at_the_bound(
    rsps: responses.RequestsMock,
) -> None:
    client = new_client(cache_size=2)
    fetch(client, message_id="m1")
    fetch(client, message_id="m2")
    fetch(client, message_id="m1")  # a hit: m2 is now the oldest
    assert len(rsps.calls) == 2

    fetch(client, message_id="m3")  # evicts m2
    fetch(client, message_id="m1")
    assert len(rsps.calls) == 3

    fetch(client, message_id="m2")
    assert [str(call.request.url).split("?")[0].rsplit("/", 1)[1] for call in rsps.calls] == [
        "m1",
        "m2",
        "m3",
        "m2",
    ]


def test_forget_drops_one_entry(rsps: responses.RequestsMock) -> None:
    client = new_client()
    fetch(client)
    fetch(client, message_id="m1")

    client.forget("user-1", "18f2c0a1b2c3d4e5")
    fetch(client)
    fetch(client, message_id="m1")

    assert len(rsps.calls) == 3


def test_failures_are_not_cached() -> None:
    client = new_client()
    with responses.RequestsMock() as rsps:
        rsps.get(URL, status=404)
        rsps.get(URL, json=message())

        with pytest.raises(GmailNotFound):
            fetch(client)
        fetch(client)
        fetch(client)

        assert len(rsps.calls) == 2
