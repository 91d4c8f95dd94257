"""The ~45 ordinary catalog leads: statuses, contacts, deals, tasks and a short history each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.demo_data.builder import Builder
from sandbox.demo_data.catalog import COMPANIES, Company

Json = dict[str, Any]

# Status per catalog position, cycled: a realistic funnel (many potentials, few bad fits).
STATUS_CYCLE = (
    "Potential",
    "Qualified",
    "Customer",
    "Interested",
    "Potential",
    "Customer",
    "Qualified",
    "Potential",
    "Interested",
    "Customer",
    "Bad Fit",
    "Qualified",
    "Potential",
    "Customer",
    "Interested",
    "Canceled",
)
VALUES = [6_000, 12_000, 18_000, 24_000, 36_000, 48_000, 60_000, 90_000]  # whole currency units
OPEN_STAGE = {"Interested": "Discovery", "Qualified": "Proposal Sent"}
TASK_TEXTS = (
    "Send the security questionnaire",
    "Follow up on the proposal",
    "Book a technical deep-dive",
    "Confirm budget owner",
    "Share the ROI calculator",
    "Check in about the pilot",
    "Prepare QBR deck",
    "Ask for a referral",
)


def _deals(b: Builder, lead: Json, company: Company, status: str, owner: str, age: int) -> None:
    value = b.rng.choice(VALUES) * 100  # cents
    common = {"value": value, "value_currency": company.currency, "value_period": "annual"}
    if status in OPEN_STAGE:
        stage = OPEN_STAGE[status] if b.rng.random() < 0.6 else "Demo Scheduled"
        b.opportunity(lead, stage, owner, age // 2, confidence=b.rng.choice([20, 40, 60]), **common)
    elif status == "Customer":
        won = b.ago(b.rng.randint(30, max(31, age - 5))).date().isoformat()
        b.opportunity(lead, "Won", owner, age - 3, confidence=100, date_won=won, **common)
        if b.rng.random() < 0.5:
            b.opportunity(lead, "Renewal Due", owner, 20, confidence=80, **common)
    elif status == "Canceled":
        b.opportunity(lead, "Churned", owner, age // 3, **common)
    elif status == "Bad Fit":  # a deal that was tried and lost
        b.opportunity(lead, "Lost", owner, age // 2, **common)


def _tasks(b: Builder, lead: Json, owner: str, index: int) -> None:
    # Spread due dates so every user has overdue, due-today and future work.
    offsets = (-6, -2, 0, 0, 3, 9, 15, -1)
    due = b.now + timedelta(days=offsets[index % len(offsets)])
    b.task(lead, TASK_TEXTS[index % len(TASK_TEXTS)], due, owner)
    if index % 3 == 0:
        done = b.task(lead, "Intro call", b.ago(12), owner, done=True)
        b.task_completed(done, owner, b.ago(11))


def _history(b: Builder, lead: Json, status: str, owner: str, age: int) -> None:
    contacts = [b.state.contacts[c] for c in b.state.lead_children(lead["id"]).contacts]
    first = contacts[0]
    # Early enough that the follow-ups below (up to three days later) are still in the past.
    when = b.ago(b.rng.randint(5, max(6, age - 1)), b.rng.randint(0, 8))
    b.email(
        lead,
        owner,
        first,
        when,
        incoming=False,
        subject=f"Northwind for {lead['name']}",
        body_text=f"Hi {first['name'].split()[0]},\n\nFollowing up on our conversation.",
    )
    if b.rng.random() < 0.6:
        b.email(
            lead,
            owner,
            first,
            when + timedelta(hours=5),
            incoming=True,
            subject=f"Re: Northwind for {lead['name']}",
            body_text="Thanks, let's talk next week.",
        )
    if b.rng.random() < 0.5:
        b.call(
            lead,
            owner,
            first,
            when + timedelta(days=1),
            "Discussed timeline and data sources.",
            duration=b.rng.randint(120, 1800),
        )
    if b.rng.random() < 0.4:
        b.note(
            lead, owner, when + timedelta(days=2), "<p>Champion is keen; needs CFO sign-off.</p>"
        )
    if status != "Potential":
        b.lead_status_change(lead, owner, "Potential", status, when + timedelta(days=3))


def build_standard(b: Builder, skip: set[str]) -> list[Json]:
    """Create a lead for every catalog company not in ``skip``; return the stored leads."""
    made = []
    for index, company in enumerate(COMPANIES):
        if company.name in skip:
            continue
        status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
        owner = b.ids.everyone[index % len(b.ids.everyone)]
        age = b.rng.randint(25, 400)
        contacts = [b.person(company.domain) for _ in range(b.rng.choice((1, 2, 3, 3, 3, 4)))]
        lead = b.lead(b.lead_payload(company, status, owner), contacts, age, owner)
        _deals(b, lead, company, status, owner, age)
        if status in ("Interested", "Qualified", "Customer"):
            _tasks(b, lead, owner, index)
        _history(b, lead, status, owner, age)
        made.append(lead)
    return made
