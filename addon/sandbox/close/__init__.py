"""A faithful local Close: the REST API the add-on talks to, served from memory.

Mount ``create_close_blueprint(state)`` at ``/sandbox/close``; the API lives under
``/sandbox/close/api/v1/`` (Basic auth, API key as username) and the test/benchmark controls
at ``/sandbox/close/_faults``, ``/_stats``, ``/_demo`` and ``/_ratelimits``. Build the state
with ``CloseState.empty()`` (one user, no records) or ``CloseState.from_demo()``.
"""

from addon.sandbox.close.faults import FaultConfig
from addon.sandbox.close.ratelimit import RateLimitConfig
from addon.sandbox.close.routes import create_close_blueprint
from addon.sandbox.close.state import DEFAULT_TEST_API_KEY, CloseState

__all__ = [
    "DEFAULT_TEST_API_KEY",
    "CloseState",
    "FaultConfig",
    "RateLimitConfig",
    "create_close_blueprint",
]
