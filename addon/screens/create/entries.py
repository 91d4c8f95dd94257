"""What the Add to Close form starts with, reads back, checks and sends to Close.

Names come from the email's display name, written however mail clients write them
("Ross, Jamie", "Dr. Jamie Ross", "JAMIE ROSS", "Ludwig van Beethoven"), or else from
the address itself (`jamie.ross@` is Jamie Ross). A lead is named after the company
domain: `vantagepoint-labs.com` is Vantagepoint Labs.
"""

from __future__ import annotations

import re
from typing import Any

from addon.close.additions import OpportunityDraft, opportunity_payload
from addon.crm.field_values import FieldInvalid, parse_email, parse_money
from addon.events import Event
from addon.screens.create.card import NewLead

Json = dict[str, Any]

# Close's field names, as its 400s name them, to the form's inputs.
CLOSE_FIELDS = {
    "name": "lead_name",
    "status": "lead_status",
    "status_id": "lead_status",
    "contacts.0.name": "name",
    "contacts.0.emails": "email",
    "contacts.0.title": "title",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words(
    "van von der den de del della dei di da dal dos das do du la le ten ter bin ibn al el"
)
# Name suffixes, and company forms: "Acme, Inc." is not Inc. Acme.
_SUFFIXES = _words("jr sr ii iii iv phd ph.d md m.d esq inc llc ltd gmbh corp co plc ag sa bv")
_HONORIFICS = _words("mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir")
# Shared inboxes: their local part is a role, not a name.
_ROLES = _words(
    "info sales hello hi contact support team office admin billing accounts help hr jobs "
    "careers press enquiries inquiries"
)
# Second-level labels of country domains: acme.co.uk is Acme, not Co.
_SECOND_LEVEL = _words("co com org net ac gov edu ltd plc or ne go")
_ASIDES = re.compile(r"\(.*?\)|\[.*?\]|<.*?>")
_TAGLINE = re.compile(r"\s+(?:\||via|at|@|-|–|—)\s+")


def split_name(display: str, email: str) -> tuple[str, str]:
    """Return (first, last) from an email's display name, else from its address."""
    words = _display_words(display) or _address_words(email)
    if len(words) < 2:
        return (words[0] if words else "", "")
    suffixes: list[str] = []
    while len(words) > 2 and words[-1].lower().strip(".") in _SUFFIXES:
        suffixes.insert(0, words.pop())
    # The last name starts at its particle (van Beethoven, de la Cruz), else it is the last word.
    start = next(
        (i for i in range(1, len(words) - 1) if words[i].lower() in _PARTICLES), len(words) - 1
    )
    return " ".join(words[:start]), " ".join(words[start:] + suffixes)


def _display_words(display: str) -> list[str]:
    text = _ASIDES.sub(" ", display or "")
    text = _TAGLINE.split(text)[0].strip().strip("'\"").strip()
    if not text or "@" in text:
        return []
    parts = [p.strip() for p in text.split(",") if p.strip()]
    tail = [p for p in parts if all(w.lower().strip(".") in _SUFFIXES for w in p.split())]
    names = [p for p in parts if p not in tail]
    if len(names) == 2:  # "Ross, Jamie" is Jamie Ross
        names.reverse()
    words = " ".join(names + tail).split()
    while len(words) > 1 and words[0].lower() in _HONORIFICS:
        words.pop(0)
    joined = " ".join(words)
    if joined in (joined.lower(), joined.upper()):  # "JAMIE ROSS", "jamie ross"
        words = [_capital(w, first=i == 0) for i, w in enumerate(words)]
    return words


def _address_words(email: str) -> list[str]:
    local = email.strip().lower().rpartition("@")[0].split("+", 1)[0]
    if local in _ROLES:
        return []
    pieces = (re.sub(r"\d+", "", p).strip("-") for p in re.split(r"[._]+", local))
    return [_capital(p, first=i == 0) for i, p in enumerate(p for p in pieces if p)]


def _capital(word: str, *, first: bool) -> str:
    if not first and word.lower() in _PARTICLES:
        return word.lower()
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def company_name(domain: str) -> str:
    """Return a company name from its email domain: vantagepoint-labs.com → Vantagepoint Labs."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) < 2:
        return domain
    core = labels[-2]
    if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        core = labels[-3]
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", core) if w)


def read_entries(event: Event, *, with_opportunity: bool) -> NewLead:
    """Return the form's values as the user left them (the opportunity's if it asked)."""
    text = event.text
    deal = OpportunityDraft(
        status_id=text("opp_status"),
        value=text("opp_value"),
        confidence=text("opp_confidence"),
        close_date=event.date("opp_date"),
    )
    return NewLead(
        first_name=text("first_name"),
        last_name=text("last_name"),
        email=text("email"),
        title=text("title"),
        lead_name=text("lead_name"),
        status_id=text("lead_status"),
        opportunity=deal if with_opportunity else None,
    )


def close_payloads(entries: NewLead, currency: str) -> tuple[Json, Json | None, dict[str, str]]:
    """Return the bodies of `POST /lead/` and `POST /opportunity/`, and problems by input."""
    problems: dict[str, str] = {}
    try:
        email = parse_email(entries.email)
    except FieldInvalid as exc:
        email, problems["email"] = entries.email, str(exc)
    contact: Json = {"emails": [{"email": email, "type": "office"}]}
    contact |= {k: v for k, v in (("name", entries.person), ("title", entries.title)) if v}
    lead: Json = {"contacts": [contact]}
    lead |= {k: v for k, v in (("name", entries.lead_name), ("status_id", entries.status_id)) if v}
    deal = entries.opportunity
    if deal is None:
        return lead, None, problems
    try:
        cents = parse_money(deal.value, currency)
    except FieldInvalid as exc:
        cents, problems["opp_value"] = None, str(exc)
    # The lead and its contact are known once the lead is made; they go in then.
    opportunity, errors = opportunity_payload(deal, "", "", cents)
    for name, problem in errors.items():
        problems.setdefault(f"opp_{name}", problem)
    return lead, {k: v for k, v in opportunity.items() if k != "lead_id"}, problems


def field_errors(close_errors: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Split Close's field errors into those shown at an input and the rest, as sentences."""
    shown = {CLOSE_FIELDS[k]: v for k, v in close_errors.items() if k in CLOSE_FIELDS}
    rest = [f"{k}: {v}" for k, v in close_errors.items() if k not in CLOSE_FIELDS]
    return shown, rest
