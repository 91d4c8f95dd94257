"""Long activity histories (60+ items) for the leads the demo opens first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.demo_data.builder import Builder

Json = dict[str, Any]

THREADS = (
    "Data platform evaluation",
    "Security review",
    "Pilot scope and success criteria",
    "Pricing and packaging",
    "Contract redlines",
    "Onboarding timeline",
)
REPLIES = (
    "Thanks — looping in the team.",
    "Sounds good, can we do Thursday?",
    "We reviewed this internally; a few questions inline.",
    "Attached are our notes from the session.",
    "Legal has a couple of comments, sending shortly.",
)
NOTES = (
    "<p>Champion confirmed budget for this fiscal year.</p>",
    "<p>Competitor in the mix: <b>Looker</b>. Emphasise time-to-value.</p>",
    "<p>Security questionnaire received; SOC 2 report shared.</p>",
    "<p>Procurement wants annual billing with net-60 terms.</p>",
)
STAGES = ("Discovery", "Demo Scheduled", "Proposal Sent", "Negotiation")


def _threads(b: Builder, lead: Json, user: str, contacts: list[Json], start: int) -> None:
    """Five emails per thread, alternating directions; other contacts on cc (one thread)."""
    template = next(t for t in b.state.templates.values() if t["name"] == "Intro — first touch")
    b.email(lead, user, contacts[0], b.ago(start + 2), incoming=False, template_id=template["id"])
    for t, subject in enumerate(THREADS):
        day = start - t * (start // len(THREADS))
        cc = [c["emails"][0]["email"] for c in contacts[1:]]
        for i in range(5):
            who = contacts[(t + i) % len(contacts)] if i % 2 else contacts[0]
            text = (
                REPLIES[(t + i) % len(REPLIES)] if i % 2 else f"Following up on {subject.lower()}."
            )
            b.email(
                lead,
                user,
                who,
                b.ago(day - i * 2, 3),
                incoming=bool(i % 2),
                subject=("Re: " if i else "") + subject,
                body_text=text,
                cc=cc,
            )


def _conversations(b: Builder, lead: Json, user: str, contacts: list[Json], start: int) -> None:
    for i in range(10):
        contact = contacts[i % len(contacts)]
        b.call(
            lead,
            user,
            contact,
            b.ago(start - i * 13, 1),
            f"Call {i + 1}: progress check.",
            duration=300 + 90 * i,
            direction="inbound" if i % 3 == 0 else "outbound",
        )
    for i, html in enumerate(NOTES * 2):
        b.note(lead, user, b.ago(start - 5 - i * 15), html)
    for i in range(5):
        b.meeting(
            lead,
            user,
            contacts[: 1 + i % len(contacts)],
            b.ago(start - 10 - i * 25),
            f"{lead['name']} — working session {i + 1}",
        )
    upcoming = b.now + timedelta(days=3)
    b.meeting(lead, user, contacts[:2], upcoming.replace(hour=15, minute=0), "Next steps review")
    for i in range(4):
        b.sms(
            lead,
            user,
            contacts[0],
            b.ago(start - 30 - i * 20),
            "Running 5 min late" if i % 2 else "On my way",
            bool(i % 2),
        )


def _milestones(b: Builder, lead: Json, user: str, start: int) -> None:
    b.lead_status_change(lead, user, "Potential", "Interested", b.ago(start - 3))
    b.lead_status_change(lead, user, "Interested", "Qualified", b.ago(start // 2))
    opp_id = b.state.lead_children(lead["id"]).opportunities[0]
    opp = b.state.opportunities[opp_id]
    current = STAGES.index(b.state.opportunity_statuses[opp["status_id"]]["label"])
    for step in range(current):
        b.opp_status_change(opp, user, STAGES[step], b.ago(start - 20 - step * 25))
    for i, text in enumerate(("Send case study", "Book demo", "Share pilot plan")):
        done = b.task(lead, text, b.ago(start - 15 - i * 30), user, done=True)
        b.task_completed(done, user, b.ago(start - 16 - i * 30))


def build_long_history(b: Builder, lead: Json) -> None:
    """Give a lead a 60+ item timeline: threads, calls, notes, meetings, texts, milestones."""
    user = lead["created_by"]
    contacts = [b.state.contacts[c] for c in b.state.lead_children(lead["id"]).contacts]
    start = 140
    _threads(b, lead, user, contacts, start)
    _conversations(b, lead, user, contacts, start)
    _milestones(b, lead, user, start)
