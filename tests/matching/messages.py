"""Build MessageHeaders from raw header strings, as Gmail would hand them over."""

from __future__ import annotations

from addon.gmail import MessageHeaders
from addon.gmail.addresses import parse_addresses


def headers(
    *,
    sender: str | None = None,
    to: str | None = None,
    cc: str | None = None,
    reply_to: str | None = None,
) -> MessageHeaders:
    """Return headers for a message with the given address headers."""
    senders = parse_addresses(sender)
    return MessageHeaders(
        message_id="m1",
        thread_id="t1",
        sender=senders[0] if senders else None,
        reply_to=parse_addresses(reply_to),
        to=parse_addresses(to),
        cc=parse_addresses(cc),
        subject="Hello",
        date=None,
        rfc_message_id=None,
    )
