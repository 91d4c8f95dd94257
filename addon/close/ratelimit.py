"""Read Close's rate-limit headers (and the deprecated 429 body) into numbers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pydantic_core
import requests
from requests.structures import CaseInsensitiveDict

DEFAULT_RESET = 2.0  # seconds; the official client's fallback when Close says nothing


@dataclass(frozen=True)
class RateLimit:
    """The budget of one endpoint group; any part Close did not send is None."""

    limit: float | None
    remaining: float | None
    reset: float | None


def parse_rate_limit(headers: Mapping[str, str]) -> RateLimit | None:
    """Parse the RateLimit headers of a response, or return None if there are none."""
    found = CaseInsensitiveDict(headers)
    combined = _parse_combined(found.get("RateLimit", ""))
    # The documented form separates with "," but the live API sends ";" (close-api.md §2.4).
    limit = _first(combined.get("limit"), _number(found.get("RateLimit-Limit")))
    remaining = _first(combined.get("remaining"), _number(found.get("RateLimit-Remaining")))
    reset = _first(
        combined.get("reset"),
        _number(found.get("RateLimit-Reset")),
        _retry_after(found.get("Retry-After")),
    )
    if limit is None and remaining is None and reset is None:
        return None
    return RateLimit(limit=limit, remaining=remaining, reset=reset)


def seconds_until_reset(response: requests.Response) -> float:
    """Return how long to wait after a 429, using the first source Close provided."""
    parsed = parse_rate_limit(response.headers)
    if parsed is not None and parsed.reset is not None:
        return parsed.reset
    body = json_or_none(response)
    if isinstance(body, dict):
        error = body.get("error")
        nested = error.get("rate_reset") if isinstance(error, dict) else None
        from_body = _first(_number(body.get("rate_reset")), _number(nested))
        if from_body is not None:
            return from_body
    return DEFAULT_RESET


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


def json_or_none(response: requests.Response) -> object:
    """Return the decoded JSON body, or None when it is missing or not JSON."""
    try:
        # pydantic-core's parser (already a dependency) is several times faster than json.
        return pydantic_core.from_json(response.content)
    except ValueError:
        return None


def _first(*values: float | None) -> float | None:
    return next((value for value in values if value is not None), None)
