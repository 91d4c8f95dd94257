"""The record card's wiring, live: small, and every button able to rebuild its card."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from addon.registry import registry
from sandbox.demo_data.constants import KNOWN_SENDER
from tests.addon_client import action_of, find_button, notification, split_function
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.editing import make_lead, open_lead, tap

# Bytes of compact JSON, the whole response: a budget that catches a card growing by accident.
# Close's next step (guidance, comments, sequences) earned it room; each button costs its
# signed action URL (about 150 bytes), so the budget grows only with what a user sees.
MAX_RECORD_CARD = 16_500


def _actions(node: Any) -> Iterator[dict[str, Any]]:
    """Yield every action on a card: buttons' and lines' onClick, switches' onChangeAction."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "onClick" and "action" in value:
                yield value["action"]
            elif key == "onChangeAction":
                yield value
            else:
                yield from _actions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _actions(value)


def test_the_known_senders_card_is_small_and_every_button_fits_its_handler(
    gmail: Browser,
) -> None:
    gmail.open("known-sender")
    body = gmail.trigger("/message")  # the whole response, as Gmail receives it
    size = len(json.dumps(body, separators=(",", ":")).encode())
    assert size <= MAX_RECORD_CARD, size

    actions = list(_actions(card_of(body)))
    assert len(actions) >= 30  # the richest record card: every section has its buttons
    for act in actions:
        name, arguments = split_function(act["function"], act.get("parameters", []))
        # Raises BadArguments (a 400 when pressed) if the button does not fit its handler.
        registry.lookup("callback", name).parse(arguments)
    # No names ride along: handlers read them from the record.
    carried = " ".join(act["function"] for act in actions)
    assert "lead_name" not in carried and "contact_name" not in carried and "who=" not in carried


def _press_by_url(gmail: Browser, button: dict[str, Any]) -> dict[str, Any]:
    """Press a button as Gmail does: its function URL called as given, query included."""
    function = button["onClick"]["action"]["function"]
    path = function.removeprefix(gmail.live.base_url)
    status, body = gmail.post(path)
    assert status == 200, body
    return body


def test_buttons_carry_their_arguments_in_the_url_alone(gmail: Browser) -> None:
    card = gmail.open("known-sender")
    older = find_button(card, "Older")
    assert "parameters" not in older["onClick"]["action"]
    page = card_of(_press_by_url(gmail, older))
    assert page["name"] == "activities" and "Activities 9–" in card_text(page)

    refreshed = _press_by_url(gmail, find_button(card, "Refresh"))
    assert notification(refreshed) == "Refreshed from Close"
    assert card_text(card_of(refreshed)) == card_text(card)

    form = card_of(_press_by_url(gmail, find_button(card, "Note")))
    assert form["header"]["subtitle"] == f"{KNOWN_SENDER.name} · {KNOWN_SENDER.lead_name}"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        # A creating form's Save without its form id could create twice: refused.
        ("/actions/add_note?lead_id=lead_1", "form_id"),
        # An empty or odd lead id never reaches a Close URL.
        ("/actions/note_form?lead_id=", "lead_id"),
        ("/actions/log_email?lead_id=lead_1/../../user/", "lead_id"),
        ("/actions/show_match?index=2", "email"),
        ("/actions/activities_page?lead_id=lead_1&skip=-8", "skip"),
        ("/actions/refresh", "a refresh names a person or a lead"),
    ],
)
def test_arguments_that_name_no_record_are_a_400(gmail: Browser, path: str, reason: str) -> None:
    gmail.open("known-sender")
    status, body = gmail.post(path)
    assert status == 400
    assert body["error"] == "bad_parameters" and reason in body["reason"]


def test_every_editable_line_shows_its_edit_button(gmail: Browser) -> None:
    card = gmail.open("known-sender")
    edits = {"edit_field", "edit_opportunity"}
    lines = [
        w["decoratedText"] for s in card["sections"] for w in s["widgets"] if "decoratedText" in w
    ]
    editable = [d for d in lines if "button" in d and action_of(d["button"])[0] in edits]
    tops = {d.get("topLabel") for d in editable}
    # The contact's and the lead's own lines, a phone, a custom field and an opportunity.
    for top in ("Contact", "Title", "Lead", "Lead status", "Website", "Description", "AE Notes"):
        assert top in tops, (top, card_text(card))
    fields = {action_of(d["button"])[1].get("field") for d in editable}
    assert {"emails", "phones"} <= fields
    assert any(action_of(d["button"])[0] == "edit_opportunity" for d in editable)
    assert all(d["button"]["text"] == "Edit" for d in editable)
    # No line hides an edit behind a bare tap: the same button is on every one.
    assert not [d for d in lines if "action" in d.get("onClick", {}) and action_of(d)[0] in edits]


def _activity_lines(card: dict[str, Any]) -> list[dict[str, Any]]:
    latest = next(s for s in card["sections"] if s.get("header") == "Latest activity")
    return [w["decoratedText"] for w in latest["widgets"] if "decoratedText" in w]


def test_an_activity_opens_to_its_whole_text_with_a_link_into_close(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    words = " ".join(f"Point {n} of the procurement call." for n in range(1, 40))
    api(live, "POST", "activity/note/", {"lead_id": lead["id"], "note": f"{words}\nThe end."})
    email = {
        "lead_id": lead["id"],
        "status": "inbox",
        "sender": "dana@brightlane.example",
        "subject": "Security review",
        "body_text": "Hi Alex,\nthe review is done.\nDana",
    }
    api(live, "POST", "activity/email/", email)
    card = open_lead(gmail, live, lead["id"])
    mail, note = _activity_lines(card)[:2]

    # Cut at one length, with an ellipsis; the line opens the whole activity.
    assert note["text"].endswith("…") and len(note["text"]) <= 200
    whole = tap(gmail, note)
    assert whole["name"] == "activity" and whole["header"]["title"] == "Note"
    text = card_text(whole)
    assert words in text.replace("<br>", "\n") and "The end." in text
    link = find_button(whole, "Open in Close")["onClick"]["openLink"]["url"]
    assert link.endswith(f"/lead/{lead['id']}/")

    opened = card_text(tap(gmail, mail))
    assert "Security review" in opened and "Hi Alex,<br>the review is done.<br>Dana" in opened


def test_an_activity_with_nothing_more_to_read_does_not_open(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    api(live, "POST", "activity/note/", {"lead_id": lead["id"], "note": "Short and whole."})
    note = _activity_lines(open_lead(gmail, live, lead["id"]))[0]
    assert note["text"] == "Short and whole." and "onClick" not in note
