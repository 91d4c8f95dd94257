"""Structured logs in Cloud Logging's form: one JSON line per record, one record per request.

Cloud Logging reads `severity`, `message`, `time`, `httpRequest` and the
`logging.googleapis.com/…` trace fields of a JSON line written to stderr; the rest lands
in the entry's jsonPayload. Every line written while a request is served carries that
request's trace, so Cloud Logging groups them under it.

What may appear is decided here, not at each call site: route, action, status, duration,
outcome and a short hash of the user's id. The request's path is logged without its
query, which can carry ids and addresses. No token, key, email address or message
content is ever passed to a log call in this package; a test reads every line to hold it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import logging
import re
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

REQUEST_LOGGER = "addon.request"
TRACE_FIELD = "logging.googleapis.com/trace"
SPAN_FIELD = "logging.googleapis.com/spanId"
SAMPLED_FIELD = "logging.googleapis.com/trace_sampled"
MAX_USER_AGENT = 200

# X-Cloud-Trace-Context: TRACE_ID/SPAN_ID;o=OPTIONS, the span and options optional. The
# header comes from outside: only ids of the documented shape are copied into a line.
_TRACE_CONTEXT = re.compile(r"([0-9a-fA-F]{32})(?:/([0-9]{1,20}))?(?:;o=([0-9]{1,10}))?")

# The trace fields of the request being served on this thread, if any.
_trace: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "trace", default=None
)


class JsonFormatter(logging.Formatter):
    """Format records as one Cloud Logging JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "severity": record.levelname,  # DEBUG, INFO, WARNING, ERROR, CRITICAL
            "message": record.getMessage(),
            "time": _rfc3339(record.created),
            "logger": record.name,
        }
        line.update(_trace.get() or {})
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            # The type and where it happened help operators; exception messages can
            # carry upstream data, so they stay out.
            line["exc_type"] = record.exc_info[0].__name__
            line["exc_where"] = _where(record.exc_info[2])
        return json.dumps(line, separators=(",", ":"))


def _rfc3339(created: float) -> str:
    moment = dt.datetime.fromtimestamp(created, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _where(tb: TracebackType | None) -> str:
    steps = list(traceback.walk_tb(tb))
    if not steps:
        return ""
    frame, line = steps[-1]
    return f"{Path(frame.f_code.co_filename).name}:{line}:{frame.f_code.co_name}"


def configure(level: str = "INFO") -> None:
    """Send the add-on's logs to stderr as JSON lines (idempotent)."""
    root = logging.getLogger("addon")
    root.setLevel(level.upper())
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
        root.propagate = False


def trace_fields(header: str | None, project: str | None) -> dict[str, Any]:
    """Return the Cloud Logging trace fields for an X-Cloud-Trace-Context header.

    Without a project (GOOGLE_CLOUD_PROJECT) there is no trace name to give, and a header
    not of the documented shape is ignored.
    """
    found = _TRACE_CONTEXT.fullmatch(header.strip()) if header and project else None
    if found is None:
        return {}
    trace_id, span_id, options = found.groups()
    fields: dict[str, Any] = {TRACE_FIELD: f"projects/{project}/traces/{trace_id.lower()}"}
    if span_id:
        fields[SPAN_FIELD] = span_id
    if options is not None:
        fields[SAMPLED_FIELD] = int(options) & 1 == 1
    return fields


def start_request(trace_header: str | None, project: str | None) -> contextvars.Token[Any]:
    """Tag every line logged from here on, on this thread, with the request's trace."""
    return _trace.set(trace_fields(trace_header, project) or None)


def end_request(token: contextvars.Token[Any]) -> None:
    """Stop tagging lines with the trace `start_request` set."""
    _trace.reset(token)


def user_tag(sub: str | None) -> str | None:
    """Return a short, stable, non-reversible tag for a user id."""
    if not sub:
        return None
    return hashlib.sha256(sub.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class HttpRequest:
    """What Cloud Logging's httpRequest shows of a request: no query, no address."""

    method: str
    path: str  # without the query string
    status: int
    seconds: float
    user_agent: str | None = None

    def as_json(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "requestMethod": self.method,
            "requestUrl": self.path,
            "status": self.status,
            "latency": f"{self.seconds:.3f}s",
        }
        if self.user_agent:
            fields["userAgent"] = self.user_agent[:MAX_USER_AGENT]
        return fields


def log_request(
    *, http: HttpRequest, route: str, action: str | None, result: str, user: str | None
) -> None:
    """Write the one line that describes a request."""
    fields = {
        **(_trace.get() or {}),  # in the record itself, wherever it is formatted
        "httpRequest": http.as_json(),
        "route": route,
        "action": action,
        "status": http.status,
        "duration_ms": round(http.seconds * 1000, 2),
        "result": result,
        "user": user_tag(user),
    }
    message = f"{http.method} {route} {http.status} {result}"
    logging.getLogger(REQUEST_LOGGER).info(message, extra={"fields": fields})
