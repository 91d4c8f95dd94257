"""Every fault the Close emulator can inject shows a card that says what to do, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.addon_client import action_of, find_button
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, card_of


@pytest.mark.parametrize(
    ("faults", "title", "advice"),
    [
        ({"error_rate": {"status": 503, "rate": 1.0}}, "Close is unavailable", "Try again"),
        ({"error_rate": {"status": 500, "rate": 1.0}}, "Close is unavailable", "Try again"),
        ({"malformed_rate": 1.0}, "Close is unavailable", "Try again"),
        ({"latency_ms": 5000}, "Close is slow", "Try again"),
        ({"hang_ms": 30000}, "Close is slow", "Try again"),
        ({"rate_limit_burst": 50, "paths": ["/data/search/"]}, "Close needs a moment", "Wait"),
        ({"error_rate": {"status": 402, "rate": 1.0}}, "Close plan limit reached", "upgrade"),
        ({"error_rate": {"status": 403, "rate": 1.0}}, "Not allowed in Close", "admin"),
    ],
)
def test_fault_on_open_shows_its_card(
    gmail: Browser, live: Live, faults: dict[str, Any], title: str, advice: str
) -> None:
    live.faults(**faults)
    card = gmail.open("known-sender")
    assert card["header"]["title"] == title
    assert advice in card_text(card)


def test_retry_after_the_fault_clears_shows_the_record(gmail: Browser, live: Live) -> None:
    live.faults(error_rate={"status": 503, "rate": 1.0})
    card = gmail.open("known-sender")
    name, params = action_of(find_button(card, "Try again"))
    live.faults()
    body = gmail.click(name, params=params)
    navigation = body["renderActions"]["action"]["navigations"][0]
    assert navigation["updateCard"]["name"] == "record"


def test_revoked_key_asks_to_reconnect(live: Live) -> None:
    from sandbox.demo_data.constants import COWORKERS

    coworker = COWORKERS[1]
    browser = Browser(live, email=coworker.email)
    browser.click("connect", form={"api_key": coworker.api_key})
    state = live.sandbox.close
    with state.lock:
        owner = state.api_keys.pop(coworker.api_key)
    try:
        live.cold()
        card = browser.open_home()
        assert card["header"]["title"] == "Reconnect to Close"
        name, _ = action_of(find_button(card, "Reconnect"))
        welcome = card_of(browser.click(name))
        assert welcome["name"] == "welcome"
    finally:
        with state.lock:
            state.api_keys[coworker.api_key] = owner


def test_wrong_gmail_token_asks_to_reopen(gmail: Browser, live: Live) -> None:
    messages = live.http.get(f"{live.base_url}/sandbox/gmail/messages").json()
    gmail.message_id = next(m["id"] for m in messages if m["case"] == "known-sender")
    status, _ = gmail.post("/message")
    assert status == 200
    # Tamper: a per-message token issued for another message is refused by Gmail.
    other = next(m["id"] for m in messages if m["case"] == "outgoing")
    url = f"{live.base_url}/message"
    tokens = live.http.post(
        f"{live.base_url}/sandbox/google/tokens",
        json={"email": gmail.email, "audience": url, "messageId": other},
    ).json()
    event = {
        "commonEventObject": {"hostApp": "GMAIL", "platform": "WEB"},
        "authorizationEventObject": {
            k: tokens[k] for k in ("userOAuthToken", "userIdToken", "systemIdToken")
        },
        "gmail": {"messageId": gmail.message_id, "accessToken": tokens["accessToken"]},
    }
    live.cold()
    reply = live.http.post(
        url, json=event, headers={"Authorization": f"Bearer {tokens['systemIdToken']}"}
    )
    card = reply.json()["action"]["navigations"][0]["pushCard"]
    assert card["header"]["title"] == "Reopen the email"


def test_a_hung_search_ends_at_the_deadline_with_a_card(gmail: Browser, live: Live) -> None:
    # The hang (30 s) is far longer than the request deadline (3 s here): the answer is
    # the "slow" card, which the add-on gives only once its own deadline has passed.
    live.faults(hang_ms=30000, paths=["/data/search/"])
    card = gmail.open("known-sender")
    assert card["header"]["title"] == "Close is slow"
    assert "Try again" in card_text(card)


def test_a_spent_search_window_is_waited_out_within_the_deadline(
    gmail: Browser, live: Live
) -> None:
    # Two searches per 1.5 s, both spent: the add-on's search answers 429 with a reset well
    # inside the request deadline, so the client waits it out and the user sees the record.
    limits = {"search_limit": 2, "search_window_s": 1.5}
    live.http.post(f"{live.base_url}/sandbox/close/_ratelimits", json=limits)
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    body = {"query": {"type": "object_type", "object_type": "lead"}, "_limit": 1}
    for _ in range(2):
        live.http.post(
            f"{live.base_url}/sandbox/close/api/v1/data/search/", json=body, auth=(key, "")
        )
    live.reset_stats()
    card = gmail.open("known-sender")
    assert card["name"] == "record"
    assert live.stats()["POST /data/search/"] == 2  # refused once, then answered
