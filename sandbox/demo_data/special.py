"""The leads the demo inbox needs: known sender, near match, shared address, thread, free mail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.close.contacts import store_contact
from sandbox.demo_data.builder import Builder
from sandbox.demo_data.catalog import Company
from sandbox.demo_data.constants import (
    FREEMAIL_CONTACT,
    KNOWN_SENDER,
    NEAR_MATCH,
    SHARED_CONTACT,
    SHARED_EMAIL_LEAD_NAMES,
    THREAD_CONTACTS,
    DemoPerson,
)

Json = dict[str, Any]

BRIGHTLANE = Company("Brightlane Logistics", "brightlane.com", "Logistics", "Chicago", "US", "USD")
BRIGHTLANE_AU = Company(
    "Brightlane Logistics Australia", "brightlane.com.au", "Logistics", "Melbourne", "AU", "AUD"
)
QUILLFEATHER = Company("Quillfeather Software", "quillfeather.io", "SaaS", "Austin", "US", "USD")
BELL = Company("Bell Advisory", "gmail.com", "Financial Services", "Boston", "US", "USD")


def _contact(b: Builder, person: DemoPerson, kind: str = "office") -> Json:
    payload: Json = {"name": person.name, "title": person.title}
    payload["emails"] = [{"email": person.email, "type": kind}]
    phone = f"+1 312 555 {b.rng.randint(1000, 9999)}"
    return payload | {"phones": [{"phone": phone, "type": "office"}]} | b.contact_custom()


def _brightlane(b: Builder) -> Json:
    main = b.ids.main_user
    contacts = [_contact(b, KNOWN_SENDER)] + [b.person(BRIGHTLANE.domain) for _ in range(2)]
    payload = b.lead_payload(BRIGHTLANE, "Qualified", main)
    payload[f"custom.{b.ids.field['AE Notes']}"] = "Dana owns the budget; security review pending."
    lead = b.lead(payload, contacts, 160, main)
    b.opportunity(
        lead, "Negotiation", main, 120, value=7_200_000, value_period="annual", confidence=70
    )
    b.task(lead, "Send revised MSA to Dana", b.ago(3), main)
    today_afternoon = b.now.replace(hour=16, minute=0, second=0, microsecond=0)
    b.task(lead, "Call Dana about the security review", today_afternoon.isoformat(), main)
    b.task(lead, "Prepare onboarding plan", b.now + timedelta(days=7), main)
    b.task(lead, "Loop in solutions engineer", b.now + timedelta(days=2), b.ids.coworkers[2])
    return lead


def _quillfeather(b: Builder) -> Json:
    main = b.ids.main_user
    lead = b.lead(
        b.lead_payload(QUILLFEATHER, "Qualified", main),
        [_contact(b, p) for p in THREAD_CONTACTS],
        150,
        main,
    )
    b.opportunity(
        lead, "Proposal Sent", main, 100, value=4_800_000, value_period="annual", confidence=50
    )
    b.opportunity(
        lead,
        "Discovery",
        b.ids.coworkers[1],
        20,
        value=250_000,
        value_period="monthly",
        confidence=20,
    )
    b.task(lead, "Send proposal follow-up to Elena", b.ago(1), main)
    b.task(lead, "Answer Tom's API questions", b.now, main)
    b.task(lead, "Schedule procurement call", b.now + timedelta(days=4), b.ids.coworkers[0])
    return lead


def _others(b: Builder) -> list[Json]:
    priya, jordan = b.ids.coworkers[1], b.ids.coworkers[0]
    au = b.lead(
        b.lead_payload(BRIGHTLANE_AU, "Potential", priya), [_contact(b, NEAR_MATCH)], 60, priya
    )
    bell_payload = b.lead_payload(BELL, "Customer", jordan) | {"url": ""}
    bell = b.lead(bell_payload, [_contact(b, FREEMAIL_CONTACT, "home")], 300, jordan)
    b.opportunity(
        bell,
        "Won",
        jordan,
        280,
        value=480_000,
        confidence=100,
        date_won=b.ago(270).date().isoformat(),
    )
    first = b.state.contacts[b.state.lead_children(bell["id"]).contacts[0]]
    b.email(
        bell,
        jordan,
        first,
        b.ago(5),
        incoming=True,
        subject="Quick question about the dashboard",
        body_text="Hi Jordan, is there a way to export the weekly report to PDF?",
    )
    return [au, bell]


def add_shared_contact(b: Builder, leads_by_name: dict[str, Json]) -> None:
    """Put the same address on two different leads (a board member of both companies)."""
    for name in SHARED_EMAIL_LEAD_NAMES:
        lead = leads_by_name[name]
        payload = _contact(b, SHARED_CONTACT)
        store_contact(b.state, lead["created_by"], lead["id"], payload, b.ago(30))


def build_special(b: Builder) -> dict[str, Json]:
    """Create the special leads; return them by name."""
    leads = [_brightlane(b), _quillfeather(b), *_others(b)]
    return {lead["name"]: lead for lead in leads}


SPECIAL_COMPANY_NAMES = {BRIGHTLANE.name, BRIGHTLANE_AU.name, QUILLFEATHER.name, BELL.name}
