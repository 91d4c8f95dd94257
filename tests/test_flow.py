"""Welcome → key → connected → settings → disconnect, through the HTTP routes."""

from __future__ import annotations

import base64
import json
import logging

import pytest
import responses
from flask import Flask

from sandbox.google import TokenIssuer
from tests.addon_client import Gmail, action_of, cards, find_button, notification
from tests.cardcheck import card_text
from tests.conftest import CLOSE_API

API_KEY = "api_4ZGt8Yw1.3nJq9sSECRETpart7Xk"
ME = {
    "id": "user_ann",
    "email": "Ann.Rep@ourco.example",
    "first_name": "Ann",
    "last_name": "Rep",
    "organizations": [{"id": "orga_1", "name": "OurCo Sales"}],
}


def _me_ok(upstream: responses.RequestsMock, key: str = API_KEY) -> None:
    auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    upstream.get(
        CLOSE_API + "me/",
        json=ME,
        match=[responses.matchers.header_matcher({"Authorization": auth})],
    )


def connect(gmail: Gmail, upstream: responses.RequestsMock, key: str = API_KEY) -> dict:
    _me_ok(upstream, key)
    return gmail.click("connect", form={"api_key": f"  {key}\n"})


def test_first_open_shows_welcome_with_key_howto(gmail: Gmail) -> None:
    body = gmail.trigger("/message")
    (card,) = cards(body)
    text = card_text(card)
    assert "Settings → Developer → API Keys" in text
    link = find_button(card, "Open API keys in Close")["onClick"]["openLink"]["url"]
    assert link == "https://app.close.com/settings/developer/api-keys/"
    name, _ = action_of(find_button(card, "Connect"))
    assert name == "connect"


def test_connect_checks_key_and_shows_the_homepage_in_place_of_the_welcome(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    upstream.get(CLOSE_API + "task/", json={"data": []})
    body = connect(gmail, upstream)
    (card,) = cards(body)
    assert "updateCard" in body["renderActions"]["action"]["navigations"][0]
    # The homepage itself, not a confirmation that would come back on every return to it.
    assert card["name"] == "home"
    assert card["header"]["subtitle"] == "Ann Rep · OurCo Sales"
    assert find_button(card, "Search")
    assert notification(body) == "Connected to Close"
    assert body["stateChanged"] is True
    assert API_KEY not in json.dumps(body)
    # Once connected, the homepage no longer asks for a key.
    home = cards(gmail.trigger("/homepage"))[0]
    assert home["name"] != "welcome"


def test_connect_confirms_with_identity_when_close_cannot_list_tasks(
    gmail: Gmail, upstream: responses.RequestsMock, app: Flask
) -> None:
    upstream.get(CLOSE_API + "task/", status=503, json={"error": "down"})
    body = connect(gmail, upstream)
    (card,) = cards(body)
    assert card["name"] == "connected"
    text = card_text(card)
    assert "Ann Rep" in text and "ann.rep@ourco.example" in text and "OurCo Sales" in text
    assert notification(body) == "Connected to Close"
    assert app.extensions["close_addon"].services.store.get(gmail.issuer_user_sub()) is not None


def test_refused_key_reshows_form_without_echoing_it(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    upstream.get(CLOSE_API + "me/", status=401, json={"error": "bad key"})
    body = gmail.click("connect", form={"api_key": "api_abc.wrongsecret"})
    (card,) = cards(body)
    assert card["name"] == "welcome"
    assert "Close did not accept this API key." in card_text(card)
    assert "api_abc.wrongsecret" not in json.dumps(body)
    assert "Connected" not in card_text(cards(gmail.trigger("/homepage"))[0])


def test_key_id_without_secret_gets_a_tip_and_no_close_call(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    body = gmail.click("connect", form={"api_key": "api_7b8KOSMa0OevK9qJvT6F9s"})
    assert "key ID only" in card_text(cards(body)[0])
    assert not [c for c in upstream.calls if c.request.url.startswith(CLOSE_API)]


def test_settings_change_is_kept_and_disconnect_deletes_key(
    gmail: Gmail, upstream: responses.RequestsMock, app: Flask
) -> None:
    connect(gmail, upstream)
    settings = cards(gmail.trigger("/menu/settings"))[0]
    assert settings["name"] == "settings"
    save_name, _ = action_of(find_button(settings, "Save"))
    body = gmail.click(
        save_name,
        form={
            "view": "contact",
            "sections": ["tasks", "activities"],
            "activities_per_page": "15",
            "create_initial_opportunity": "on",
            "aliases": "ann@personal.example\nANN.R@ourco.example",
        },
    )
    assert notification(body) == "Settings saved"
    stored = app.extensions["close_addon"].services.store.get(gmail.issuer_user_sub())
    assert stored.view == "contact"
    assert stored.sections == frozenset({"tasks", "activities"})
    assert stored.activities_per_page == 15
    assert stored.immediate_updates is False  # the switch was left off
    assert stored.create_initial_opportunity is True
    assert stored.aliases == ("ann@personal.example", "ann.r@ourco.example")
    # Reopening settings shows what was saved.
    again = cards(gmail.trigger("/menu/settings"))[0]
    radio = _widget(again, "view")
    assert [i["value"] for i in radio["items"] if i["selected"]] == ["contact"]
    assert "ann@personal.example" in card_text(again)

    confirm = cards(gmail.click("confirm_disconnect"))[0]
    assert "OurCo Sales" in card_text(confirm)
    body = gmail.click("disconnect")
    navs = body["renderActions"]["action"]["navigations"]
    assert navs[0] == {"popToRoot": True}
    assert navs[1]["updateCard"]["name"] == "welcome"
    assert app.extensions["close_addon"].services.store.get(gmail.issuer_user_sub()) is None
    assert cards(gmail.trigger("/homepage"))[0]["name"] == "welcome"


def test_invalid_alias_reshows_what_was_typed(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    body = gmail.click("save_settings", form={"view": "lead", "aliases": "not-an-address"})
    card = cards(body)[0]
    assert "not-an-address" in card_text(card)
    assert notification(body) is None


def test_two_users_never_see_each_others_settings(
    gmail: Gmail, upstream: responses.RequestsMock, issuer: TokenIssuer, app: Flask
) -> None:
    connect(gmail, upstream)
    other = Gmail(app.test_client(), issuer, email="bob@otherco.example")
    assert cards(other.trigger("/menu/settings"))[0]["name"] == "welcome"
    assert "OurCo" not in json.dumps(other.trigger("/homepage"))
    # Bob disconnecting removes nothing of Ann's.
    other.click("disconnect")
    assert cards(gmail.trigger("/menu/settings"))[0]["name"] == "settings"


def test_key_never_in_any_response_or_log(
    gmail: Gmail, upstream: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    connect(gmail, upstream)
    gmail.trigger("/menu/settings")
    gmail.click("save_settings", form={"view": "lead", "aliases": "x@y.example"})
    gmail.trigger("/message")
    gmail.click("disconnect")
    everything = json.dumps(gmail.responses) + "\n".join(r.getMessage() for r in caplog.records)
    everything += "\n".join(json.dumps(getattr(r, "fields", {})) for r in caplog.records)
    assert API_KEY not in everything
    assert "3nJq9sSECRETpart7Xk" not in everything
    assert "ann.rep@ourco.example" not in "\n".join(r.getMessage() for r in caplog.records)


def _widget(card: dict, name: str) -> dict:
    for section in card["sections"]:
        for widget in section["widgets"]:
            for body in widget.values():
                if isinstance(body, dict) and body.get("name") == name:
                    return body
    raise AssertionError(name)


def test_connect_keeps_the_users_sending_addresses_as_aliases(
    gmail: Gmail, upstream: responses.RequestsMock, app: Flask
) -> None:
    me = {
        **ME,
        "email_accounts": [
            {"identities": [{"email": "Ann.Rep@ourco.example"}, {"email": "ann@personal.example"}]},
            {"identities": [{"email": "sales@ourco.example"}, {"email": "not an address"}]},
        ],
    }
    upstream.get(CLOSE_API + "me/", json=me)
    gmail.click("connect", form={"api_key": API_KEY})
    stored = app.extensions["close_addon"].services.store.get(gmail.issuer_user_sub())
    assert stored.aliases == ("ann@personal.example", "sales@ourco.example")
