"""The compose window: Close templates, filled in by Close for the recipient."""

from __future__ import annotations

from html import escape
from typing import Any

from sandbox.demo_data.constants import KNOWN_SENDER
from tests.addon_client import action_of, find_button
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live


def test_templates_are_listed_and_filled_in_for_a_known_recipient(
    gmail: Browser, live: Live
) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    text = card_text(card)
    assert card["header"]["title"] == "Close templates"
    assert f"{KNOWN_SENDER.name} ({KNOWN_SENDER.lead_name})" in text
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    visible = live.http.get(
        f"{live.base_url}/sandbox/close/api/v1/email_template/",
        params={"is_archived": "false"},
        auth=(key, ""),
    ).json()["data"]
    names = {t["name"] for t in visible}
    assert names and all(name in text for name in names)
    name, params = action_of(find_button(card, "Insert"))
    assert params["lead_id"] and params["contact_id"]
    reply = gmail.click(name, params=params)
    markup = reply["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    inserted = markup["updateBody"]["insertContents"][0]
    assert inserted["contentType"] == "MUTABLE_HTML"
    assert "{{" not in inserted["content"] and "{{" not in markup.get("updateSubject", {}).get(
        "subject", ""
    )
    # The name on the toast is read from Close, not carried in the button.
    assert "template_name" not in params
    template = _close(live, f"email_template/{params['template_id']}/")
    toast = reply["renderActions"]["action"]["notification"]["text"]
    assert toast.startswith(f"Inserted “{template['name']}”")


def _close(live: Live, path: str, **params: str) -> Any:
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    url = f"{live.base_url}/sandbox/close/api/v1/{path}"
    return live.http.get(url, params=params, auth=(key, "")).json()


def _draft(reply: dict[str, Any]) -> dict[str, Any]:
    markup = reply["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    return markup  # type: ignore[no-any-return]


def _insert_buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    widgets = [w for s in card["sections"] for w in s.get("widgets", [])]
    lines = [w["decoratedText"] for w in widgets if "decoratedText" in w]
    return [line["button"] for line in lines if line.get("button", {}).get("text") == "Insert"]


def test_a_recipient_in_close_gets_closes_rendering(gmail: Browser, live: Live) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    name, params = action_of(find_button(card, "Insert"))
    rendered = _close(
        live,
        f"email_template/{params['template_id']}/render/",
        lead_id=params["lead_id"],
        contact_id=params["contact_id"],
    )
    markup = _draft(gmail.click(name, params=params))
    content = markup["updateBody"]["insertContents"][0]["content"]
    assert content == "<br>".join(escape(line) for line in rendered["body"].splitlines())
    assert markup["updateSubject"]["subject"] == rendered["subject"]


def test_a_second_insert_starts_on_a_new_line_and_keeps_the_subject(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    name, params = action_of(find_button(card, "Insert"))
    first = _draft(gmail.click(name, params=params))
    second = _draft(gmail.click(name, params=params))
    assert first["updateSubject"]["subject"]
    assert not first["updateBody"]["insertContents"][0]["content"].startswith("<br>")
    assert "updateSubject" not in second
    assert second["updateBody"]["insertContents"][0]["content"].startswith("<br>")


def test_an_unknown_recipient_gets_the_users_name_and_no_raw_variables(
    gmail: Browser, live: Live
) -> None:
    body = gmail.trigger("/compose", compose_to=["someone@nowhere.example"])
    card = body["action"]["navigations"][0]["pushCard"]
    assert "someone@nowhere.example</b> is not in Close" in card_text(card)
    insert = next(
        b
        for b in _insert_buttons(card)
        if "user.first_name"
        in _close(live, f"email_template/{action_of(b)[1]['template_id']}/")["body"]
    )
    name, params = action_of(insert)
    assert "lead_id" not in params
    asked = gmail.click(name, params=params)
    confirm = asked["renderActions"]["action"]["navigations"][0]["pushCard"]
    listed = card_text(confirm)
    assert "contact.first_name" in listed and "user.first_name" not in listed
    template = _close(live, f"email_template/{params['template_id']}/")
    assert f"<b>{escape(template['name'])}</b> has variables" in listed
    assert "hostAppAction" not in asked["renderActions"]
    name, params = action_of(find_button(confirm, "Insert anyway (left blank)"))
    markup = _draft(gmail.click(name, params=params))
    content = markup["updateBody"]["insertContents"][0]["content"]
    subject = markup.get("updateSubject", {}).get("subject", "")
    assert "{{" not in content and "}}" not in content and "{{" not in subject
    assert _close(live, "me/")["first_name"] in content
