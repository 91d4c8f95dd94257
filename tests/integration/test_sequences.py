"""Sequences on the record card, live: status in words, Pause/Resume, Add to sequence, refusals."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest

from sandbox.demo_data.constants import FREEMAIL_CONTACT, MAIN_USER
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.records import OwnLead, make_lead, open_lead_mail, press

pytestmark = pytest.mark.usefixtures("own_leads")
FOLLOW_UP = "Enterprise follow-up"


def _section(card: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in card["sections"] if s.get("header") == "Sequences")


def _lines(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [w["decoratedText"] for w in section["widgets"] if "decoratedText" in w]


def _sequence_id(live: Live, name: str) -> str:
    return next(s["id"] for s in api(live, "GET", "sequence/")["data"] if s["name"] == name)


def _subscriptions(live: Live, contact_id: str) -> list[dict[str, Any]]:
    return list(api(live, "GET", f"sequence_subscription/?contact_id={contact_id}")["data"])


def _subscribe(live: Live, lead: OwnLead, name: str = FOLLOW_UP) -> str:
    me = api(live, "GET", "me/")
    account = api(live, "GET", f"connected_account/?user_id={me['id']}")["data"][0]
    body = {
        "sequence_id": _sequence_id(live, name),
        "contact_id": lead.contact_ids[0],
        "contact_email": lead.email,
        "sender_account_id": account["id"],
        "sender_name": account["default_identity"]["name"],
        "sender_email": account["default_identity"]["email"],
    }
    return str(api(live, "POST", "sequence_subscription/", body)["id"])


def _confirmation(gmail: Browser, card: dict[str, Any], name: str) -> dict[str, Any]:
    """Press Add to sequence, pick the sequence; return the confirmation card."""
    picker = card_of(press(gmail, card, "Add to sequence"))
    assert picker["name"] == "pick_sequence", card_text(picker)
    line = next(d for d in _lines(picker["sections"][0]) if d["text"] == name)
    action, params = action_of(line)
    return card_of(gmail.click(action, params=params))


def test_the_known_senders_card_names_the_sequence_and_its_status(
    gmail: Browser, live: Live
) -> None:
    card = gmail.open("known-sender")

    (line,) = _lines(_section(card))
    assert (line["text"], line["bottomLabel"]) == (FOLLOW_UP, "Active")
    assert line["button"]["text"] == "Pause"
    assert not any("sequence" in call for call in live.stats())  # nested in the contact


def test_each_state_is_said_in_words(gmail: Browser) -> None:
    # Tom's email is copied to Elena and Aisha: each opens from the thread's people.
    card = gmail.open("several-external")
    people = {
        "Elena Vasquez": ("Paused · reply received", "Resume"),
        "Aisha Rahman": ("Finished", None),
        "Tom Becker": ("Bounced", None),
    }
    seen = {}
    for person in people:
        shown = card if person == "Tom Becker" else _open_participant(gmail, card, person)
        (line,) = _lines(_section(shown))
        seen[person] = (line["bottomLabel"], line.get("button", {}).get("text"))
    assert seen == people


def _open_participant(gmail: Browser, card: dict[str, Any], name: str) -> dict[str, Any]:
    found = [
        w["decoratedText"]
        for s in card["sections"]
        for w in s["widgets"]
        if "decoratedText" in w and name in w["decoratedText"]["text"]
    ]
    action, params = action_of(found[0])
    return card_of(gmail.click(action, params=params))


def test_pause_and_resume_change_the_subscription_in_close(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    sub = _subscribe(live, lead)
    card = open_lead_mail(gmail, live, lead)

    paused = press(gmail, card, "Pause")
    again = press(gmail, card, "Pause")  # a double click: the same change, no harm

    held = api(live, "GET", f"sequence_subscription/{sub}/")
    assert (held["status"], held["status_reason"]) == ("paused", "manual")
    assert notification(paused) == "Sequence paused" and notification(again) == "Sequence paused"
    (line,) = _lines(_section(card_of(paused)))
    assert (line["bottomLabel"], line["button"]["text"]) == ("Paused", "Resume")

    resumed = press(gmail, card_of(paused), "Resume")

    assert api(live, "GET", f"sequence_subscription/{sub}/")["status"] == "active"
    (line,) = _lines(_section(card_of(resumed)))
    assert (line["bottomLabel"], line["button"]["text"]) == ("Active", "Pause")


def test_add_to_sequence_names_sequence_address_and_sender_then_subscribes_once(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    card = open_lead_mail(gmail, live, lead)

    confirm = _confirmation(gmail, card, FOLLOW_UP)

    text = card_text(confirm)
    assert f"Add {lead.person} to {FOLLOW_UP}?" in text
    assert lead.email in text
    assert escape(f"{MAIN_USER.name} <{MAIN_USER.email}>") in text
    assert _subscriptions(live, lead.contact_ids[0]) == []  # nothing before the confirmation

    first = press(gmail, confirm, "Add to sequence")
    second = press(gmail, confirm, "Add to sequence")  # a double submission

    assert live.stats()["POST /sequence_subscription/"] == 1
    (made,) = _subscriptions(live, lead.contact_ids[0])
    assert (made["status"], made["contact_email"]) == ("active", lead.email)
    assert made["sender_email"] == MAIN_USER.email
    assert notification(first) == f"Added to {FOLLOW_UP}"
    (line,) = _lines(_section(card_of(second)))
    assert (line["text"], line["bottomLabel"]) == (FOLLOW_UP, "Active")


def test_the_confirmation_warns_of_an_address_that_bounced_before(gmail: Browser) -> None:
    card = gmail.open("several-external")  # from Tom, whose address bounced in a sequence

    confirm = _confirmation(gmail, card, FOLLOW_UP)  # only asked: the demo stays as it is

    to = next(d for d in _lines(confirm["sections"][0]) if d.get("topLabel") == "To")
    assert "tom.becker@quillfeather.io" in to["text"]
    assert "Bounced in Re-engage quiet leads: check the address first." in to["bottomLabel"]


def test_the_picker_says_which_sequences_they_were_in_before(gmail: Browser) -> None:
    card = gmail.open("several-external")  # from Tom, who bounced in Re-engage quiet leads

    picker = card_of(press(gmail, card, "Add to sequence"))

    lines = {d["text"]: d for d in _lines(picker["sections"][0])}
    assert "Was in it · Bounced" in lines["Re-engage quiet leads"]["bottomLabel"]
    assert "onClick" in lines["Re-engage quiet leads"]  # it may still be picked
    assert "bottomLabel" not in lines[FOLLOW_UP]


def test_no_bounce_warning_for_an_address_that_never_bounced(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    confirm = _confirmation(gmail, open_lead_mail(gmail, live, lead), FOLLOW_UP)

    assert "Bounced" not in card_text(confirm)


def test_cancel_adds_nothing(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    confirm = _confirmation(gmail, open_lead_mail(gmail, live, lead), FOLLOW_UP)

    reply = press(gmail, confirm, "Cancel")

    assert reply["renderActions"]["action"] == {"navigations": [{"pop": True}]}
    assert _subscriptions(live, lead.contact_ids[0]) == []


def test_an_unsubscribed_address_is_marked_and_not_added(gmail: Browser, live: Live) -> None:
    card = gmail.open("freemail-contact")

    email_line = next(
        w["decoratedText"]
        for s in card["sections"]
        for w in s["widgets"]
        if w.get("decoratedText", {}).get("text") == FREEMAIL_CONTACT.email
    )
    assert email_line["bottomLabel"] == "Unsubscribed"
    section = _section(card)
    said = f"{FREEMAIL_CONTACT.email} is unsubscribed in Close: no sequence can email it."
    assert said in card_text({"sections": [section]})
    assert "Add to sequence" not in card_text({"sections": [section]})

    # A card from before the unsubscribe still has the button: pressing it is refused.
    name_line = next(
        w["decoratedText"]
        for s in card["sections"]
        for w in s["widgets"]
        if w.get("decoratedText", {}).get("topLabel") == "Contact"
    )
    _, on_card = action_of(name_line["button"])  # the card's lead, contact and address
    refused = gmail.click("pick_sequence", params=on_card)

    assert "is unsubscribed in Close" in (notification(refused) or "")
    assert not any("sequence_subscription" in call for call in live.stats())


def test_a_refusal_from_close_keeps_the_confirmation_with_its_reason(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    confirm = _confirmation(gmail, open_lead_mail(gmail, live, lead), FOLLOW_UP)
    _subscribe(live, lead)  # meanwhile, someone added them in Close

    reply = press(gmail, confirm, "Add to sequence")

    shown = card_of(reply)
    assert shown["name"] == "confirm_sequence"
    assert "This contact is already subscribed to this sequence." in card_text(shown)
    assert len(_subscriptions(live, lead.contact_ids[0])) == 1


def test_a_forbidden_pause_is_a_clear_card(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    sub = _subscribe(live, lead)
    card = open_lead_mail(gmail, live, lead)
    live.faults(error_rate={"status": 403, "rate": 1.0}, paths=["/sequence_subscription/{id}/"])

    reply = press(gmail, card, "Pause")

    assert card_of(reply)["header"]["title"] == "Not allowed in Close"
    live.faults()
    assert api(live, "GET", f"sequence_subscription/{sub}/")["status"] == "active"
    assert find_button(card_of(reply), "Back")


def test_an_unanswered_add_is_looked_for_before_adding_again(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    confirm = _confirmation(gmail, open_lead_mail(gmail, live, lead), FOLLOW_UP)
    live.faults(error_rate={"status": 503, "rate": 1.0}, paths=["/sequence_subscription/"])

    failed = press(gmail, confirm, "Add to sequence")

    assert card_of(failed)["name"] == "confirm_sequence"
    assert "nothing will be doubled" in card_text(card_of(failed))
    live.faults()
    live.reset_stats()

    press(gmail, card_of(failed), "Add to sequence")

    assert live.stats()["GET /sequence_subscription/"] == 1  # looked in Close first
    assert len(_subscriptions(live, lead.contact_ids[0])) == 1
