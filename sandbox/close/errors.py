"""Close-shaped error answers: 400 field errors, 404 "Empty query", 401, 405, 429."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

# The body Close (a Flask app) sent for a bad key; recorded live in 2017 (see close-api.md §1.3).
UNAUTHORIZED_TEXT = (
    "The server could not verify that you are authorized to access the URL requested.  "
    "You either supplied the wrong credentials (e.g. a bad password), or your browser "
    "doesn't understand how to supply the credentials required."
)


class CloseApiError(Exception):
    """An error answer: HTTP status, JSON body and optional extra headers."""

    def __init__(self, status: int, body: Json, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


def validation_error(
    field_errors: dict[str, str] | None = None, errors: list[str] | None = None
) -> CloseApiError:
    """Return a 400 with Close's ``errors`` + ``field-errors`` body."""
    return CloseApiError(400, {"errors": errors or [], "field-errors": field_errors or {}})


def bad_request(message: str) -> CloseApiError:
    """Return a 400 that carries one general (non-field) error message."""
    return validation_error(errors=[message])


def require_fields(payload: Json, *names: str) -> None:
    """Raise a field-error 400 naming every required key that is missing or empty."""
    missing = {name: "This field is required." for name in names if payload.get(name) in (None, "")}
    if missing:
        raise validation_error(missing)


def not_found(model: str) -> CloseApiError:
    """Return Close's 404 for an unknown object id, e.g. model ``Lead``."""
    return CloseApiError(404, {"error": f"Empty query: {model} matching query does not exist."})


def unknown_url() -> CloseApiError:
    """Return the 404 for a path the API does not have."""
    return CloseApiError(404, {"error": "The requested URL was not found on the server."})


def unauthorized() -> CloseApiError:
    """Return the 401 for a missing or wrong API key."""
    return CloseApiError(401, {"error": UNAUTHORIZED_TEXT})


def method_not_allowed(allowed: list[str]) -> CloseApiError:
    """Return the 405 for a known path called with the wrong method."""
    return CloseApiError(
        405,
        {"error": "The method is not allowed for the requested URL."},
        {"Allow": ", ".join(sorted(allowed))},
    )
