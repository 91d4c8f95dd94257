"""The add-on's calls to Gmail and Close: a plain pooled session each, one deadline-bounded send."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import pydantic_core
import requests
from requests.adapters import HTTPAdapter

from addon import metrics

log = logging.getLogger(__name__)

# As many connections per host as the worker pool has threads, so none is thrown away.
POOL_SIZE = 32


class UpstreamError(Exception):
    """A call to Gmail or Close failed; `message` is safe to show a user: no secret, no data."""

    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, status: int | None = None) -> None:
        self.message = message or self.default_message
        self.status = status
        super().__init__(self.message)


class OutOfTime(Exception):
    """The request's deadline passed before a call could go out, or cut a call short."""


def new_session() -> requests.Session:
    """Return a pooled session for one upstream, shared by every user's calls.

    It keeps no cookies, so nothing one user's call was answered with goes out with
    another's; credentials go on each call, never on the session.
    """
    session = requests.Session()
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    for prefix in ("https://", "http://"):
        session.mount(prefix, HTTPAdapter(pool_maxsize=POOL_SIZE))
    return session


def send(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: float,
    deadline: float | None,
    clock: Callable[[], float],
    log_as: str,
    **request: Any,
) -> requests.Response:
    """Send one call and return its answer; redirects are never followed.

    The call may take `timeout` seconds, or less when the request's `deadline` (an
    instant on `clock`) comes first. Raises `OutOfTime` when the deadline has passed or
    cut the call short, and what requests raises on other transport failures. `log_as`
    names the call in the debug line, its first word the service in the metrics ("close",
    "gmail"): never a secret, a query value or an address.
    """
    left = timeout if deadline is None else min(timeout, deadline - clock())
    if left <= 0:
        raise OutOfTime()
    started, outcome = time.perf_counter(), "no response"
    try:
        # A followed redirect would turn a POST into a GET, and could carry our
        # credentials elsewhere: a 3xx is an answer like any other.
        response = session.request(method, url, timeout=left, allow_redirects=False, **request)
        outcome = str(response.status_code)
        return response
    except requests.RequestException as exc:
        outcome = type(exc).__name__
        if isinstance(exc, requests.Timeout) and left < timeout:
            raise OutOfTime() from exc
        raise
    finally:
        elapsed = time.perf_counter() - started
        log.debug("%s -> %s in %.0f ms", log_as, outcome, elapsed * 1000)
        metrics.observe_upstream(service=log_as.split(" ", 1)[0], status=outcome, seconds=elapsed)


def json_or_none(response: requests.Response) -> object:
    """Return the decoded JSON body, or None when it is missing or not JSON."""
    try:
        # pydantic-core's parser (already a dependency) is several times faster than json.
        return pydantic_core.from_json(response.content)
    except ValueError:
        return None
