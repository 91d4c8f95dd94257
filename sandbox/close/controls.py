"""Sandbox controls outside the API (no auth; loopback demo tooling).

- ``GET/POST /_faults``: show / replace injected faults (body: see ``faults``; ``{}`` clears).
- ``GET/DELETE /_stats``: API call counts keyed ``"METHOD /path/{id}/"`` / reset them;
  ``GET /_stats?by=status``: the answers by HTTP status.
- ``GET /_demo``: ``{"apiKey": …}`` of the demo organization's main user.
- ``GET/POST /_ratelimits``: show / replace the rate limits (keys of ``RateLimitConfig``;
  ``{}`` restores the defaults); either way every open window is forgotten.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, request

from sandbox.close.errors import bad_request
from sandbox.close.faults import parse_faults
from sandbox.close.ratelimit import RateLimitConfig
from sandbox.close.web import error_response, json_body, json_response

if TYPE_CHECKING:
    from sandbox.close.state import CloseState


def _faults(state: CloseState) -> Response:
    if request.method == "POST":
        try:
            state.faults.configure(parse_faults(json_body()))
        except ValueError as exc:
            return error_response(bad_request(str(exc)))
    return json_response({"faults": state.faults.describe()})


def _stats(state: CloseState) -> Response:
    if request.method == "DELETE":
        state.stats.reset()
        return json_response({})
    if request.args.get("by") == "status":
        return json_response(state.stats.statuses())
    return json_response(state.stats.snapshot())


def _demo(state: CloseState) -> Response:
    if state.demo_api_key is None:
        return json_response({"error": "No demo organization is loaded."}, 404)
    return json_response({"apiKey": state.demo_api_key})


def parse_rate_limits(raw: dict[str, Any]) -> RateLimitConfig:
    """Build a RateLimitConfig from JSON, rejecting unknown keys and wrong types."""
    unknown = sorted(set(raw) - {f.name for f in fields(RateLimitConfig)})
    if unknown:
        raise ValueError(f"unknown rate limit settings: {', '.join(unknown)}")
    for name, value in raw.items():
        wanted = bool if name == "enabled" else (int | float)
        if not isinstance(value, wanted) or (name != "enabled" and isinstance(value, bool)):
            raise ValueError(f"{name} has the wrong type")
        if name != "enabled" and value <= 0:
            raise ValueError(f"{name} must be positive")
    return RateLimitConfig(**raw)


def _ratelimits(state: CloseState) -> Response:
    if request.method == "POST":
        try:
            state.limiter.configure(parse_rate_limits(json_body()))
        except ValueError as exc:
            return error_response(bad_request(str(exc)))
    return json_response(asdict(state.limiter.config))


def register_controls(bp: Blueprint, state: CloseState) -> None:
    """Add the control routes to the emulator's blueprint."""
    routes = {
        "faults": (_faults, ["GET", "POST"]),
        "stats": (_stats, ["GET", "DELETE"]),
        "demo": (_demo, ["GET"]),
        "ratelimits": (_ratelimits, ["GET", "POST"]),
    }
    for name, (handler, methods) in routes.items():
        view = (lambda h: lambda: h(state))(handler)
        bp.add_url_rule(f"/_{name}", name, view, methods=methods, strict_slashes=False)
