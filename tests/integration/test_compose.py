"""The compose window: Close templates, filled in by Close for the recipient."""

from __future__ import annotations

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
    assert reply["renderActions"]["action"]["notification"]["text"].startswith("Inserted")


def test_templates_without_a_known_recipient_are_inserted_as_written(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=["someone@nowhere.example"])
    card = body["action"]["navigations"][0]["pushCard"]
    assert "Add a recipient who is in Close" in card_text(card)
    name, params = action_of(find_button(card, "Insert"))
    assert "lead_id" not in params
    reply = gmail.click(name, params=params)
    assert reply["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
