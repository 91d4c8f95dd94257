"""Typed errors for Close API failures, each with a message safe to show a user.

A 429's error also says how long Close asks us to wait, from its rate-limit headers or
the deprecated body.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from addon.upstream import UpstreamError, json_or_none

_MAX_DETAIL = 300  # characters of Close's own error text we pass on
DEFAULT_RESET = 2.0  # seconds; the official client's fallback when Close says nothing


class CloseError(UpstreamError):
    """A Close API call failed; `message` never contains secrets or response data."""

    default_message = "Close could not complete the request."


class CloseAuthError(CloseError):
    default_message = "Close did not accept the API key."


class ClosePlanLimit(CloseError):
    default_message = "A limit of your Close plan was reached."


class CloseForbidden(CloseError):
    default_message = "Your Close user is not allowed to do this."


class CloseNotFound(CloseError):
    default_message = "That record was not found in Close."


class CloseValidationError(CloseError):
    """Close rejected the request's data (400)."""

    default_message = "Close rejected the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        errors: list[str] | None = None,
        field_errors: dict[str, str] | None = None,
    ) -> None:
        self.errors = errors or []
        self.field_errors = field_errors or {}
        super().__init__(message, status=400)

    @classmethod
    def from_body(cls, body: object) -> CloseValidationError:
        """Build the error from a 400 body of any shape, even a missing one."""
        data = body if isinstance(body, dict) else {}
        raw_errors = data.get("errors")
        raw_fields = data.get("field-errors")
        errors = [_text(e) for e in raw_errors] if isinstance(raw_errors, list) else []
        fields = raw_fields if isinstance(raw_fields, dict) else {}
        fields = {str(name): _text(problem) for name, problem in fields.items()}
        parts = errors + [f"{name}: {problem}" for name, problem in fields.items()]
        return cls(_clip("; ".join(parts)) or None, errors=errors, field_errors=fields)


class CloseRateLimited(CloseError):
    """Close asked us to slow down (429); `retry_after` is seconds until the window resets."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        wait = max(1, math.ceil(retry_after))
        unit = "second" if wait == 1 else "seconds"
        super().__init__(f"Close is busy. Try again in {wait} {unit}.", status=429)


class CloseUnavailable(CloseError):
    """Close could not be reached or sent something unreadable (5xx, network, bad JSON)."""

    default_message = "Close is unavailable right now. Try again shortly."


class CloseTimeout(CloseUnavailable):
    """Close did not answer within the call's timeout."""

    default_message = "Close is slow to respond right now. Try again shortly."


class CloseDeadlineExceeded(CloseTimeout):
    """Our own time budget for the request ran out before Close answered."""


_BY_STATUS: dict[int, type[CloseError]] = {
    401: CloseAuthError,
    402: ClosePlanLimit,
    403: CloseForbidden,
    404: CloseNotFound,
}


def error_from_response(response: requests.Response) -> CloseError:
    """Map a non-2xx Close response to the matching typed error."""
    status = response.status_code
    body = json_or_none(response)
    if status == 400:
        return CloseValidationError.from_body(body)
    if status == 429:
        return CloseRateLimited(seconds_until_reset(response))
    if status >= 500:
        return CloseUnavailable(status=status)
    kind = _BY_STATUS.get(status, CloseError)
    return kind(_detail(body), status=status)


def read_json(response: requests.Response) -> dict[str, Any]:
    """Decode a 2xx reply into a dict; an empty reply (e.g. 204) becomes ``{}``."""
    if response.status_code == 204 or not response.content.strip():
        return {}
    data = json_or_none(response)
    if not isinstance(data, dict):
        # Say nothing about the body: it may hold customer data.
        raise CloseUnavailable("Close sent a reply we could not read.")
    return data


def _detail(body: object) -> str | None:
    """Return Close's own explanation: `error` (a string) or `errors` (a list)."""
    if not isinstance(body, dict):
        return None
    error, errors = body.get("error"), body.get("errors")
    if isinstance(error, str) and error.strip():
        return _clip(error)
    if isinstance(errors, list) and errors:
        return _clip("; ".join(_text(e) for e in errors))
    return None


def _text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    return str(value)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 1] + "…"


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


def rate_limit_type(response: requests.Response) -> str | None:
    """Return whose window a 429 says was spent: "key", "org", or None when it does not say.

    Close's 429 body (deprecated in 2024 but still described) carries `rate_limit_type`,
    at the top level or, in older answers, under `error`.
    """
    body = json_or_none(response)
    data = body if isinstance(body, dict) else {}
    nested = data["error"] if isinstance(data.get("error"), dict) else {}
    said = data.get("rate_limit_type", nested.get("rate_limit_type"))
    return said if said in ("key", "org") else None


def rate_limit_fields(response: requests.Response) -> dict[str, float]:
    """Return what Close said of the call's rate-limit window: `limit`, `remaining`, `reset`.

    Any of the three may be missing; the combined header wins over the discrete ones.
    """
    fields = _parse_combined(response.headers.get("RateLimit", ""))
    for name in ("limit", "remaining", "reset"):
        value = _number(response.headers.get(f"RateLimit-{name}"))
        if name not in fields and value is not None:
            fields[name] = value
    return fields


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
