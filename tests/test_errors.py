"""Close failing in every documented way shows a card that says what to do; never a 500."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from tests.addon_client import Gmail, action_of, cards, find_button
from tests.cardcheck import card_text
from tests.conftest import CLOSE_API
from tests.test_flow import API_KEY, connect


@pytest.mark.parametrize(
    ("reply", "title", "advice"),
    [
        (
            {
                "status": 429,
                "json": {},
                "headers": {"RateLimit": "limit=16; remaining=0; reset=42"},
            },
            "Close needs a moment",
            "Wait 42 seconds",
        ),
        ({"status": 402, "json": {"error": "plan"}}, "Close plan limit reached", "upgrade"),
        ({"status": 403, "json": {"error": "no"}}, "Not allowed in Close", "admin"),
        ({"status": 503, "body": "<html>down</html>"}, "Close is unavailable", "Try again"),
        ({"status": 200, "body": "{not json"}, "Close is unavailable", "Try again"),
        (
            {"body": requests.exceptions.ConnectionError("refused")},
            "Close is unavailable",
            "Try again",
        ),
    ],
)
def test_close_failure_while_connecting_shows_its_card(
    gmail: Gmail, upstream: responses.RequestsMock, reply: dict, title: str, advice: str
) -> None:
    upstream.get(CLOSE_API + "me/", **reply)
    body = gmail.click("connect", form={"api_key": API_KEY})
    (card,) = cards(body)
    assert card["header"]["title"] == title
    assert advice in card_text(card)
    assert API_KEY not in json.dumps(body)


def test_retry_runs_the_action_again_and_drops_the_error_card(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.get(CLOSE_API + "me/", status=503)
    # Connect again with a key that Close now fails on: error card with a retry button.
    failing = gmail.click("connect", form={"api_key": API_KEY})
    retry = find_button(cards(failing)[0], "Try again")
    name, params = action_of(retry)
    assert (name, params["name"], params["kind"]) == ("retry", "connect", "callback")


def test_unexpected_crash_is_a_card_not_a_500(
    gmail: Gmail, upstream: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(gmail, upstream)
    from addon.screens.settings import card as settings_cards

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail that must not leak")

    monkeypatch.setattr(settings_cards, "settings_card", boom)
    body = gmail.trigger("/menu/settings")
    card = cards(body)[0]
    assert card["header"]["title"] == "Something went wrong"
    assert "secret detail" not in json.dumps(body)
    name, params = action_of(find_button(card, "Try again"))
    assert (name, params["kind"], params["name"]) == ("retry", "trigger", "menu_settings")
    monkeypatch.undo()
    again = gmail.click(name, params=params)
    navigation = again["renderActions"]["action"]["navigations"][0]
    assert navigation["updateCard"]["name"] == "settings"
