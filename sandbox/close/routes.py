"""The emulator's Flask blueprint: the API route table under ``/api/v1`` plus the controls.

Mount with ``app.register_blueprint(create_close_blueprint(state), url_prefix="/sandbox/close")``;
the API is then ``/sandbox/close/api/v1/…`` and the controls ``/sandbox/close/_faults`` etc.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import HTTPException

from sandbox.close import views_meta, views_records
from sandbox.close.controls import register_controls
from sandbox.close.errors import CloseApiError, method_not_allowed, unknown_url
from sandbox.close.listing import apply_fields
from sandbox.close.middleware import CATCH_ALL, current_user_id, install
from sandbox.close.state import CloseState
from sandbox.close.web import API_ROOT, build_ctx, error_response, json_response

Json = dict[str, Any]
Handler = Callable[..., Json]
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
# Answers that are not Close objects, so ``_fields`` must not trim them.
_NO_FIELDS = {"/email_template/<obj_id>/render/", "/custom_field_schema/<obj_id>/"}


def _route_table() -> dict[str, dict[str, Handler]]:
    table: dict[str, dict[str, Handler]] = {}
    for method, rule, handler in [*views_records.ROUTES, *views_meta.ROUTES]:
        table.setdefault(rule, {})[method] = handler
    return table


def _make_view(
    state: CloseState, rule: str, handlers: dict[str, Handler]
) -> Callable[..., Response]:
    def view(**url_args: str) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        handler = handlers.get(method)
        if handler is None:
            raise method_not_allowed(list(handlers))
        ctx = build_ctx(state, current_user_id())
        with state.lock:
            body = handler(ctx, **url_args)
        if method == "GET" and rule not in _NO_FIELDS:
            body = apply_fields(body, ctx.args.get("_fields"))
        return json_response(body)

    return view


def _unknown(**_: str) -> Response:
    raise unknown_url()


def _crash(error: Exception) -> Response:
    # A bug in the emulator still answers JSON, as Close's API does, and is logged in full.
    if isinstance(error, HTTPException):
        return json_response({"error": error.description}, error.code or 500)
    current_app.logger.exception("sandbox Close failed", exc_info=error)
    return json_response({"error": "Internal Server Error"}, 500)


def _endpoint_name(rule: str) -> str:
    return "api" + (re.sub(r"[^a-z0-9]+", "_", rule.lower()).rstrip("_") or "_root")


def create_close_blueprint(state: CloseState, *, name: str = "close_sandbox") -> Blueprint:
    """Build the emulator blueprint serving ``state`` (mount it at ``/sandbox/close``)."""
    bp = Blueprint(name, __name__)
    for rule, handlers in _route_table().items():
        view = _make_view(state, rule, handlers)
        bp.add_url_rule(API_ROOT + rule, _endpoint_name(rule), view, methods=_METHODS)
    bp.add_url_rule(f"{API_ROOT}/<path:rest>", CATCH_ALL, _unknown, methods=_METHODS)
    bp.add_url_rule(f"{API_ROOT}/", CATCH_ALL + "_root", _unknown, methods=_METHODS)
    register_controls(bp, state)
    install(bp, state)
    bp.register_error_handler(CloseApiError, error_response)
    bp.register_error_handler(Exception, _crash)
    return bp
