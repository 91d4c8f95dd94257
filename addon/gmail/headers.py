"""The open message's headers, read from a `users.messages.get?format=metadata` reply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from addon.gmail.addresses import Address, decode_words, parse_addresses
from addon.gmail.errors import GmailUnavailable

# Exactly what matching and automated-mail detection read; nothing of the body.
HEADER_NAMES = (
    "From",
    "To",
    "Cc",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "Precedence",
    "Auto-Submitted",
)


@dataclass(frozen=True)
class MessageHeaders:
    """Who sent the message to whom, when, and the signals of automated mail."""

    message_id: str
    thread_id: str
    sender: Address | None
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    subject: str
    date: datetime | None
    rfc_message_id: str | None
    list_id: str | None = None
    list_unsubscribe: str | None = None
    precedence: str | None = None
    auto_submitted: str | None = None


def headers_from_message(data: Mapping[str, Any], message_id: str) -> MessageHeaders:
    """Build MessageHeaders from Gmail's Message JSON; raise GmailUnavailable if unreadable."""
    payload = data.get("payload")
    raw = payload.get("headers") if isinstance(payload, dict) else None
    if not isinstance(raw, list):
        raise GmailUnavailable("Gmail sent a message we could not read.")
    values = _collect(raw)
    senders = parse_addresses(values.get("from"))
    return MessageHeaders(
        message_id=_text(data.get("id")) or message_id,
        thread_id=_text(data.get("threadId")) or "",
        sender=senders[0] if senders else None,
        reply_to=parse_addresses(values.get("reply-to")),
        to=parse_addresses(values.get("to")),
        cc=parse_addresses(values.get("cc")),
        subject=" ".join(decode_words(values.get("subject", "")).split()),
        date=parse_date(values.get("date")),
        rfc_message_id=_optional(values.get("message-id")),
        list_id=_optional(values.get("list-id")),
        list_unsubscribe=_optional(values.get("list-unsubscribe")),
        precedence=_optional(values.get("precedence")),
        auto_submitted=_optional(values.get("auto-submitted")),
    )


def parse_date(value: str | None) -> datetime | None:
    """Parse an RFC 5322 date into an aware datetime, or None when it is unparsable."""
    if not value or not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # "-0000" means "zone unknown" and parses naive; UTC is the honest reading.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _collect(raw: list[Any]) -> dict[str, str]:
    """Index header values by lowercased name; repeated address headers are joined."""
    values: dict[str, str] = {}
    for item in raw:
        if not isinstance(item, dict):
            continue
        name, value = _text(item.get("name")).lower(), _text(item.get("value"))
        if not name:
            continue
        if name in values and name in ("to", "cc", "reply-to"):
            values[name] = f"{values[name]}, {value}"
        else:
            values.setdefault(name, value)  # Gmail lists headers top-down: first wins
    return values


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _optional(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None
