"""When a failed Close call may be retried, and after how long.

Reads (a search too, though it is a POST) may be retried on rate limits, gateway errors and
network failures. Writes are retried only when Close surely did not act, so a user never
gets two leads.
"""

from __future__ import annotations

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from addon.close.errors import CloseError, CloseRateLimited

MAX_RATE_LIMIT_WAIT = 5.0  # longer waits go back to the user as "try again in N seconds"
BACKOFF = (0.2, 0.5)  # seconds; short, because a user is watching the sidebar
RETRY_STATUSES = frozenset({502, 503, 504})


def status_wait(read: bool, error: CloseError, attempt: int) -> float | None:
    """Return how long to wait before retrying an error status, or None to give up."""
    if isinstance(error, CloseRateLimited):
        # Close refused before acting, so even a write may be retried.
        return error.retry_after if error.retry_after <= MAX_RATE_LIMIT_WAIT else None
    if read and error.status in RETRY_STATUSES:
        return _backoff(attempt)
    return None


def transport_wait(read: bool, exc: requests.RequestException, attempt: int) -> float | None:
    """Return how long to wait before retrying a network failure, or None to give up."""
    if read:
        retry = isinstance(exc, requests.ConnectionError | requests.Timeout)
    else:
        # A write that may have reached Close must not be repeated: no duplicate leads.
        retry = _never_sent(exc)
    return _backoff(attempt) if retry else None


def _never_sent(exc: requests.RequestException) -> bool:
    """Tell whether the failure happened before any byte of the request left us."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError) or not exc.args:
        return False
    reason = exc.args[0]
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)


def _backoff(attempt: int) -> float:
    return BACKOFF[min(attempt, len(BACKOFF) - 1)]
