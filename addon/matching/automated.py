"""Recognise no-reply, notification and mailing-list senders: people we never create."""

from __future__ import annotations

import re

from addon.gmail import Address, MessageHeaders

# Local parts with separators removed and any +tag dropped ("no-reply+x" -> "noreply").
# Role inboxes such as info@, sales@ and support@ are read by people, so they stay out.
_AUTOMATED_LOCALS = frozenset(
    {
        "noreply",
        "donotreply",
        "dontreply",
        "mailerdaemon",
        "postmaster",
        "bounce",
        "bounces",
        "notification",
        "notifications",
        "notify",
        "alert",
        "alerts",
        "newsletter",
        "newsletters",
        "news",
        "updates",
        "autoreply",
        "autoresponder",
    }
)
# Safe anywhere in the local part: "github-noreply", "calendar-notification".
_AUTOMATED_FRAGMENTS = ("noreply", "donotreply", "mailerdaemon", "notification")
# Safe as the first word of a generated address: "bounces-1234-abc", "newsletter-de".
_AUTOMATED_FIRST_WORDS = frozenset(
    {"bounce", "bounces", "noreply", "newsletter", "notifications", "alerts", "updates"}
)
_SEPARATORS = re.compile(r"[._=\-]+")
_BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})


def is_automated(address: Address, headers: MessageHeaders | None = None) -> bool:
    """Tell whether an address sends automated mail; header signals apply to the sender."""
    if automated_local_part(address.email):
        return True
    if headers is None or headers.sender is None:
        return False
    return headers.sender.email == address.email and bulk_headers(headers)


def automated_local_part(email: str) -> bool:
    """Tell whether the part before the @ names a no-reply or notification mailbox."""
    local = email.strip().lower().rpartition("@")[0].split("+", 1)[0]
    compact = _SEPARATORS.sub("", local)
    return bool(local) and (
        compact in _AUTOMATED_LOCALS
        or any(fragment in compact for fragment in _AUTOMATED_FRAGMENTS)
        or _SEPARATORS.split(local, maxsplit=1)[0] in _AUTOMATED_FIRST_WORDS
    )


def bulk_headers(headers: MessageHeaders) -> bool:
    """Tell whether the headers mark the message as list, bulk or auto-generated mail."""
    if headers.list_id or headers.list_unsubscribe:
        return True
    if (headers.precedence or "").strip().lower() in _BULK_PRECEDENCE:
        return True
    # RFC 3834: "no" is the only value a person's own message may carry.
    mode = (headers.auto_submitted or "").split(";", 1)[0].strip().lower()
    return bool(mode) and mode != "no"
