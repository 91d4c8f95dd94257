"""Sequences in the demo: who is in which one, in which state, and one unsubscribed address.

Every case the record card shows is on a person of the demo inbox: the known sender is
active in a sequence, Elena (Quillfeather's CEO) paused it by replying, Aisha finished it,
Tom's address bounced in another, and Marcus Bell unsubscribed from Close's emails.
"""

from __future__ import annotations

from sandbox.close import sequences
from sandbox.close.org import user_name
from sandbox.demo_data.builder import Builder
from sandbox.demo_data.constants import FREEMAIL_CONTACT, KNOWN_SENDER, THREAD_CONTACTS

DAY = 86_400
FOLLOW_UP = "Enterprise follow-up"
RE_ENGAGE = "Re-engage quiet leads"
# (person's address, sequence, status, reason); the rest are left for "Add to sequence".
ELENA, TOM, AISHA, _PROCUREMENT = THREAD_CONTACTS
SUBSCRIPTIONS = (
    (KNOWN_SENDER.email, FOLLOW_UP, "active", None),
    (ELENA.email, FOLLOW_UP, "paused", "reply-received"),
    (AISHA.email, FOLLOW_UP, "finished", None),
    (TOM.email, RE_ENGAGE, "error", "email-bounced"),
)
UNSUBSCRIBED = (FREEMAIL_CONTACT.email,)


def build_sequences(b: Builder) -> None:
    """Add two sequences, the demo people's subscriptions to them and an unsubscribed address."""
    state, main = b.state, b.ids.main_user
    template = {t["name"]: t["id"] for t in state.templates.values() if t["is_shared"]}
    by_name = {
        FOLLOW_UP: sequences.add_sequence(
            state,
            main,
            FOLLOW_UP,
            [
                {
                    "step_type": "email",
                    "delay": 0,
                    "email_template_id": template["Intro — first touch"],
                },
                {"step_type": "call", "delay": 2 * DAY},
                {
                    "step_type": "email",
                    "delay": 4 * DAY,
                    "email_template_id": template["Follow-up after demo"],
                },
            ],
        ),
        RE_ENGAGE: sequences.add_sequence(
            state,
            b.ids.coworkers[0],
            RE_ENGAGE,
            [
                {
                    "step_type": "email",
                    "delay": 0,
                    "email_template_id": template["Pricing overview"],
                },
                {
                    "step_type": "email",
                    "delay": 7 * DAY,
                    "email_template_id": template["Renewal reminder"],
                },
            ],
        ),
    }
    sender = {
        "sender_account_id": state.users[main]["email_account_id"],
        "sender_name": user_name(state, main),
        "sender_email": state.users[main]["email"],
    }
    for address, name, status, reason in SUBSCRIPTIONS:
        contact = _contact_with(b, address)
        payload = {
            "sequence_id": by_name[name]["id"],
            "contact_id": contact,
            "contact_email": address,
        }
        subscription = sequences.subscribe(state, main, payload | sender)
        sequences.set_state(state.subscriptions[subscription["id"]], status, reason)
    for address in UNSUBSCRIBED:
        sequences.unsubscribe(state, {"email": address})


def _contact_with(b: Builder, address: str) -> str:
    return next(
        str(c["id"])
        for c in b.state.contacts.values()
        if any(e["email"].lower() == address.lower() for e in c["emails"])
    )
