"""What the Add to Close form starts with, reads back, checks and sends to Close.

Names come from the email's display name, written however mail clients write them
("Ross, Jamie", "Dr. Jamie Ross", "JAMIE ROSS", "Ludwig van Beethoven"), or else from
the address itself (`jamie.ross@` is Jamie Ross). A lead is named after the company
domain: `vantagepoint-labs.com` is Vantagepoint Labs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from nameparser import HumanName

from addon.close.additions import OpportunityDraft, opportunity_payload
from addon.crm.field_values import (
    DEFAULT_LOCALE,
    FieldInvalid,
    parse_email,
    parse_money,
    parse_phone,
    parse_url,
    show_date,
)
from addon.events import Event
from addon.matching.names import SECOND_LEVEL, is_company_name, is_role_address
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
    "contacts.0.phones": "phone",
    "url": "url",
}

_ASIDES = re.compile(r"\(.*?\)|\[.*?\]|<.*?>")
_TAGLINE = re.compile(r"\s+(?:\||via|at|@|-|–|—)\s+")


def split_name(display: str, email: str) -> tuple[str, str]:
    """Return (first, last) from an email's display name, else from its address.

    nameparser reads the name: "Whitfield, Dana", titles, suffixes and particles
    ("van Beethoven"). Middle names stay with the first name and suffixes with the last,
    as Close keeps one name: "Dr. Dana J. Whitfield Jr." is Dana J. / Whitfield Jr.
    """
    shown = _display_name(display)
    # A company's name on its shared inbox ("Brightlane Logistics") is nobody's name.
    text = (shown if not is_company_name(shown, email) else "") or _address_name(email)
    name = HumanName(text)
    if text in (text.lower(), text.upper()):  # "JAMIE ROSS", "jamie ross", an address
        name.capitalize(force=True)
    first = " ".join(p for p in (name.first, name.middle) if p)
    last = " ".join(p for p in (name.last, name.suffix) if p)
    return (first, last) if first else (last, "")  # "Mr. Ross" is just Ross


def _display_name(display: str) -> str:
    text = _ASIDES.sub(" ", display or "")
    text = _TAGLINE.split(text)[0].strip().strip("'\"").strip()
    return "" if "@" in text else " ".join(text.split())


def _address_name(email: str) -> str:
    if is_role_address(email):
        return ""
    local = email.strip().lower().rpartition("@")[0].split("+", 1)[0]
    pieces = (re.sub(r"\d+", "", p).strip("-") for p in re.split(r"[._]+", local))
    return " ".join(p for p in pieces if p)


def company_name(domain: str) -> str:
    """Return a company name from its email domain: vantagepoint-labs.com → Vantagepoint Labs."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) < 2:
        return domain
    core = labels[-2]
    if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        core = labels[-3]
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", core) if w)


def read_entries(event: Event, *, with_opportunity: bool) -> NewLead:
    """Return the form's values as the user left them (the opportunity's if it asked)."""
    text = event.text
    deal = OpportunityDraft(
        status_id=text("opp_status"),
        value=text("opp_value"),
        period=text("opp_value_period") or "one_time",
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
        phone=text("phone"),
        url=text("url"),
        opportunity=deal if with_opportunity else None,
    )


def close_payloads(
    entries: NewLead, currency: str, locale: str = DEFAULT_LOCALE, region: str | None = None
) -> tuple[Json, Json | None, dict[str, str]]:
    """Return the bodies of `POST /lead/` and `POST /opportunity/`, and problems by input.

    `locale` is how the user writes amounts (en-US 12,500.50, de-DE 12.500,50), `region`
    their country, for a phone number typed without its country code. A lead
    needs a person's name or a company: without both, Close would title it by the bare
    address. The opportunity is left out when its fields were left empty (see `no_deal`).
    """
    problems: dict[str, str] = {}
    try:
        email = parse_email(entries.email)
    except FieldInvalid as exc:
        email, problems["email"] = entries.email, str(exc)
    if not (entries.person.strip() or entries.lead_name.strip()):
        problems["name"] = "Enter the person's name, or their company below."
        problems["lead_name"] = "Enter the company, or the person's name above."
    contact: Json = {"emails": [{"email": email, "type": "office"}]}
    contact |= {k: v for k, v in (("name", entries.person), ("title", entries.title)) if v}
    try:
        phone = parse_phone(entries.phone, region) if entries.phone.strip() else ""
    except FieldInvalid as exc:
        phone, problems["phone"] = "", str(exc)
    if phone:
        contact["phones"] = [{"phone": phone, "type": "office"}]
    try:
        url = parse_url(entries.url)
    except FieldInvalid as exc:
        url, problems["url"] = "", str(exc)
    lead: Json = {"contacts": [contact]}
    lead |= {k: v for k, v in (("name", entries.lead_name), ("status_id", entries.status_id)) if v}
    if url:
        lead["url"] = url
    deal = entries.opportunity
    if deal is None or no_deal(deal):
        return lead, None, problems
    try:
        cents = parse_money(deal.value, currency, locale)
    except FieldInvalid as exc:
        cents, problems["opp_value"] = None, str(exc)
    if cents is None and "opp_value" not in problems:
        problems["opp_value"] = "Enter the value, or leave the opportunity's fields empty."
    # The lead and its contact are known once the lead is made; they go in then.
    opportunity, errors = opportunity_payload(deal, "", "", cents)
    for name, problem in errors.items():
        problems.setdefault(f"opp_{name}", problem)
    return lead, {k: v for k, v in opportunity.items() if k != "lead_id"}, problems


def no_deal(deal: OpportunityDraft) -> bool:
    """Tell whether the user left the first opportunity empty: then none is made.

    Its status and billing period come chosen, so they say nothing; a value, a confidence
    or a date typed means a deal is meant (and then it needs its value). Refusing the empty
    form instead would make the salesperson invent numbers just to add a person to Close.
    """
    return not (deal.value.strip() or deal.confidence.strip() or deal.close_date)


def date_hints(entries: NewLead, today: dt.date) -> dict[str, str]:
    """Return a hint by input for a date in the past: allowed, but seldom meant."""
    deal = entries.opportunity
    if deal is None or deal.close_date is None or deal.close_date >= today:
        return {}
    return {"opp_date": f"{show_date(deal.close_date)} is in the past."}


def field_errors(close_errors: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Split Close's field errors into those shown at an input and the rest, as sentences."""
    shown = {CLOSE_FIELDS[k]: v for k, v in close_errors.items() if k in CLOSE_FIELDS}
    rest = [f"{k}: {v}" for k, v in close_errors.items() if k not in CLOSE_FIELDS]
    return shown, rest
