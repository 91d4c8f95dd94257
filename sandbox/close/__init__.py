"""A faithful local Close: the REST API the add-on talks to, served from memory.

Mount ``create_close_blueprint(state)`` at ``/sandbox/close``; the API lives under
``/sandbox/close/api/v1/`` (Basic auth, API key as username) and the test/benchmark controls
at ``/sandbox/close/_faults``, ``/_stats``, ``/_demo`` and ``/_ratelimits`` (see ``controls``).
Build the state with ``CloseState.empty()`` (one user, no records) or ``CloseState.from_demo()``.

Endpoints: ``me``, ``organization/{id}``, ``user[/{id}]``, ``connected_account``,
``lead``, ``contact``, ``opportunity``, ``task`` (list/create, get/put/delete by id),
``activity`` and ``activity/{note|email|call|sms|meeting|status_change/lead|…}[/{id}]``,
``status/lead``, ``status/opportunity``, ``pipeline``, ``custom_field/{type}[/{id}]``,
``custom_field_schema/{type}``, ``email_template[/{id}[/render]]`` and ``data/search``.
"""

from sandbox.close.faults import FaultConfig
from sandbox.close.ratelimit import RateLimitConfig
from sandbox.close.routes import create_close_blueprint
from sandbox.close.state import DEFAULT_TEST_API_KEY, CloseState

__all__ = [
    "DEFAULT_TEST_API_KEY",
    "CloseState",
    "FaultConfig",
    "RateLimitConfig",
    "create_close_blueprint",
]
