"""Close's pipeline guidance and comments on the demo inbox's leads.

Brightlane (the known sender's lead) has a deal where Close suggests a follow-up email to
Dana, with a subject and a message drafted, and comments on the lead and on the deal.
Quillfeather (the thread lead) has a stalled deal Close cannot get in touch about, with a
call suggested, and a second deal whose close date Close suggests moving.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.close.comments import create_comment
from sandbox.demo_data.builder import Builder
from sandbox.demo_data.constants import KNOWN_SENDER, THREAD_LEAD_NAME

Json = dict[str, Any]

FOLLOW_UP_SUBJECT = "Security review: what is left before we sign"
FOLLOW_UP_MESSAGE = (
    "Hi Dana,\n\n"
    "Thanks again for walking us through the security review last week. Our team has "
    "answered the questionnaire and the SOC 2 report is in your data room.\n\n"
    "Is anything else needed from us before the MSA goes to signature? Happy to set up a "
    "call with our security lead if that would help.\n\n"
    "Best,\nAlex"
)


def _deals(b: Builder, lead: Json) -> list[Json]:
    return [b.state.opportunities[o] for o in b.state.lead_children(lead["id"]).opportunities]


def _comment(b: Builder, object_id: str, user: str, days_ago: float, text: str) -> None:
    body = "<body>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body>"
    create_comment(b.state, user, {"object_id": object_id, "body": body}, at=b.ago(days_ago))


def build_guidance(b: Builder, special: dict[str, Json]) -> None:
    """Give the demo inbox's deals Close's suggestions, a stalled one, and some comments."""
    main, jordan, priya = b.ids.main_user, b.ids.coworkers[0], b.ids.coworkers[1]
    brightlane = special[KNOWN_SENDER.lead_name]
    dana = next(
        c
        for c in b.state.lead_children(brightlane["id"]).contacts
        if b.state.contacts[c]["name"] == KNOWN_SENDER.name
    )
    (negotiation,) = _deals(b, brightlane)
    negotiation["suggested_action"] = {
        "action": "follow_up_email",
        "justification": (
            "Dana has not replied since the security review call nine days ago, and the "
            "MSA is waiting on her sign-off."
        ),
        "details": {
            "contact_id": dana,
            "subject_draft": FOLLOW_UP_SUBJECT,
            "message_draft": FOLLOW_UP_MESSAGE,
        },
    }
    _comment(b, brightlane["id"], priya, 6, "Dana prefers calls before 10am Central.")
    _comment(b, brightlane["id"], main, 2, "Legal is fine with the MSA redlines.")
    _comment(b, negotiation["id"], jordan, 4, "Can we offer the annual discount here?")
    _comment(b, negotiation["id"], main, 3, "Yes, up to 10% if they sign this quarter.")

    quillfeather = special[THREAD_LEAD_NAME]
    proposal, discovery = _deals(b, quillfeather)
    proposal["is_stalled"] = True
    proposal["stall_status"] = {
        "communication_issue": "cant_get_in_touch",
        "next_action": {
            "action": "change_communication_method",
            "justification": "Three emails to Elena went unanswered.",
        },
    }
    proposal["suggested_action"] = {
        "action": "follow_up_call",
        "justification": "Emails to Elena went unanswered for two weeks; a call may reach her.",
        "details": {
            "contact_id": b.state.lead_children(quillfeather["id"]).contacts[0],
            "call_plan": "Ask whether the proposal reached the budget holder.",
        },
    }
    discovery["suggested_action"] = {
        "action": "adjust_close_date",
        "justification": "Discovery is still under way, so this month's close date is unlikely.",
        "details": {"close_date": (b.now + timedelta(days=45)).date().isoformat()},
    }
