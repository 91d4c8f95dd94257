"""A Gmail stand-in: mailboxes, `users.messages.get` and `users.drafts.create`, token-checked.

The endpoint answers only when the caller shows both the user's OAuth token and the
per-message access token issued for that very message in that user's mailbox, as Gmail
does for add-ons. `format=metadata` is always allowed (the
`gmail.addons.current.message.metadata` scope); `format=full`, the body, only with a
token that grants content, which Gmail gives with `…message.action` on a user's click.

`users.drafts.create` takes the same two tokens: the per-message token lets an add-on
draft a reply to the open message (`gmail.addons.current.action.compose`), so a draft may
name only that message's thread. As Gmail does, the draft joins the thread only when its
`In-Reply-To`/`References` name a message of the thread and its subject matches; otherwise
it starts a thread of its own (developers.google.com/gmail/api/guides/threads).
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import itertools
import re
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
_REPLY_PREFIXES = re.compile(r"^(\s*(re|fwd?|aw|sv)\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """A draft as `users.drafts.create` stored it: its ids and what the compose window shows."""

    id: str
    message_id: str
    thread_id: str
    owner: str
    to: str
    subject: str
    in_reply_to: str
    body_html: str
    body_text: str

    def resource(self) -> dict[str, object]:
        """Return the Draft resource Gmail answers with."""
        message = {"id": self.message_id, "threadId": self.thread_id, "labelIds": ["DRAFT"]}
        return {"id": self.id, "message": message}

    def preview(self) -> dict[str, str]:
        """Return the draft for the preview's compose window."""
        return {
            "id": self.id,
            "threadId": self.thread_id,
            "to": self.to,
            "subject": self.subject,
            "inReplyTo": self.in_reply_to,
            "bodyHtml": self.body_html,
            "bodyText": self.body_text,
        }


@dataclass
class Inbox:
    """The demo user's messages, newest first; safe to share across threads."""

    owner: str
    messages: list[Message] = field(default_factory=list)
    latency_ms: float = 0.0  # the Gmail API's injected response time, for benchmarks
    sleep: Callable[[float], None] = time.sleep  # how that time is spent; tests pass their own
    drafts: dict[str, Draft] = field(default_factory=dict)
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

    def add_draft(self, owner: str, raw: bytes, thread_id: str | None) -> Draft:
        """Store a draft from its RFC 2822 bytes, in `thread_id` if Gmail would thread it."""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(parsed.get("Subject") or "")
        in_reply_to = str(parsed.get("In-Reply-To") or "")
        references = f"{in_reply_to} {parsed.get('References') or ''}".split()
        html = parsed.get_body(preferencelist=("html",))
        text = parsed.get_body(preferencelist=("plain",))
        with self._lock:
            number = next(self._ids)
            message_id = f"18d{number:013x}"
            thread = [m for m in self.messages if m.thread_id == thread_id and m.owner == owner]
            threaded = thread_id is not None and any(
                m.headers.get("Message-ID") in references
                and _bare_subject(m.headers.get("Subject", "")) == _bare_subject(subject)
                for m in thread
            )
            draft = Draft(
                id=f"r{number:019d}",
                message_id=message_id,
                thread_id=thread_id if threaded and thread_id else message_id,
                owner=owner,
                to=str(parsed.get("To") or ""),
                subject=subject,
                in_reply_to=in_reply_to,
                body_html=str(html.get_content()) if html is not None else "",
                body_text=str(text.get_content()) if text is not None else "",
            )
            self.drafts[draft.id] = draft
            return draft

    def list_drafts(self, owner: str | None = None) -> list[Draft]:
        """Return one mailbox's drafts (the demo user's by default), oldest first."""
        wanted = (owner or self.owner).lower()
        with self._lock:
            return [d for d in self.drafts.values() if d.owner == wanted]

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

    @bp.get("/drafts")
    def list_drafts() -> ResponseReturnValue:
        return jsonify([d.preview() for d in inbox.list_drafts(request.args.get("owner"))])

    @bp.get("/drafts/<draft_id>")
    def get_draft(draft_id: str) -> ResponseReturnValue:
        draft = inbox.drafts.get(draft_id)
        if draft is None:
            return jsonify(error="no such draft"), 404
        return jsonify(draft.preview())

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

    @bp.post("/gmail/v1/users/me/drafts")
    def create_draft() -> ResponseReturnValue:
        if inbox.latency_ms:
            inbox.sleep(inbox.latency_ms / 1000)
        scheme, _, oauth = request.headers.get("Authorization", "").partition(" ")
        owner = issuer.oauth_owner(oauth) if scheme.lower() == "bearer" else None
        if owner is None:
            return _google_error(401, "Request had invalid authentication credentials.")
        grant = issuer.message_grant(request.headers.get("X-Goog-Gmail-Access-Token", ""))
        opened = inbox.get(grant[1]) if grant and grant[0] == owner else None
        if opened is None or opened.owner != owner:
            return _google_error(403, "Missing or wrong per-message access token.")
        body = request.get_json(silent=True)
        message = body.get("message") if isinstance(body, dict) else None
        raw = message.get("raw") if isinstance(message, dict) else None
        thread_id = message.get("threadId") if isinstance(message, dict) else None
        decoded = _base64url(raw) if isinstance(raw, str) else None
        if not decoded:
            return _google_error(400, "Invalid draft: message.raw is required.")
        if thread_id is not None and thread_id != opened.thread_id:
            # The add-on's token drafts replies to the open message, not anywhere.
            return _google_error(403, "The access token does not allow this thread.")
        draft = inbox.add_draft(owner, decoded, thread_id if isinstance(thread_id, str) else None)
        return jsonify(draft.resource())

    return bp


def _base64url(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def _bare_subject(subject: str) -> str:
    return _REPLY_PREFIXES.sub("", subject).strip().lower()


def _google_error(status: int, message: str) -> ResponseReturnValue:
    return jsonify(error={"code": status, "message": message, "status": str(status)}), status
