"""Sequences, their subscriptions and unsubscribed addresses, in Close's shapes.

Shapes follow Close's OpenAPI file (api-evangelist/close, openapi/close-sequences-api-openapi.yml
and close-openapi.yml): a sequence ``seq_…`` has ``steps`` (an email step names its
``email_template_id``); a subscription ``sub_…`` carries the contact, the address it writes
to and the sender, with ``status`` active, paused, finished, goal or error and a
``status_reason`` (``manual`` once paused by hand, ``reply-received``, ``email-bounced``…).
A contact lists its subscriptions as ``BasicSubscriptionInfoForContact`` and each address
says ``is_unsubscribed``. What Close refuses (which states a PUT may leave, the exact
wording of its 400s) is not documented: the rules here are the emulator's reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.close.clock import now_iso
from sandbox.close.errors import not_found, validation_error
from sandbox.close.listing import Args, page
from sandbox.close.records import new_record
from sandbox.close.state import fetch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

SUBSCRIBE_FIELDS = (
    "sequence_id",
    "contact_id",
    "contact_email",
    "sender_account_id",
    "sender_name",
    "sender_email",
)
SETTABLE = ("active", "paused")
# Still running or waiting to resume: a contact is in a sequence once while so.
ONGOING = ("active", "paused")
# Paused for a reason that resuming would only repeat.
NOT_RESUMABLE_REASONS = ("email-bounced",)
REQUIRED = "This field is required."
MISSING = "Object does not exist."


def add_sequence(state: CloseState, user_id: str, name: str, steps: list[Json]) -> Json:
    """Store an active sequence; each step is ``{"step_type", "delay"[, "email_template_id"]}``."""
    sequence = _stamped(new_record(state, "seq", user_id))
    sequence |= {"name": name, "status": "active", "schedule": None, "timezone": "US/Eastern"}
    sequence["steps"] = [_step(state, user_id, step) for step in steps]
    state.sequences[sequence["id"]] = sequence
    return sequence


def _step(state: CloseState, user_id: str, step: Json) -> Json:
    kind = step.get("step_type", "email")
    record = _stamped(new_record(state, "seqstep", user_id))
    return record | {
        "step_type": kind,
        "delay": int(step.get("delay", 0)),
        "email_template_id": step.get("email_template_id") if kind == "email" else None,
        "threading": "old_thread" if kind == "email" else None,
        "required": True,
        "step_allowed_delay": None,
    }


def _stamped(record: Json) -> Json:
    # Sequences use Close's newer *_by_id stamps, not created_by/updated_by.
    record["created_by_id"] = record.pop("created_by")
    record["updated_by_id"] = record.pop("updated_by")
    return record


def list_sequences(state: CloseState, args: Args) -> Json:
    """Handle ``GET /sequence/``."""
    return page(list(state.sequences.values()), args, dict)


def get_sequence(state: CloseState, sequence_id: str) -> Json:
    """Handle ``GET /sequence/{id}/``."""
    return dict(fetch(state.sequences, sequence_id, "Sequence"))


def list_subscriptions(state: CloseState, args: Args) -> Json:
    """Handle ``GET /sequence_subscription/``: by contact, lead or sequence (one is required)."""
    filters = {k: str(args[k]) for k in ("contact_id", "lead_id", "sequence_id") if args.get(k)}
    if not filters:
        raise validation_error(
            errors=["At least one of sequence_id, contact_id and lead_id is required."]
        )
    found = [
        s
        for s in state.subscriptions.values()
        if all(s.get(key) == value for key, value in filters.items())
    ]
    return page(found, args, dict)


def get_subscription(state: CloseState, subscription_id: str) -> Json:
    """Handle ``GET /sequence_subscription/{id}/``."""
    return dict(fetch(state.subscriptions, subscription_id, "SequenceSubscription"))


def subscribe(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /sequence_subscription/``: start a contact on a sequence from one address."""
    errors = _subscribe_errors(state, payload)
    if errors:
        raise validation_error(errors)
    sequence = state.sequences[str(payload["sequence_id"])]
    contact = state.contacts[str(payload["contact_id"])]
    subscription = _stamped(new_record(state, "sub", user_id))
    subscription |= {
        "sequence_id": sequence["id"],
        "contact_id": contact["id"],
        "lead_id": contact["lead_id"],
        "contact_email": str(payload["contact_email"]).strip(),
        "sender_account_id": str(payload["sender_account_id"]),
        "sender_name": str(payload["sender_name"]),
        "sender_email": str(payload["sender_email"]),
        "calls_assigned_to": list(payload.get("calls_assigned_to") or [user_id]),
        "start_date": None,
        "status": "active",
        "status_reason": None,
    }
    state.subscriptions[subscription["id"]] = subscription
    return dict(subscription)


def _subscribe_errors(state: CloseState, payload: Json) -> dict[str, str]:
    """Return what is wrong with a subscription asked for, by field."""
    errors = {name: REQUIRED for name in SUBSCRIBE_FIELDS if not _text(payload.get(name))}
    if errors:
        return errors
    sequence = state.sequences.get(str(payload["sequence_id"]))
    contact = state.contacts.get(str(payload["contact_id"]))
    address = str(payload["contact_email"]).strip()
    if sequence is None:
        errors["sequence_id"] = MISSING
    elif sequence["status"] != "active":
        errors["sequence_id"] = "This sequence is not active."
    if not _is_email_account(state, str(payload["sender_account_id"])):
        errors["sender_account_id"] = MISSING
    if contact is None:
        errors["contact_id"] = MISSING
    elif not any(e["email"].lower() == address.lower() for e in contact["emails"]):
        errors["contact_email"] = "This email address does not belong to the contact."
    elif is_unsubscribed(state, address, contact):
        errors["contact_email"] = "This email address is unsubscribed."
    elif sequence is not None and any(
        s["status"] in ONGOING for s in _of(state, contact["id"], sequence["id"])
    ):
        errors["contact_id"] = "This contact is already subscribed to this sequence."
    return errors


def update_subscription(
    state: CloseState, user_id: str, subscription_id: str, payload: Json
) -> Json:
    """Handle ``PUT /sequence_subscription/{id}/``: pause an active one or resume a paused one."""
    subscription = fetch(state.subscriptions, subscription_id, "SequenceSubscription")
    wanted = payload.get("status")
    if wanted not in SETTABLE:
        raise validation_error({"status": "Status must be active or paused."})
    now, reason = subscription["status"], subscription["status_reason"]
    if wanted == "paused" and now not in ONGOING:
        raise validation_error({"status": f"A {now} subscription cannot be paused."})
    if wanted == "active" and (now not in ONGOING or reason in NOT_RESUMABLE_REASONS):
        said = "bounced" if reason in NOT_RESUMABLE_REASONS else now
        raise validation_error({"status": f"A {said} subscription cannot be resumed."})
    if wanted != now:
        subscription["status"] = wanted
        subscription["status_reason"] = "manual" if wanted == "paused" else None
        subscription["date_updated"] = now_iso()
        subscription["updated_by_id"] = user_id
    return dict(subscription)


def set_state(subscription: Json, status: str, reason: str | None) -> None:
    """Put a subscription in any state directly (demo data: a reply, a bounce, the end)."""
    subscription |= {"status": status, "status_reason": reason}


def contact_subscriptions(state: CloseState, contact_id: str) -> list[Json]:
    """Return a contact's subscriptions as Close nests them in the contact."""
    return [
        {
            "subscription_id": s["id"],
            "sequence_id": s["sequence_id"],
            "sequence_name": state.sequences[s["sequence_id"]]["name"],
            "sequence_status": state.sequences[s["sequence_id"]]["status"],
            "subscription_status": s["status"],
            "subscription_status_reason": s["status_reason"],
            "contact_email": s["contact_email"],
            "date_created": s["date_created"],
            "start_date": s["start_date"],
            "initial_email_id": None,
        }
        for s in state.subscriptions.values()
        if s["contact_id"] == contact_id and s["sequence_id"] in state.sequences
    ]


def is_unsubscribed(state: CloseState, address: str, contact: Json | None = None) -> bool:
    """Tell whether an address is unsubscribed, organization-wide or on the contact itself."""
    lowered = address.lower()
    if lowered in state.unsubscribed:
        return True
    entries = contact["emails"] if contact else []
    return any(e["email"].lower() == lowered and e.get("is_unsubscribed") for e in entries)


def unsubscribe(state: CloseState, payload: Json) -> Json:
    """Handle ``POST /unsubscribe/email/ {email}``: Close sends this address nothing more."""
    address = payload.get("email")
    if not _text(address) or "@" not in str(address):
        raise validation_error({"email": "Enter a valid email address."})
    state.unsubscribed.add(str(address).strip().lower())
    return {}


def resubscribe(state: CloseState, address: str) -> Json:
    """Handle ``DELETE /unsubscribe/email/{email}/``."""
    lowered = address.lower()
    if lowered not in state.unsubscribed and not _flagged(state, lowered):
        raise not_found("UnsubscribedEmail")
    state.unsubscribed.discard(lowered)
    for contact in state.contacts.values():
        for entry in contact["emails"]:
            if entry["email"].lower() == lowered:
                entry["is_unsubscribed"] = False
    return {}


def _flagged(state: CloseState, lowered: str) -> bool:
    return any(
        e["email"].lower() == lowered and e.get("is_unsubscribed")
        for c in state.contacts.values()
        for e in c["emails"]
    )


def _of(state: CloseState, contact_id: str, sequence_id: str) -> list[Json]:
    return [
        s
        for s in state.subscriptions.values()
        if s["contact_id"] == contact_id and s["sequence_id"] == sequence_id
    ]


def _is_email_account(state: CloseState, account_id: str) -> bool:
    return any(u.get("email_account_id") == account_id for u in state.users.values())


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
