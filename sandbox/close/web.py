"""Flask glue shared by the API and the controls: JSON in and out, the per-request context."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Response, request

from sandbox.close.clock import parse_tz_offset
from sandbox.close.errors import CloseApiError, bad_request

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]
API_ROOT = "/api/v1"


@dataclass(frozen=True)
class Ctx:
    """What a handler needs from the request: who calls, query args, JSON body, timezone."""

    state: CloseState
    user_id: str
    args: Mapping[str, str]
    body: Json
    tz: float


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """Serialise a body as a JSON response."""
    return Response(
        json.dumps(body), status=status, headers=dict(headers or {}), mimetype="application/json"
    )


def error_response(error: CloseApiError) -> Response:
    """Turn a CloseApiError into its JSON response."""
    return json_response(error.body, error.status, error.headers)


def json_body() -> Json:
    """Read the request's JSON object body ({} when empty); 400 when it is not a JSON object."""
    if request.method in ("GET", "HEAD", "DELETE", "OPTIONS") or not request.get_data():
        return {}
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError:
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def api_path(path: str) -> str:
    """Return the part of a request path below ``/api/v1`` (e.g. ``/lead/lead_x/``)."""
    index = path.find(API_ROOT + "/")
    return path[index + len(API_ROOT) :] if index >= 0 else path


def build_ctx(state: CloseState, user_id: str) -> Ctx:
    """Build the handler context for the current request."""
    tz = parse_tz_offset(request.headers.get("X-TZ-Offset"))
    return Ctx(state, user_id, request.args.to_dict(), json_body(), tz)
