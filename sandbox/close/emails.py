"""Email activities: logging (``inbox``/``sent``), drafts, and an ``outbox`` that never sends."""

from __future__ import annotations

from datetime import datetime
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any

from sandbox.close.activities import activity_time, author, log_activity, resolve_target
from sandbox.close.clock import rfc2822, utcnow
from sandbox.close.errors import validation_error
from sandbox.close.formatting import html_to_text, preview, text_to_html
from sandbox.close.org import user_name
from sandbox.close.templates import get_template, render_text, template_context

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

STATUSES = ("inbox", "draft", "scheduled", "outbox", "sent", "error")
_NEEDS_SENDER = ("inbox", "scheduled", "outbox", "error")
DRAFT_FIELDS = ("subject", "body_text", "body_html", "to", "cc", "bcc", "status", "sender")


def _addresses(payload: Json, key: str, errors: dict[str, str]) -> list[str]:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and "@" in v for v in value):
        errors[key] = "Enter a list of email addresses."
        return []
    return list(value)


def _party(address: str) -> Json:
    name, email = parseaddr(address)
    return {"email": email, "name": name}


def _check(payload: Json) -> dict[str, str]:
    errors: dict[str, str] = {}
    status = payload.get("status")
    if status not in STATUSES:
        errors["status"] = "This field is required." if not status else "Not a valid choice."
    elif status in _NEEDS_SENDER and not payload.get("sender"):
        errors["sender"] = "This field is required."
    if status == "scheduled" and not payload.get("date_scheduled"):
        errors["date_scheduled"] = "This field is required."
    return errors


def _apply_template(state: CloseState, user_id: str, email: Json, template_id: str) -> None:
    template = get_template(state, user_id, template_id)
    email["template_id"], email["template_name"] = template["id"], template["name"]
    if email["body_text"] or email["body_html"]:
        return  # Close renders the template only when no body was sent
    lead = state.leads[email["lead_id"]]
    contact = state.contacts.get(email["contact_id"] or "")
    context = template_context(state, user_id, lead, contact)
    email["body_text"] = render_text(template["body"], context)
    email["subject"] = email["subject"] or render_text(template["subject"], context)


def _envelope(email: Json, when: datetime) -> Json:
    sender = _party(email["sender"])
    return {
        "from": [sender],
        "sender": [sender],
        "to": [_party(a) for a in email["to"]],
        "cc": [_party(a) for a in email["cc"]],
        "bcc": [_party(a) for a in email["bcc"]],
        "reply_to": [],
        "date": rfc2822(when),
        "subject": email["subject"],
        "message_id": email["message_id"],
        "in_reply_to": None,
    }


def _finish(email: Json) -> None:
    """Derive the body variants, preview and the sandbox's no-send marker."""
    if email["body_html"] and not email["body_text"]:
        email["body_text"] = html_to_text(email["body_html"])
    if email["body_text"] and not email["body_html"]:
        email["body_html"] = text_to_html(email["body_text"])
    email["body_preview"] = preview(email["body_text"])
    # Real Close sends ``outbox`` (now) and ``scheduled`` (later) emails; the sandbox only
    # stores them, and says so.
    email["sandbox_not_sent"] = email["status"] in ("outbox", "scheduled")


def create_email(state: CloseState, user_id: str, payload: Json) -> Json:
    """Handle ``POST /activity/email/``; return the stored email activity."""
    lead_id, contact_id = resolve_target(state, payload)
    errors = _check(payload)
    who = author(state, payload, user_id)
    email: Json = {"contact_id": contact_id, "lead_id": lead_id, "status": payload.get("status")}
    for key in ("to", "cc", "bcc"):
        email[key] = _addresses(payload, key, errors)
    if errors:
        raise validation_error(errors)
    when = activity_time(payload) or utcnow()
    default_sender = formataddr((user_name(state, who) or "", state.users[who]["email"]))
    email["sender"] = str(payload.get("sender") or default_sender)
    email["direction"] = payload.get("direction") or (
        "incoming" if email["status"] == "inbox" else "outgoing"
    )
    for key in ("subject", "body_text", "body_html"):
        email[key] = str(payload.get(key) or "")
    email |= {"template_id": None, "template_name": None, "attachments": [], "opens": []}
    if payload.get("template_id"):
        _apply_template(state, who, email, str(payload["template_id"]))
    email["message_id"] = _given_message_id(payload) or (
        f"<{state.new_id('msg').lower()}@sandbox.close.com>"
    )
    email["envelope"] = _envelope(email, when)
    email |= {"date_scheduled": payload.get("date_scheduled"), "send_attempts": []}
    email["date_sent"] = email["envelope"]["date"] if email["status"] == "sent" else None
    _finish(email)
    record = log_activity(state, "Email", lead_id, who, email, at=when)
    record["thread_id"] = record["id"]
    return record


def _given_message_id(payload: Json) -> str | None:
    # A logged email keeps the Message-ID it was sent with (its ``envelope``), so it can be
    # recognised later; a new draft or send gets one minted here.
    envelope = payload.get("envelope")
    given = envelope.get("message_id") if isinstance(envelope, dict) else None
    return given if isinstance(given, str) and given.strip() else None


def update_draft(email: Json, payload: Json) -> None:
    """Apply a ``PUT`` to a draft email (Close lets only drafts change)."""
    if email["status"] != "draft":
        raise validation_error(errors=["Only draft emails can be modified."])
    errors = _check({"status": payload.get("status", "draft"), "sender": email["sender"]})
    for key in ("to", "cc", "bcc"):
        if key in payload:
            email[key] = _addresses(payload, key, errors)
    if errors:
        raise validation_error(errors)
    for key in ("subject", "body_text", "body_html", "status", "sender"):
        if key in payload:
            email[key] = str(payload[key] or "")
    # A new body in one form replaces the derived other form.
    if "body_html" in payload and "body_text" not in payload:
        email["body_text"] = ""
    if "body_text" in payload and "body_html" not in payload:
        email["body_html"] = ""
    _finish(email)
    email["envelope"]["subject"] = email["subject"]
    for key in ("to", "cc", "bcc"):
        email["envelope"][key] = [_party(a) for a in email[key]]
