"""How long Close asks us to wait after a 429: its rate-limit headers, or the deprecated body."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

from addon.upstream import json_or_none

DEFAULT_RESET = 2.0  # seconds; the official client's fallback when Close says nothing


def seconds_until_reset(response: requests.Response) -> float:
    """Return how long to wait after a 429, using the first source Close provided."""
    headers = response.headers
    # The documented form separates with "," but the live API sends ";" (close-api.md §2.4).
    combined = _parse_combined(headers.get("RateLimit", ""))
    body = json_or_none(response)
    data = body if isinstance(body, dict) else {}
    nested = data["error"] if isinstance(data.get("error"), dict) else {}
    found = (
        combined.get("reset"),
        _number(headers.get("RateLimit-Reset")),
        _retry_after(headers.get("Retry-After")),
        _number(data.get("rate_reset")),
        _number(nested.get("rate_reset")),
    )
    return next((seconds for seconds in found if seconds is not None), DEFAULT_RESET)


def _parse_combined(value: str) -> dict[str, float]:
    fields: dict[str, float] = {}
    for part in value.replace(";", ",").split(","):
        key, sep, raw = part.partition("=")
        number = _number(raw) if sep else None
        if number is not None:
            fields[key.strip().lower()] = number
    return fields


def _number(raw: object) -> float | None:
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        return None
    try:
        value = float(str(raw).strip().strip('"'))
    except ValueError:
        return None
    # float() accepts "nan" and "inf"; neither is a usable wait.
    return value if math.isfinite(value) and value >= 0 else None


def _retry_after(raw: str | None) -> float | None:
    seconds = _number(raw)
    if seconds is not None or raw is None:
        return seconds
    try:  # Retry-After may also be an HTTP date.
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
