"""kill -9 the add-on while it writes to Close, restart it on the same store.

Nothing the user staged is lost, nothing is reported done that Close does not have, and
sending (or saving) again lands everything in Close exactly once. Close is held at the
moment that matters by the emulator's faults: a hang holds a call before Close acts, a
latency holds Close's answer after it acted (the answer the crash then loses).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import Engine, select, update

from addon.store import StagedChanges
from addon.store.forms import lease_after
from addon.store.schema import form_submissions
from sandbox.close.state import CloseState
from tests.addon_client import action_of, find_button, notification
from tests.durability.harness import (
    CALL_TIMEOUT_S,
    REQUEST_DEADLINE_S,
    Addon,
    GmailUser,
    StandIns,
)
from tests.integration.conftest import card_of
from tests.integration.editing import line, updated_card

HELD_S = 600_000  # ms: far longer than the test; clearing the faults releases the call
CLOSE_ACTS = {"hang_ms": False, "latency_ms": True}  # does Close act before it is held?


@pytest.fixture
def press_in_background() -> Iterator[ThreadPoolExecutor]:
    """Press a button whose answer will never come: the add-on dies while handling it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        yield pool


def _staged(store: Engine, user: GmailUser) -> list[tuple[str, str, Any]]:
    """Return the user's waiting changes as the store holds them: (record, field, value)."""
    changes = StagedChanges(store).list(user.sub)  # a fresh reader: no in-memory copy
    return [(f"{c.object_type}/{c.object_id}", c.field, c.value) for c in changes]


def _waiting(card: dict[str, Any]) -> list[str]:
    """Return the card's "N changes waiting" lines, as the user reads them."""
    section = next((s for s in card["sections"] if "waiting" in s.get("header", "")), None)
    lines = [w["decoratedText"] for w in (section or {}).get("widgets", []) if "decoratedText" in w]
    return [d["text"].replace("<b>", "").replace("</b>", "") for d in lines]


def _edit(user: GmailUser, card: dict[str, Any], target: dict[str, Any], **form: Any) -> Any:
    """Open an edit card from a line or button, save it with these values; return the card."""
    # A line with its own Edit button opens with it (an opportunity's line opens its comments).
    edit = card_of(user.tap(target.get("button", target)))
    body = user.tap(edit["fixedFooter"]["primaryButton"], **form)
    assert "waiting" in (notification(body) or ""), notification(body)
    return updated_card(body)


def _status_id(close: CloseState, label: str) -> str:
    with close.lock:
        return next(s["id"] for s in close.lead_statuses.values() if s["label"] == label)


def _make_lead(standins: StandIns) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Make a lead with one contact and one opportunity; return the three as Close has them."""
    emails = [{"email": "robin@vale.example", "type": "office"}]
    contact = {"name": "Robin Vale", "title": "CFO", "emails": emails}
    lead = standins.api("POST", "lead/", {"name": "Vale Ltd", "contacts": [contact]})
    opp = {"lead_id": lead["id"], "value": 100_000, "confidence": 10}
    return lead, lead["contacts"][0], standins.api("POST", "opportunity/", opp)


def _in_close(standins: StandIns, path: str) -> dict[str, Any]:
    return dict(standins.api("GET", path))


def _dies(call: Future[Any]) -> None:
    """The pressed button got no answer at all: the user was told nothing."""
    with pytest.raises(requests.ConnectionError):
        call.result(timeout=CALL_TIMEOUT_S)


@pytest.mark.parametrize("held", list(CLOSE_ACTS), ids=["before-close-acts", "answer-lost"])
def test_kill_while_sending_staged_edits_loses_nothing_and_claims_nothing(
    held: str,
    user: GmailUser,
    addon: Addon,
    standins: StandIns,
    store: Engine,
    press_in_background: ThreadPoolExecutor,
) -> None:
    lead, contact, opp = _make_lead(standins)
    lead_path, contact_path = f"lead/{lead['id']}/", f"contact/{contact['id']}/"
    opp_path = f"opportunity/{opp['id']}/"
    qualified = _status_id(standins.close, "Qualified")

    # Three records' changes wait: the lead's status, the contact's title and a new email
    # address, the opportunity's confidence. Send goes record by record, in that order.
    card = card_of(user.click("open_lead", lead_id=lead["id"]))
    card = _edit(user, card, line(card, "Lead status"), value=qualified)
    card = _edit(user, card, line(card, "Title"), value="Treasurer")
    card = _edit(user, card, find_button(card, "Add email"), value="robin@new.example")
    card = _edit(
        user,
        card,
        line(card, "Sales", text="$1,000")["button"],  # the line itself opens its comments
        status_id=opp["status_id"],
        value="1000",
        confidence="40",
    )
    waiting = [
        "Vale Ltd · Lead status → Qualified",
        "Robin Vale · Title → Treasurer",
        "Robin Vale · Emails → add robin@new.example",
        "Opportunity $1,000 · Confidence → 40%",
    ]
    assert _waiting(card) == waiting
    staged = _staged(store, user)
    assert [(record, field) for record, field, _ in staged] == [
        (f"lead/{lead['id']}", "status_id"),
        (f"contact/{contact['id']}", "title"),
        (f"contact/{contact['id']}", "emails"),
        (f"opportunity/{opp['id']}", "confidence"),
    ]

    # Close holds the second record's update; the instance dies while it waits for it.
    standins.writes.reset()
    standins.faults(**{held: HELD_S}, paths=[f"/{contact_path}"], methods=["PUT"])
    sending = press_in_background.submit(user.press, card, "Send")
    assert standins.close.faults.wait_until_held(timeout=CALL_TIMEOUT_S)
    addon.kill()
    _dies(sending)

    # The first record was sent and forgotten; the rest still waits, whatever Close did.
    assert _in_close(standins, lead_path)["status_id"] == qualified
    applied = CLOSE_ACTS[held]
    assert _in_close(standins, contact_path)["title"] == ("Treasurer" if applied else "CFO")
    assert _in_close(standins, opp_path)["confidence"] == 10
    assert _staged(store, user) == staged[1:]

    addon.start()  # the same store; Close still holds the call
    card = card_of(user.click("open_lead", lead_id=lead["id"]))
    assert _waiting(card) == waiting[1:]
    assert line(card, "Lead status")["text"] == "Qualified"  # done, and Close has it

    standins.faults()  # Close answers the dead instance's call (acting now, if not before)
    standins.writes.wait_for(f"PUT /{_folded(contact_path)}", 1)
    body = user.press(card, "Send")

    assert notification(body) == "3 changes sent"
    assert _waiting(updated_card(body)) == []
    assert _staged(store, user) == []
    assert _in_close(standins, lead_path)["status_id"] == qualified
    held_contact = _in_close(standins, contact_path)
    assert held_contact["title"] == "Treasurer"
    addresses = [e["email"] for e in held_contact["emails"]]
    assert addresses == ["robin@vale.example", "robin@new.example"]  # each once
    assert _in_close(standins, opp_path)["confidence"] == 40
    with standins.close.lock:
        assert standins.close.lead_children(lead["id"]).opportunities == [opp["id"]]
    # The lead was updated once; the contact by the dead instance's call, then again
    # (the same values: harmless); the opportunity once.
    assert standins.writes.counts() == {
        "PUT /lead/{id}/": 1,
        "PUT /contact/{id}/": 2,
        "PUT /opportunity/{id}/": 1,
    }


def test_kill_while_close_creates_a_note_then_the_retry_does_not_double_it(
    user: GmailUser,
    addon: Addon,
    standins: StandIns,
    store: Engine,
    press_in_background: ThreadPoolExecutor,
) -> None:
    lead, _, _ = _make_lead(standins)
    card = card_of(user.click("open_lead", lead_id=lead["id"]))
    form = card_of(user.press(card, "Note"))
    form_id = action_of(find_button(form, "Save"))[1]["form_id"]
    text = "Budget approved; call after 3 pm."

    # Close makes the note, then its answer is held; the instance dies waiting for it.
    standins.writes.reset()
    standins.faults(latency_ms=HELD_S, paths=["/activity/note/"], methods=["POST"])
    saving = press_in_background.submit(user.press, form, "Save", note=text)
    assert standins.close.faults.wait_until_held(timeout=CALL_TIMEOUT_S)
    addon.kill()
    _dies(saving)
    assert _notes(standins.close, lead["id"]) == [text]
    assert _ledger(store, user, form_id) == "pending"  # the claim the dead request held

    addon.start()
    standins.faults()
    # Saved again at once, the form may still be in Close's hands: nothing is sent.
    again = user.press(form, "Save", note=text)
    assert notification(again) == "Already saving this; it will appear in a moment."
    assert _notes(standins.close, lead["id"]) == [text]

    # Once the claim's lease has run out (dated back here, as the clock would move), the
    # retry looks in Close first, finds the note the dead instance made, and keeps it.
    _age_claim(store, user, form_id, lease_after(REQUEST_DEADLINE_S))
    again = user.press(form, "Save", note=text)
    assert notification(again) == f"Note added to {lead['name']}"
    assert _ledger(store, user, form_id) == "done"
    again = user.press(form, "Save", note=text)  # and any later click of the same form
    assert notification(again) == f"Note added to {lead['name']}"

    assert _notes(standins.close, lead["id"]) == [text]
    assert standins.writes.counts() == {"POST /activity/note/": 1}


def _folded(path: str) -> str:
    kind = path.split("/", 1)[0]
    return f"{kind}/{{id}}/"


def _notes(close: CloseState, lead_id: str) -> list[str]:
    with close.lock:
        ids = close.lead_children(lead_id).activities
        return [close.activities[i]["note"] for i in ids if close.activities[i]["_type"] == "Note"]


def _ledger(store: Engine, user: GmailUser, form_id: str) -> str:
    """Return the state of one of the user's forms in the ledger."""
    query = select(form_submissions.c.state).filter_by(user_id=user.sub, form_id=form_id)
    with store.connect() as connection:
        return str(connection.execute(query).scalar_one())


def _age_claim(store: Engine, user: GmailUser, form_id: str, lease: timedelta) -> None:
    """Date a form's claim back past its lease: the time a real retry would have waited."""
    past = datetime.now(UTC) - lease - timedelta(seconds=1)
    claim = update(form_submissions).filter_by(user_id=user.sub, form_id=form_id)
    statement = claim.values(updated_at=past)
    with store.begin() as connection:
        connection.execute(statement)
