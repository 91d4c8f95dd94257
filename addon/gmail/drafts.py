"""A reply draft as Gmail's `users.drafts.create` takes it: an RFC 2822 message, base64url.

Gmail files a draft into a thread only when the request names the `threadId`, the
`In-Reply-To` and `References` headers point at the thread's message and the subject
matches (developers.google.com/gmail/api/guides/threads): all three are set here.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from html import unescape

from addon.gmail.addresses import Address
from addon.gmail.headers import MessageHeaders

_REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|antw)\s*:", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class CreatedDraft:
    """The draft Gmail made: what `openCreatedDraftActionMarkup` opens."""

    draft_id: str
    thread_id: str


def reply_subject(subject: str) -> str:
    """Return the subject of a reply: "Re: " once, as Gmail writes it."""
    subject = subject.strip()
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}".rstrip()


def reply_recipients(headers: MessageHeaders, own_addresses: frozenset[str]) -> tuple[Address, ...]:
    """Return whom a reply goes to, as Gmail's Reply does.

    The Reply-To or the sender; when the user sent the message themselves, its recipients.
    """
    sender = headers.sender
    if sender is not None and sender.email.lower() in own_addresses:
        return headers.to
    if headers.reply_to:
        return headers.reply_to
    return (sender,) if sender is not None else ()


def reply_raw(
    headers: MessageHeaders, to: tuple[Address, ...], subject: str, body_html: str
) -> str:
    """Return the base64url RFC 2822 reply to `headers`' message, HTML with a text part."""
    message = EmailMessage(policy=SMTP)
    message["To"] = ", ".join(formataddr((a.name or "", a.email)) for a in to)
    message["Subject"] = subject
    if headers.rfc_message_id:
        message["In-Reply-To"] = headers.rfc_message_id
        message["References"] = headers.rfc_message_id
    message.set_content(_as_text(body_html))
    message.add_alternative(body_html, subtype="html")
    return base64.urlsafe_b64encode(message.as_bytes()).decode("ascii")


def _as_text(body_html: str) -> str:
    text = re.sub(r"<br\s*/?>|</p>", "\n", body_html, flags=re.IGNORECASE)
    return unescape(_TAGS.sub("", text))
