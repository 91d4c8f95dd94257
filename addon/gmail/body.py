"""The open message's body, read from a `users.messages.get?format=full` reply.

Only a click may read it (the `gmail.addons.current.message.action` scope grants content
"upon user interaction"), so nothing here runs when an email is opened. Attachments are
left out: their parts carry a filename and their data is not inline anyway.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_BODY_CHARS = 200_000  # Close stores whole emails; a pasted log file need not follow


@dataclass(frozen=True)
class MessageBody:
    """The email's text and HTML bodies ("" where the message has none)."""

    text: str = ""
    html: str = ""


def body_from_message(data: Mapping[str, Any]) -> MessageBody:
    """Return the first plain-text and the first HTML body of a Gmail Message resource."""
    found: dict[str, str] = {}
    for mime_type, text in _inline_parts(data.get("payload")):
        found.setdefault(mime_type, text)
    text, html = found.get("text/plain", ""), found.get("text/html", "")
    return MessageBody(text=text[:MAX_BODY_CHARS], html=html[:MAX_BODY_CHARS])


def _inline_parts(part: object) -> Iterator[tuple[str, str]]:
    """Yield (mime type, decoded text) of every inline text part, depth first."""
    if not isinstance(part, dict):
        return
    mime_type = str(part.get("mimeType") or "").lower()
    children = part.get("parts")
    if isinstance(children, list):
        for child in children:
            yield from _inline_parts(child)
        return
    if part.get("filename") or mime_type not in ("text/plain", "text/html"):
        return
    body = part.get("body")
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, str) and data:
        yield mime_type, _decode(data, _charset(part))


def _charset(part: Mapping[str, Any]) -> str:
    headers = part.get("headers")
    for header in headers if isinstance(headers, list) else []:
        if not isinstance(header, dict) or str(header.get("name", "")).lower() != "content-type":
            continue
        for param in str(header.get("value", "")).split(";")[1:]:
            name, _, value = param.strip().partition("=")
            if name.lower() == "charset" and value:
                return value.strip().strip('"')
    return "utf-8"


def _decode(data: str, charset: str) -> str:
    # Gmail sends base64url, sometimes without padding.
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError):
        return ""
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know: UTF-8 is the likeliest reading
        return raw.decode("utf-8", errors="replace")
