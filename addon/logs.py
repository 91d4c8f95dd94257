"""Structured logs: one JSON line per record, one record per request.

What may appear is decided here, not at each call site: route, action, status, duration,
outcome and a short hash of the user's id. No token, key, email address or message
content is ever passed to a log call in this package; a test reads every line to hold it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

REQUEST_LOGGER = "addon.request"


class JsonFormatter(logging.Formatter):
    """Format records as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            # The type and where it happened help operators; exception messages can
            # carry upstream data, so they stay out.
            line["exc_type"] = record.exc_info[0].__name__
            line["exc_where"] = _where(record.exc_info[2])
        return json.dumps(line, separators=(",", ":"))


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


def user_tag(sub: str | None) -> str | None:
    """Return a short, stable, non-reversible tag for a user id."""
    if not sub:
        return None
    return hashlib.sha256(sub.encode()).hexdigest()[:12]


def log_request(
    *, route: str, action: str | None, status: int, started: float, result: str, user: str | None
) -> None:
    """Write the one line that describes a request."""
    fields = {
        "route": route,
        "action": action,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "result": result,
        "user": user_tag(user),
    }
    logging.getLogger(REQUEST_LOGGER).info("request", extra={"fields": fields})
