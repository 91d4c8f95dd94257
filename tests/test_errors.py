"""Close failing in every documented way shows a card that says what to do; never a 500."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

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
    from addon.screens import settings

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail that must not leak")

    monkeypatch.setattr(settings, "settings_card", boom)
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


def test_try_again_runs_the_failed_button_with_its_arguments(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.post(CLOSE_API + "data/search/", status=503)
    # Search again, from a results card, for what a person card asks for.
    failing = gmail.click("search", params={"query": "Brightlane", "again": "1"})
    name, params = action_of(find_button(cards(failing)[0], "Try again"))
    assert (name, params["kind"], params["name"]) == ("retry", "callback", "search")
    assert parse_qs(params["args"]) == {"again": ["1"], "query": ["Brightlane"]}

    found = {"data": [{"id": "lead_1", "display_name": "Brightlane Logistics"}]}
    upstream.replace(responses.POST, CLOSE_API + "data/search/", json=found)
    navigations = gmail.click(name, params=params)["renderActions"]["action"]["navigations"]
    # The error card goes, and the results replace the ones it was pressed on.
    assert navigations[0] == {"pop": True}
    assert "Results for “Brightlane”" in card_text(navigations[1]["updateCard"])
    assert "Brightlane Logistics" in card_text(navigations[1]["updateCard"])


def test_try_again_keeps_arguments_that_came_in_the_action_url(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.post(CLOSE_API + "data/search/", status=503)
    # Buttons carry their arguments in the action URL's query, as click() writes them.
    response = gmail.post("/actions/search?query=Brightlane&again=1", gmail.event())
    name, params = action_of(find_button(cards(response.get_json())[0], "Try again"))
    assert (name, params["name"]) == ("retry", "search")
    assert parse_qs(params["args"]) == {"again": ["1"], "query": ["Brightlane"]}


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"kind": "callback", "name": "launch_missiles"}, "no callback is named"),
        ({"kind": "callback", "name": "insert_template", "args": "template_id=../lead"}, "args"),
        ({"kind": "sideways", "name": "search"}, "kind"),
        ({"name": "search"}, "kind"),
    ],
)
def test_a_retry_that_fits_no_route_is_a_400(
    gmail: Gmail, upstream: responses.RequestsMock, params: dict[str, str], reason: str
) -> None:
    connect(gmail, upstream)
    response = gmail.post("/actions/retry", gmail.event(params=params))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "bad_parameters" and reason in answer["reason"]
