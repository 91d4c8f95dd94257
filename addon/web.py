"""The Flask adapter: routes in, verification first, the core in the middle, JSON out.

Every add-on route runs the same steps in the same order: verify the system ID token for
this exact URL (401 and nothing else runs, not even reading the body), read the body (413
past the size limit), parse the event (400 with a short reason), verify the user's ID
token (401), then hand over to the core, which never raises.

Beside them: /healthz (the process answers), /readyz (the store and Redis answer too) and
/metrics (Prometheus), none behind Google's tokens and none saying anything about a user.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

import redis
from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from addon import logs, metrics
from addon.auth import TokenVerifier, Unauthorized
from addon.core import handle
from addon.events import BadEvent, parse_event
from addon.registry import BadArguments, UnknownAction, registry
from addon.services import Services
from addon.ui.responses import RouteKind

bp = Blueprint("addon", __name__)


@dataclass(frozen=True)
class AddonState:
    """What the routes need, kept on app.extensions (no import-time globals)."""

    services: Services
    verifier: TokenVerifier
    engine: Engine  # the store's, for /readyz


class BodyTooLarge(Exception):
    """The request body is past the configured size limit."""


# What each refusal is answered with: its status and a word; its text is the reason.
REFUSALS: dict[type[Exception], tuple[int, str]] = {
    Unauthorized: (401, "unauthorized"),
    BodyTooLarge: (413, "body_too_large"),
    BadEvent: (400, "bad_event"),
    UnknownAction: (400, "unknown_action"),
    BadArguments: (400, "bad_parameters"),
}


@bp.post("/menu/<name>")
def menu(name: str) -> Response:
    return _serve("trigger", f"menu_{name}")


@bp.post("/actions/<name>")
def actions(name: str) -> Response:
    return _serve("callback", name)


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Answer 200 when the store (and Redis, when configured) answer; 503 otherwise."""
    state: AddonState = current_app.extensions["close_addon"]
    unready = _unready(state)
    if unready:
        return jsonify(status="unavailable", reason=unready), 503
    return jsonify(status="ready"), 200


def _unready(state: AddonState) -> str | None:
    # Only a fixed phrase goes out: a driver's message can name hosts and users.
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        current_app.logger.warning("readiness: the store does not answer", exc_info=exc)
        return "the store does not answer"
    client = state.services.redis
    if client is not None:
        try:
            client.ping()
        except redis.RedisError as exc:
            current_app.logger.warning("readiness: Redis does not answer", exc_info=exc)
            return "redis does not answer"
    return None


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type)


# Probes and scrapes come every few seconds: they would drown out the add-on's requests.
UNLOGGED = frozenset({"addon.healthz", "addon.readyz", "addon.prometheus_metrics"})


def _serve(kind: RouteKind, name: str) -> Response:
    g.action = name
    # Metrics are labelled by registered handlers only: a made-up name is "unknown".
    table = registry.triggers if kind == "trigger" else registry.actions
    g.handler = name if name in table else "unknown"
    state: AddonState = current_app.extensions["close_addon"]
    state.verifier.verify_request(request.headers.get("Authorization"), _audience(state))
    event = parse_event(_read_body(state.services.config.max_body_bytes))
    user = state.verifier.verify_user(event.authorization_event_object.user_id_token)
    g.user_sub = user.sub
    body, result = handle(state.services, kind, name, event, user, request.args.to_dict())
    g.result = result
    return Response(body, mimetype="application/json")


# The triggers Gmail calls by itself, each at the path the deployment names.
for _trigger in ("homepage", "message", "compose"):
    bp.add_url_rule(
        f"/{_trigger}", _trigger, partial(_serve, "trigger", _trigger), methods=["POST"]
    )


def _read_body(limit: int) -> bytes:
    """Return the request body, refusing one past `limit` bytes, declared or chunked."""
    # A chunked body has no length to check first, and werkzeug quietly stops reading
    # it at max_content_length. Allowing one byte more tells a body that fits from one
    # that was cut off, while never holding more than limit + 1 bytes.
    request.max_content_length = limit + 1
    too_large = BodyTooLarge(f"body is larger than {limit} bytes")
    try:
        body = request.get_data(cache=False)
    except RequestEntityTooLarge:  # a declared Content-Length past the limit, not read
        raise too_large from None
    if len(body) > limit:
        raise too_large
    return body


def _audience(state: AddonState) -> str:
    # Google signs the system token for the exact URL it called: scheme, host, path and
    # query. The public URL is configured rather than read from Host, which a proxy or
    # a caller could change.
    query = request.query_string.decode("latin-1")
    url = state.services.config.public_url + request.path
    return f"{url}?{query}" if query else url


def _refused(status: int, error: str, exc: Exception) -> tuple[Response, int]:
    g.result = error
    return jsonify(error=error, reason=str(exc)), status


def init_app(app: Flask) -> None:
    """Register the routes, JSON error answers and the per-request log line."""
    app.register_blueprint(bp)
    for refusal, (status, error) in REFUSALS.items():
        app.register_error_handler(refusal, partial(_refused, status, error))

    config = app.extensions["close_addon"].services.config

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        g.trace = logs.start_request(
            request.headers.get("X-Cloud-Trace-Context"), config.google_cloud_project
        )

    @app.teardown_request
    def _end(exc: BaseException | None) -> None:
        if "trace" in g:
            logs.end_request(g.trace)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int]:
        status = exc.code or 500
        g.result = f"http_{status}"
        return jsonify(
            error=(exc.name or "error").lower().replace(" ", "_"), reason=exc.name
        ), status

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> tuple[Response, int]:
        current_app.logger.error("unhandled error", exc_info=exc)
        g.result = "crash"
        return jsonify(error="internal_error", reason="unexpected error"), 500

    @app.after_request
    def _log(response: Response) -> Response:
        # One line and one count per add-on request.
        if request.blueprint == "addon" and request.endpoint not in UNLOGGED:
            seconds = time.perf_counter() - g.get("started", time.perf_counter())
            route = request.url_rule.rule if request.url_rule else "unmatched"
            result = g.get("result", "ok" if response.status_code < 400 else "error")
            http = logs.HttpRequest(
                method=request.method,
                path=request.path,
                status=response.status_code,
                seconds=seconds,
                user_agent=request.user_agent.string or None,
            )
            action, user = g.get("action"), g.get("user_sub")
            logs.log_request(http=http, route=route, action=action, result=result, user=user)
            metrics.observe_request(
                route=route, handler=g.get("handler", "none"), outcome=result, seconds=seconds
            )
        return response
