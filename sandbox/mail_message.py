"""One email as the Gmail stand-in stores it, and its `metadata` and `full` API views."""

from __future__ import annotations

import base64
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """One stored email: raw header values as a mail server keeps them."""

    id: str
    thread_id: str
    headers: dict[str, str]
    case: str
    snippet: str = ""
    internal_date_ms: int = 0
    owner: str = ""  # whose mailbox holds it
    body_text: str = ""
    body_html: str = ""

    def summary(self) -> dict[str, str]:
        """Return the inbox-list view of the message."""
        return {
            "id": self.id,
            "threadId": self.thread_id,
            "subject": self.headers.get("Subject", ""),
            "from": self.headers.get("From", ""),
            "to": self.headers.get("To", ""),
            "date": self.headers.get("Date", ""),
            "snippet": self.snippet,
            "case": self.case,
        }

    def metadata(self, wanted: list[str]) -> dict[str, object]:
        """Return the message as `format=metadata` does, limited to the wanted headers."""
        names = {w.lower() for w in wanted} if wanted else None
        headers = [
            {"name": name, "value": value}
            for name, value in self.headers.items()
            if names is None or name.lower() in names
        ]
        return {
            "id": self.id,
            "threadId": self.thread_id,
            "labelIds": ["INBOX"],
            "snippet": self.snippet,
            "internalDate": str(self.internal_date_ms),
            "payload": {"mimeType": "multipart/alternative", "headers": headers},
        }

    def full(self) -> dict[str, object]:
        """Return the message as `format=full` does: every header and the MIME parts."""
        bodies = (("text/plain", self.body_text), ("text/html", self.body_html))
        parts = [_part(str(i), mime, text) for i, (mime, text) in enumerate(bodies) if text]
        headers = [{"name": name, "value": value} for name, value in self.headers.items()]
        payload: dict[str, object] = {"partId": "", "mimeType": "multipart/alternative"}
        payload |= {"filename": "", "headers": headers, "body": {"size": 0}, "parts": parts}
        return {**self.metadata([]), "payload": payload}


def _part(part_id: str, mime_type: str, text: str) -> dict[str, object]:
    data = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    headers = [{"name": "Content-Type", "value": f'{mime_type}; charset="UTF-8"'}]
    body = {"size": len(text.encode()), "data": data}
    return {
        "partId": part_id,
        "mimeType": mime_type,
        "filename": "",
        "headers": headers,
        "body": body,
    }
