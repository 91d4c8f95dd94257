"""API-key authentication: HTTP Basic with the key as username and an empty password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import request

if TYPE_CHECKING:
    from addon.sandbox.close.state import CloseState


def request_api_key() -> str | None:
    """Return the API key sent with the current request (Basic auth username), if any."""
    auth = request.authorization
    if auth is None or auth.type != "basic" or not auth.username:
        return None
    # Close ignores the password part: "The API key acts as the username and the password
    # is always empty."
    return auth.username


def authenticate(state: CloseState) -> tuple[str, str] | None:
    """Return (api key, user id) for a request carrying a known key, else None."""
    key = request_api_key()
    if key is None:
        return None
    user_id = state.user_for_key(key)
    return (key, user_id) if user_id else None
