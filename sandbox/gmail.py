"""A Gmail stand-in: mailboxes and `users.messages.get`, token-checked, reads counted.

The endpoint answers only when the caller shows both the user's OAuth token and the
per-message access token issued for that very message in that user's mailbox, as Gmail
does for add-ons. `format=metadata` is always allowed (the
`gmail.addons.current.message.metadata` scope); `format=full`, the body, only with a
token that grants content, which Gmail gives with `…message.action` on a user's click.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from sandbox.google import TokenIssuer
from sandbox.mail_message import Message

HEADER_NAMES = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID")


@dataclass
class Inbox:
    """The demo user's messages, newest first; safe to share across threads."""

    owner: str
    messages: list[Message] = field(default_factory=list)
    latency_ms: float = 0.0  # the Gmail API's injected response time, for benchmarks
    sleep: Callable[[float], None] = time.sleep  # how that time is spent; tests pass their own
    _reads: Counter[str] = field(default_factory=Counter)  # API reads by format, for tests
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(
        self,
        headers: dict[str, str],
        *,
        case: str,
        snippet: str = "",
        thread_id: str | None = None,
        body_text: str = "",
        body_html: str = "",
        owner: str | None = None,
    ) -> Message:
        """Store a message (in the demo user's mailbox unless `owner` says whose)."""
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
                owner=(owner or self.owner).lower(),
                body_text=body_text,
                body_html=body_html,
            )
            self.messages.insert(0, message)
            return message

    def count_read(self, fmt: str) -> None:
        """Count one API read of a message in a format (metadata or full)."""
        with self._lock:
            self._reads[fmt] += 1

    def read_counts(self) -> dict[str, int]:
        """Return API reads by format since the last reset."""
        with self._lock:
            return dict(self._reads)

    def reset_reads(self) -> None:
        """Forget the read counts."""
        with self._lock:
            self._reads.clear()

    def get(self, message_id: str) -> Message | None:
        """Return a message by id."""
        with self._lock:
            return next((m for m in self.messages if m.id == message_id), None)

    def list(self, owner: str | None = None) -> list[Message]:
        """Return one mailbox's messages (the demo user's by default), newest first."""
        wanted = (owner or self.owner).lower()
        with self._lock:
            return [m for m in self.messages if m.owner == wanted]


def create_gmail_blueprint(inbox: Inbox, issuer: TokenIssuer) -> Blueprint:
    """Serve the inbox for the preview and the Gmail API stand-in under /sandbox/gmail."""
    bp = Blueprint("sandbox_gmail", __name__)

    @bp.get("/messages")
    def list_messages() -> ResponseReturnValue:
        return jsonify([m.summary() for m in inbox.list(request.args.get("owner"))])

    @bp.post("/messages")
    def add_message() -> ResponseReturnValue:
        raw = request.get_json(silent=True)
        body: dict[str, object] = raw if isinstance(raw, dict) else {}
        headers = body.get("headers")
        if not isinstance(headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            return jsonify(error="headers must be an object of strings"), 400
        thread, owner = body.get("threadId"), body.get("owner")
        message = inbox.add(
            headers,
            case=str(body.get("case") or "custom"),
            snippet=str(body.get("snippet") or ""),
            thread_id=thread if isinstance(thread, str) else None,
            body_text=str(body.get("bodyText") or ""),
            body_html=str(body.get("bodyHtml") or ""),
            owner=owner if isinstance(owner, str) and "@" in owner else None,
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

    @bp.route("/_stats", methods=["GET", "DELETE"])
    def stats() -> ResponseReturnValue:
        # API reads by format since the last DELETE, for benchmarks in another process.
        if request.method == "DELETE":
            inbox.reset_reads()
        return jsonify(inbox.read_counts())

    @bp.get("/gmail/v1/users/me/messages/<message_id>")
    def get_message(message_id: str) -> ResponseReturnValue:
        if inbox.latency_ms:
            inbox.sleep(inbox.latency_ms / 1000)  # Gmail's response time, as the faults set it
        scheme, _, oauth = request.headers.get("Authorization", "").partition(" ")
        owner = issuer.oauth_owner(oauth) if scheme.lower() == "bearer" else None
        if owner is None:
            return _google_error(401, "Request had invalid authentication credentials.")
        access = request.headers.get("X-Goog-Gmail-Access-Token", "")
        if issuer.message_grant(access) != (owner, message_id):
            return _google_error(403, "Missing or wrong per-message access token.")
        message = inbox.get(message_id)
        if message is None or message.owner != owner:
            return _google_error(404, "Requested entity was not found.")
        fmt = request.args.get("format", "full")
        if fmt == "metadata":
            inbox.count_read(fmt)
            return jsonify(message.metadata(request.args.getlist("metadataHeaders")))
        if fmt != "full":
            return _google_error(400, f"The add-on scopes do not allow format {fmt.upper()}.")
        if not issuer.may_read_content(access):
            return _google_error(403, "Request had insufficient authentication scopes.")
        inbox.count_read(fmt)
        return jsonify(message.full())

    return bp


def _google_error(status: int, message: str) -> ResponseReturnValue:
    return jsonify(error={"code": status, "message": message, "status": str(status)}), status
