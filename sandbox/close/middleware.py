"""Per-call hooks for the API: statistics, injected faults, authentication and rate limits.

Order per call: count it, apply injected faults, authenticate (Close's HTTP Basic with the API
key as username and an empty password), then rate-limit. A 401 carries no RateLimit headers:
there is no key to count it against.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Blueprint, Response, g, request

from sandbox.close.errors import CloseApiError, unauthorized
from sandbox.close.ratelimit import RateDecision, endpoint_group
from sandbox.close.stats import fold_path, fold_rule
from sandbox.close.web import API_ROOT, api_path, error_response

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

CATCH_ALL = "api_unknown"  # endpoint suffix of the route that answers unknown API paths
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
_REASONS |= {504: "Gateway Timeout", 429: "Too Many Requests"}
# A body cut off mid-object: what a client sees when a proxy truncates an answer.
MALFORMED_BODY = b'{"data": [{"id": "lead_'


@dataclass
class CallInfo:
    """What the hooks learned about the current API call."""

    api_path: str
    folded: str
    user_id: str | None = None
    rate: RateDecision | None = None
    malformed: bool = False
    arrived: float = field(default_factory=time.monotonic)
    latency_s: float = 0.0


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


def _folded(path: str) -> str:
    rule = request.url_rule
    if rule is None or CATCH_ALL in (request.endpoint or ""):
        return fold_path(path)
    return fold_rule(api_path(rule.rule))


def _is_api_call() -> bool:
    return f"{API_ROOT}/" in request.path or request.path.endswith(API_ROOT)


def _before(state: CloseState) -> Response | None:
    if not _is_api_call():
        return None
    info = CallInfo(api_path(request.path), _folded(api_path(request.path)))
    g.close_call = info
    method = "GET" if request.method == "HEAD" else request.method
    state.stats.count(method, info.folded)
    plan = state.faults.plan(method, info.api_path, info.folded)
    if plan.hang_s > 0:
        # The whole call has arrived before Close sits on it: released, it is carried out
        # even when its client has gone meanwhile (as a server that got the call would).
        request.get_data(cache=True)
    state.faults.sleep(plan.hang_s)
    info.malformed, info.latency_s = plan.malformed, plan.latency_s
    group = endpoint_group(method, info.api_path)
    if plan.status == 429:
        return error_response(state.limiter.spent(group).error())
    if plan.status is not None:
        reason = _REASONS.get(plan.status, "Injected error")
        return error_response(CloseApiError(plan.status, {"error": reason}))
    caller = authenticate(state)
    if caller is None:
        return error_response(unauthorized())
    key, info.user_id = caller
    if state.limiter.config.enabled:
        info.rate = state.limiter.hit(key, state.organization_id, group)
        if not info.rate.allowed:
            return error_response(info.rate.error())
    return None


def _after(state: CloseState, response: Response) -> Response:
    info: CallInfo | None = g.get("close_call")
    if info is None:
        return response
    if info.rate is not None:
        response.headers.update(info.rate.headers())
    if info.malformed:
        response.status_code = 200
        response.set_data(MALFORMED_BODY)
        response.mimetype = "application/json"
    state.stats.answered(response.status_code)
    state.faults.sleep(info.latency_s - (time.monotonic() - info.arrived))
    return response


def install(bp: Blueprint, state: CloseState) -> None:
    """Register the hooks on the emulator's blueprint."""
    bp.before_request(lambda: _before(state))
    bp.after_request(lambda response: _after(state, response))


def current_user_id() -> str:
    """Return the authenticated user of the current API call."""
    info: CallInfo = g.close_call
    if info.user_id is None:
        raise unauthorized()
    return info.user_id
