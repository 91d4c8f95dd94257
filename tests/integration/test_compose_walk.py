"""The compose window as a salesperson meets it: two inserts read as two paragraphs, and
a recipient who is not in Close is named rather than asked for."""

from __future__ import annotations

import re
from typing import Any

from sandbox.demo_data.constants import KNOWN_SENDER
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser


def _content(reply: dict[str, Any]) -> str:
    markup = reply["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    return markup["updateBody"]["insertContents"][0]["content"]  # type: ignore[no-any-return]


def test_a_later_insert_starts_after_a_blank_line(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    name, params = action_of(find_button(card, "Insert"))
    first = _content(gmail.click(name, params=params))
    second = _content(gmail.click(name, params=params))
    # The first ends with a sign-off; the second's "Hi Dana," must not sit right under it.
    assert not first.startswith("<br>")
    assert second == f"<br><br>{first}"


def test_a_recipient_not_in_close_is_named_not_asked_for(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=["Pat Doe <pat@nowhere-inc.example>"])
    text = re.sub(r"<[^>]+>", "", card_text(body["action"]["navigations"][0]["pushCard"]))
    assert "pat@nowhere-inc.example is not in Close" in text
    assert "Add a recipient" not in text


def test_a_draft_without_recipient_asks_for_one(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=[])
    text = card_text(body["action"]["navigations"][0]["pushCard"])
    assert "Add a recipient who is in Close" in text
    assert "is not in Close" not in text


def test_whom_the_templates_are_filled_in_for_is_said_once(gmail: Browser) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    person = f"{KNOWN_SENDER.name} ({KNOWN_SENDER.lead_name})"
    assert card["header"]["subtitle"] == "Insert into this email"
    assert card_text(card).count(person) == 1


def test_the_suggested_reply_after_a_template_keeps_the_subject_and_says_so(
    gmail: Browser,
) -> None:
    body = gmail.trigger("/compose", compose_to=[f"Dana <{KNOWN_SENDER.email}>"])
    card = body["action"]["navigations"][0]["pushCard"]
    name, params = action_of(find_button(card, "Insert"))
    gmail.click(name, params=params)
    name, params = action_of(find_button(card, "Insert suggested reply"))
    reply = gmail.click(name, params=params)
    markup = reply["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    assert "updateSubject" not in markup
    assert _content(reply).startswith("<br><br>")
    assert notification(reply) == "Inserted Close's suggested reply"
