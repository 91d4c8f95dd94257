"""A Gmail stand-in: an inbox and `users.messages.get?format=metadata`, token-checked.

The metadata endpoint answers only when the caller shows both the user's OAuth token and
the per-message access token issued for that very message, as Gmail does for add-ons
with the `gmail.addons.current.message.metadata` scope.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from addon.sandbox.google import TokenIssuer

HEADER_NAMES = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID")


@dataclass(frozen=True)
class Message:
    """One stored email: raw header values as a mail server keeps them."""

    id: str
    thread_id: str
    headers: dict[str, str]
    case: str
    snippet: str = ""
    internal_date_ms: int = 0

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


@dataclass
class Inbox:
    """The demo user's messages, newest first; safe to share across threads."""

    owner: str
    messages: list[Message] = field(default_factory=list)
    latency_ms: float = 0.0  # injected before each Gmail API answer, for benchmarks
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(
        self, headers: dict[str, str], *, case: str, snippet: str = "", thread_id: str | None = None
    ) -> Message:
        """Store a message and return it with its new id."""
        with self._lock:
            number = next(self._ids)
            message_id = f"18c{number:013x}"
            message = Message(
                id=message_id,
                thread_id=thread_id or message_id,
                headers={k: v for k, v in headers.items() if v is not None},
                case=case,
                snippet=snippet,
                internal_date_ms=int(time.time() * 1000),
            )
            self.messages.insert(0, message)
            return message

    def get(self, message_id: str) -> Message | None:
        """Return a message by id."""
        with self._lock:
            return next((m for m in self.messages if m.id == message_id), None)

    def list(self) -> list[Message]:
        """Return all messages, newest first."""
        with self._lock:
            return list(self.messages)


def create_gmail_blueprint(inbox: Inbox, issuer: TokenIssuer) -> Blueprint:
    """Serve the inbox for the preview and the Gmail API stand-in under /sandbox/gmail."""
    bp = Blueprint("sandbox_gmail", __name__)

    @bp.get("/messages")
    def list_messages() -> ResponseReturnValue:
        return jsonify([m.summary() for m in inbox.list()])

    @bp.post("/messages")
    def add_message() -> ResponseReturnValue:
        raw = request.get_json(silent=True)
        body: dict[str, object] = raw if isinstance(raw, dict) else {}
        headers = body.get("headers")
        if not isinstance(headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            return jsonify(error="headers must be an object of strings"), 400
        thread = body.get("threadId")
        message = inbox.add(
            headers,
            case=str(body.get("case") or "custom"),
            snippet=str(body.get("snippet") or ""),
            thread_id=thread if isinstance(thread, str) else None,
        )
        return jsonify(id=message.id, threadId=message.thread_id), 201

    @bp.post("/_faults")
    def set_faults() -> ResponseReturnValue:
        body = request.get_json(silent=True) or {}
        latency = body.get("latency_ms", 0) if isinstance(body, dict) else 0
        if not isinstance(latency, int | float) or not 0 <= latency <= 60_000:
            return jsonify(error="latency_ms must be a number of milliseconds"), 400
        inbox.latency_ms = float(latency)
        return jsonify(latency_ms=inbox.latency_ms)

    @bp.get("/gmail/v1/users/me/messages/<message_id>")
    def get_message(message_id: str) -> ResponseReturnValue:
        if inbox.latency_ms:
            time.sleep(inbox.latency_ms / 1000)
        scheme, _, oauth = request.headers.get("Authorization", "").partition(" ")
        owner = issuer.oauth_owner(oauth) if scheme.lower() == "bearer" else None
        if owner is None:
            return _google_error(401, "Request had invalid authentication credentials.")
        grant = issuer.message_grant(request.headers.get("X-Goog-Gmail-Access-Token", ""))
        if grant != (owner, message_id) or owner != inbox.owner:
            return _google_error(403, "Missing or wrong per-message access token.")
        message = inbox.get(message_id)
        if message is None:
            return _google_error(404, "Requested entity was not found.")
        if request.args.get("format", "full") != "metadata":
            return _google_error(403, "Metadata scope does not allow format FULL")
        return jsonify(message.metadata(request.args.getlist("metadataHeaders")))

    return bp


def _google_error(status: int, message: str) -> ResponseReturnValue:
    return jsonify(error={"code": status, "message": message, "status": str(status)}), status
