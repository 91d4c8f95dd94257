"""Emails logged to Close: the Email activity for a message, and finding one logged before.

Mail is logged as already received (`inbox`) or already sent (`sent`): never `outbox`,
which makes Close send the email again.
"""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime, formataddr
from typing import Any

from addon.close import CloseClient
from addon.close.models import on_lead
from addon.gmail import Address, MessageBody, MessageHeaders
from addon.matching.participants import Direction

Json = dict[str, Any]
AROUND = timedelta(days=1)  # clocks and time zones differ; a Message-ID does not
# (Close status, Close direction) per way the mail went.
LOGGED_AS: dict[Direction, tuple[str, str]] = {
    "received": ("inbox", "incoming"),
    "sent": ("sent", "outgoing"),
}


def email_activity(
    headers: MessageHeaders,
    body: MessageBody,
    direction: Direction,
    lead_id: str,
    contact_id: str | None,
) -> Json:
    """Return the Email activity to post for a message."""
    status, way = LOGGED_AS[direction]
    payload: Json = on_lead(lead_id, contact_id) | {"status": status, "direction": way}
    payload |= {"subject": headers.subject, "body_text": body.text, "body_html": body.html}
    if headers.sender is not None:
        payload["sender"] = formataddr((headers.sender.name, headers.sender.email))
    payload |= {"to": [a.email for a in headers.to], "cc": [a.email for a in headers.cc]}
    envelope: Json = {
        "from": _parties((headers.sender,) if headers.sender else ()),
        "to": _parties(headers.to),
        "cc": _parties(headers.cc),
        "subject": headers.subject,
        "message_id": headers.rfc_message_id,
    }
    if headers.date is not None:
        # When it was sent or received, not when it was logged.
        payload["date_created"] = payload["activity_at"] = headers.date.isoformat()
        envelope["date"] = format_datetime(headers.date)
    return payload | {"envelope": envelope}


def log(client: CloseClient, activity: Json) -> str:
    """Post an Email activity; return its id."""
    return str(client.post("activity/email/", activity)["id"])


def find_logged(client: CloseClient, lead_id: str, headers: MessageHeaders) -> str | None:
    """Return the id of the lead's Email activity for this message, if Close has one.

    It may be there because Close synced the mailbox itself, or because an earlier attempt
    was never answered; either way it carries the message's RFC Message-ID.
    """
    if not headers.rfc_message_id:
        return None
    params: Json = {"lead_id": lead_id, "_type": "Email", "_limit": 100, "_fields": "id,envelope"}
    if headers.date is not None:  # logged or synced, it is filed under when it was sent
        params["activity_at__gte"] = (headers.date - AROUND).isoformat()
        params["activity_at__lte"] = (headers.date + AROUND).isoformat()
    for item in client.get("activity/", params=params).get("data") or []:
        envelope = item.get("envelope") if isinstance(item, dict) else None
        if isinstance(envelope, dict) and envelope.get("message_id") == headers.rfc_message_id:
            return str(item.get("id"))
    return None


def _parties(addresses: tuple[Address, ...]) -> list[dict[str, str]]:
    return [{"email": a.email, "name": a.name} for a in addresses]
