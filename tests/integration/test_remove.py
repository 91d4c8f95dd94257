"""Removing records, live: a confirmation that names what goes, Cancel, and what is left."""

from __future__ import annotations

from typing import Any

import pytest

from addon.ui.widgets import DANGER_RED
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.records import (
    OwnLead,
    make_lead,
    menu_item,
    open_lead_mail,
    press,
)

pytestmark = pytest.mark.usefixtures("own_leads")


def _status(live: Live, label: str) -> str:
    with live.sandbox.close.lock:
        statuses = live.sandbox.close.opportunity_statuses.values()
        return next(s["id"] for s in statuses if s["label"] == label)


def _deal(live: Live, lead: OwnLead) -> str:
    body = {"lead_id": lead.id, "value": 7_200_000, "value_period": "annual"}
    body["status_id"] = _status(live, "Negotiation")
    return str(api(live, "POST", "opportunity/", body)["id"])


def _task(live: Live, lead: OwnLead, text: str = "Send revised MSA") -> str:
    return str(api(live, "POST", "task/", {"lead_id": lead.id, "text": text})["id"])


def _confirm(gmail: Browser, card: dict[str, Any], item: str) -> dict[str, Any]:
    name, params = menu_item(card, item)
    return card_of(gmail.click(name, params=params))


def _pick(gmail: Browser, card: dict[str, Any], line: str) -> dict[str, Any]:
    """From the record card, open the list of deals and tasks and press Delete on a line."""
    listing = _confirm(gmail, card, "Delete an opportunity or task")
    widgets = [
        w["decoratedText"]
        for s in listing["sections"]
        for w in s["widgets"]
        if "decoratedText" in w
    ]
    button = next(w["button"] for w in widgets if w["text"].startswith(line))
    name, params = action_of(button)
    reply = gmail.click(name, params=params)
    # The question takes the list's place, so Cancel leads straight back to the record.
    return reply["renderActions"]["action"]["navigations"][0]["updateCard"]  # type: ignore[no-any-return]


def test_deleting_a_lead_names_its_contacts_and_deals(gmail: Browser, live: Live) -> None:
    lead = make_lead(live, contacts=3)
    for _ in range(2):
        _deal(live, lead)
    confirm = _confirm(gmail, open_lead_mail(gmail, live, lead), "Delete lead")
    assert f"Delete lead {lead.name} with 3 contacts and 2 opportunities?" in card_text(confirm)
    assert find_button(confirm, "Delete")["color"] == DANGER_RED
    assert action_of(find_button(confirm, "Cancel"))[0] == "back"
    assert live.stats() == {"GET /lead/{id}/": 1}


def test_cancel_changes_nothing(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    confirm = _confirm(gmail, open_lead_mail(gmail, live, lead), "Delete lead")
    reply = press(gmail, confirm, "Cancel")
    assert reply["renderActions"]["action"] == {"navigations": [{"pop": True}]}
    assert "DELETE /lead/{id}/" not in live.stats()
    with live.sandbox.close.lock:
        assert lead.id in live.sandbox.close.leads


def test_delete_a_task_from_the_list(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task_id = _task(live, lead)
    _task(live, lead, "Book the onsite")
    confirm = _pick(gmail, open_lead_mail(gmail, live, lead), "Send revised MSA")
    assert "Delete task 'Send revised MSA'?" in card_text(confirm)
    reply = press(gmail, confirm, "Delete")
    assert notification(reply) == "Task deleted"
    pop, rebuilt = reply["renderActions"]["action"]["navigations"]
    assert pop == {"pop": True} and rebuilt["updateCard"]["name"] == "record"
    text = card_text(rebuilt["updateCard"])
    assert "Send revised MSA" not in text and "Book the onsite" in text
    with live.sandbox.close.lock:
        assert task_id not in live.sandbox.close.tasks
    assert live.stats()["DELETE /task/{id}/"] == 1


def test_delete_an_opportunity(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    opp_id = _deal(live, lead)
    confirm = _pick(gmail, open_lead_mail(gmail, live, lead), "$72,000")
    assert "Delete opportunity $72,000 annually · Negotiation?" in card_text(confirm)
    reply = press(gmail, confirm, "Delete")
    assert notification(reply) == "Opportunity deleted"
    assert "$72,000" not in card_text(card_of(reply))
    with live.sandbox.close.lock:
        assert opp_id not in live.sandbox.close.opportunities


def test_delete_the_contact_the_email_is_from(gmail: Browser, live: Live) -> None:
    lead = make_lead(live, contacts=2)
    confirm = _confirm(gmail, open_lead_mail(gmail, live, lead), "Delete contact")
    assert f"Delete contact {lead.person} from {lead.name}?" in card_text(confirm)
    reply = press(gmail, confirm, "Delete")
    assert notification(reply) == f"Deleted contact {lead.person}"
    # The sender is in Close no more: the card says so (the lead and its other contact stay).
    assert card_of(reply)["header"]["subtitle"] == "Not in Close"
    with live.sandbox.close.lock:
        assert live.sandbox.close.lead_children(lead.id).contacts == [lead.contact_ids[1]]


def test_delete_the_lead_goes_back_to_the_email(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    confirm = _confirm(gmail, open_lead_mail(gmail, live, lead), "Delete lead")
    reply = press(gmail, confirm, "Delete")
    assert notification(reply) == f"Deleted lead {lead.name}"
    to_root, rebuilt = reply["renderActions"]["action"]["navigations"]
    assert to_root == {"popToRoot": True}
    assert rebuilt["updateCard"]["header"]["subtitle"] == "Not in Close"
    assert reply["stateChanged"] is True
    with live.sandbox.close.lock:
        assert lead.id not in live.sandbox.close.leads


def test_a_task_deleted_meanwhile_is_reported_not_an_error(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task_id = _task(live, lead)
    confirm = _pick(gmail, open_lead_mail(gmail, live, lead), "Send revised MSA")
    api(live, "DELETE", f"task/{task_id}/")  # someone else, in Close, in the meantime
    reply = press(gmail, confirm, "Delete")
    assert notification(reply) == "This task was already deleted in Close."
    assert card_of(reply)["name"] == "record"
    assert "Send revised MSA" not in card_text(card_of(reply))
