"""Typed errors for Gmail API failures, each with a message safe to show a user."""

from __future__ import annotations

from addon.upstream import UpstreamError


class GmailError(UpstreamError):
    """A Gmail API call failed; `message` never holds tokens or response data."""

    default_message = "Gmail could not load this email."


class GmailAuthError(GmailError):
    """Gmail refused our tokens (401/403): expired, or issued for another message."""

    default_message = "Gmail access to this email has expired. Reopen the email."


class GmailNotFound(GmailError):
    default_message = "This email could not be found in Gmail."


class GmailUnavailable(GmailError):
    """Gmail could not be reached or sent something unreadable (5xx, network, bad JSON)."""

    default_message = "Gmail is unavailable right now. Try again shortly."


class GmailDeadlineExceeded(GmailUnavailable):
    """Our own time budget ran out before Gmail answered."""

    default_message = "Gmail is slow to respond right now. Try again shortly."


_BY_STATUS: dict[int, type[GmailError]] = {
    401: GmailAuthError,
    403: GmailAuthError,
    404: GmailNotFound,
    429: GmailUnavailable,  # a quota hiccup looks the same to the user as an outage
}


def error_for_status(status: int) -> GmailError:
    """Map a non-2xx Gmail status to the matching typed error."""
    kind = GmailUnavailable if status >= 500 else _BY_STATUS.get(status, GmailError)
    return kind(status=status)
