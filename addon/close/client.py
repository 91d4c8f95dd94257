"""CloseClient: a thin Close REST client whose whole policy lives in `_request`."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any

import pydantic_core
import requests
from requests.auth import HTTPBasicAuth

from addon.close.errors import (
    CloseDeadlineExceeded,
    CloseError,
    CloseRateLimited,
    CloseTimeout,
    CloseUnavailable,
    error_from_response,
    read_json,
)
from addon.close.ratebudget import NO_BUDGET, KeyBudget, Turns, endpoint_group
from addon.close.retry import MAX_RATE_LIMIT_WAIT, status_wait, transport_wait
from addon.upstream import OutOfTime, new_session, send

DEFAULT_BASE_URL = "https://api.close.com/api/v1/"
JSON = dict[str, Any]
Params = Mapping[str, Any] | None


try:
    _VERSION = metadata.version("close-for-gmail")
except metadata.PackageNotFoundError:  # a checkout that was never pip-installed
    _VERSION = "0+unknown"
USER_AGENT = f"close-for-gmail/{_VERSION}"


class CloseClient:
    """Call the Close REST API as the owner of one API key."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        timeout: float = 10.0,
        deadline: float | None = None,
        max_retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        budget: KeyBudget = NO_BUDGET,
    ) -> None:
        if not api_key:
            raise ValueError("api_key is empty")
        self._base_url = base_url.rstrip("/") + "/"
        self._session = session if session is not None else new_session()
        self._timeout = timeout
        self._deadline = deadline
        self._max_retries = max(0, max_retries)
        self._sleep = sleep
        self._clock = clock
        self._budget = budget  # the key's (and its organization's) rate budget, shared
        # Auth goes on each request, never on the session: the session may be shared.
        # Close: "The API key acts as the username and the password is always empty."
        self._auth = HTTPBasicAuth(api_key, "")
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}

    def get(self, path: str, params: Params = None) -> JSON:
        """Fetch one object or one page, e.g. ``client.get("lead/lead_abc")``."""
        return self._request("GET", path, params=params, read=True)

    def post(self, path: str, json: Mapping[str, Any]) -> JSON:
        """Create an object, e.g. ``client.post("lead", {"name": "Acme"})``."""
        return self._request("POST", path, json=json)

    def put(self, path: str, json: Mapping[str, Any]) -> JSON:
        """Update the given fields only (Close treats PUT as PATCH)."""
        return self._request("PUT", path, json=json)

    def delete(self, path: str) -> JSON:
        """Delete an object; an empty reply comes back as ``{}``."""
        return self._request("DELETE", path)

    def search(self, body: Mapping[str, Any]) -> JSON:
        """Run an Advanced Filtering query (``POST data/search/``)."""
        # A search changes nothing in Close, so it is retried as a read is.
        return self._request("POST", "data/search/", json=body, read=True)

    def me(self) -> JSON:
        """Return the key owner's user, organizations and memberships."""
        return self.get("me/")

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        json: Mapping[str, Any] | None = None,
        read: bool = False,
    ) -> JSON:
        """Send one call: build the URL, retry within policy and deadline, decode or raise.

        `read` says the call changes nothing in Close, so it may be sent again after a
        failure that a write could not be retried after.
        """
        path = _normalize(path)
        headers, data = self._headers, None
        if json is not None:
            headers = {**headers, "Content-Type": "application/json"}
            data = pydantic_core.to_json(dict(json))
        group = endpoint_group(method, path)
        attempt = 0
        while True:
            turn = self._wait_for_turn(group)
            try:
                response = send(
                    self._session,
                    method,
                    self._base_url + path,
                    params=params,
                    data=data,
                    headers=headers,
                    auth=self._auth,
                    timeout=self._timeout,
                    deadline=self._deadline,
                    clock=self._clock,
                    log_as=f"close {method} {path}",  # no key, no query values, no bodies
                )
            except OutOfTime as exc:
                raise CloseDeadlineExceeded() from exc
            except requests.RequestException as exc:
                error: CloseError = (
                    CloseTimeout() if isinstance(exc, requests.Timeout) else CloseUnavailable()
                )
                error.__cause__ = exc
                wait = transport_wait(read, exc, attempt)
            else:
                self._budget.heard(group, turn, response)
                if 200 <= response.status_code < 300:
                    return read_json(response)
                error = error_from_response(response)
                wait = status_wait(read, error, attempt)
            if wait is None or attempt >= self._max_retries:
                raise error
            # Waiting past the deadline only to fail then is worse than failing now.
            if self._deadline is not None and self._clock() + wait >= self._deadline:
                raise error
            if isinstance(error, CloseRateLimited):
                self._budget.waited("retry-after", wait)
            self._sleep(wait)
            attempt += 1

    def _wait_for_turn(self, group: str) -> Turns:
        """Wait for the rate budgets (the key's, its organization's) to give this call a turn.

        A wait longer than MAX_RATE_LIMIT_WAIT in all, or past the deadline, is not waited:
        the user is told when to try again, and nothing is sent.
        """
        waited = 0.0
        while True:
            max_wait = MAX_RATE_LIMIT_WAIT - waited
            if self._deadline is not None:
                max_wait = min(max_wait, self._deadline - self._clock())
            turn = self._budget.take(group, max_wait)
            if turn.wait <= 0:
                return turn
            if turn.wait > max_wait:
                raise CloseRateLimited(turn.wait)
            self._budget.waited("turn", turn.wait)
            self._sleep(turn.wait)
            waited += turn.wait
            if turn.granted:
                return turn
            # The next window was taken too; it has started now, so ask again.


def _normalize(path: str) -> str:
    if not path.strip("/") or "?" in path or "#" in path:
        raise ValueError("path must be a non-empty resource path; pass query values as params")
    return path.strip("/") + "/"
