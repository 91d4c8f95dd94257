"""Records of a test's own in the shared live demo: a lead, its people, an email from them.

Tests that write or delete make their own lead (through the emulator's API, with the demo
key) and their own email, so they neither depend on nor disturb what other tests read.
"""

from __future__ import annotations

import email.utils
import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from sandbox.inbox import DEMO_USER_EMAIL, DEMO_USER_NAME
from sandbox.inbox_bodies import as_html
from tests.addon_client import action_of, find_button
from tests.integration.conftest import Browser, Live, api

_numbers = itertools.count(1)
ME = email.utils.formataddr((DEMO_USER_NAME, DEMO_USER_EMAIL))


@dataclass(frozen=True)
class OwnLead:
    """A lead made for one test, and the address of its first contact."""

    id: str
    name: str
    contact_ids: tuple[str, ...]
    email: str
    person: str  # the first contact's name


def make_lead(live: Live, contacts: int = 1, *, name: str | None = None) -> OwnLead:
    """Create a lead with `contacts` contacts, each with an address of its own."""
    tag = f"{next(_numbers)}{uuid.uuid4().hex[:6]}"
    people = [
        {
            "name": f"Robin Vale {i}" if i else "Robin Vale",
            "emails": [{"email": f"r{i}.{tag}@acme-{tag}.example"}],
        }
        for i in range(contacts)
    ]
    lead = api(live, "POST", "lead/", {"name": name or f"Acme {tag} Inc.", "contacts": people})
    first = lead["contacts"][0]
    return OwnLead(
        id=lead["id"],
        name=lead["display_name"],
        contact_ids=tuple(c["id"] for c in lead["contacts"]),
        email=first["emails"][0]["email"],
        person=first["display_name"],
    )


def mail(
    live: Live,
    sender: str,
    to: str = ME,
    *,
    cc: str = "",
    body: str = "Hello Alex,\n\nCould you send the revised MSA?\n\nRobin",
    owner: str | None = None,
    message_id: str | None = None,
) -> tuple[str, str]:
    """Put an email in a mailbox; return (case name, RFC Message-ID)."""
    case = f"actions-{next(_numbers)}-{uuid.uuid4().hex[:6]}"
    rfc_id = message_id or f"<{case}@mail.example>"
    headers = {
        "From": sender,
        "To": to,
        "Subject": f"Revised MSA ({case})",
        "Date": email.utils.formatdate(localtime=False),
        "Message-ID": rfc_id,
    }
    if cc:
        headers["Cc"] = cc
    live.sandbox.inbox.add(headers, case=case, body_text=body, body_html=as_html(body), owner=owner)
    return case, rfc_id


def open_lead_mail(gmail: Browser, live: Live, lead: OwnLead) -> dict[str, Any]:
    """Open an email from the lead's first contact; return its record card (counts reset)."""
    case, _ = mail(live, email.utils.formataddr((lead.person, lead.email)))
    card = gmail.open(case)
    assert card["name"] == "record", card
    live.reset_stats()
    return card


def press(gmail: Browser, card: dict[str, Any], label: str, /, **form: Any) -> dict[str, Any]:
    """Press the button labelled `label` on a card (with form values); return the response."""
    name, params = action_of(find_button(card, label))
    return gmail.click(name, params=params, form=form or None)


def overflow(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the record card's rarer actions: Opportunity and the Remove section's lines."""
    items: list[dict[str, Any]] = []
    for section in card["sections"]:
        for widget in section["widgets"]:
            for btn in _row(widget):
                if btn.get("text") == "Opportunity":
                    items.append({"text": "Create opportunity", "onClick": btn["onClick"]})
            line = widget.get("decoratedText")
            if section.get("header") == "Remove from Close" and line:
                items.append({"text": line["text"], "onClick": line["onClick"]})
    return items


def menu_item(card: dict[str, Any], starts: str) -> tuple[str, dict[str, str]]:
    """Return (action, parameters) of the record card's rarer action starting with `starts`."""
    return action_of(next(i for i in overflow(card) if i["text"].startswith(starts)))


def _row(widget: dict[str, Any]) -> list[dict[str, Any]]:
    return list(widget.get("buttonList", {}).get("buttons", []))
