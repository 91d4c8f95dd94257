"""Injected response time for the stand-ins, counted from the moment a call arrives.

A stand-in's latency models the remote service's whole response time, from the request
reaching it to the answer leaving it; a real service's HTTP serving happens inside that
time too. With `timed_answers` around the app, the clock starts when the server saw the
request's bytes (`note_arrival`, from the demo server's worker) or else when the call
reaches the WSGI app, and the answer is held back at the very end, once it is built. The
stand-in's own serving and framework time therefore count toward the wait instead of
adding to it. Without the wrapper (a bare test app), the clock starts at the stand-in's
hook and the hold happens in place.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

ARRIVED_AT = "sandbox.arrived_at"
_HOLD = "sandbox.hold"
# The last moment of a wait is spent awake: a thread woken from sleep on a busy machine
# runs a few hundred microseconds late, which would add to every injected latency.
AWAKE_FOR = 0.0005

_serving = threading.local()


def note_arrival(at: float | None) -> None:
    """Note, on the thread about to serve a call, when its request became readable.

    `at` is a monotonic time, or None when the server cannot tell (the app's arrival is
    used then). The next call this thread serves takes it.
    """
    _serving.arrived_at = at


def arrived_at(environ: WSGIEnvironment) -> float:
    """Return when the call reached the app (monotonic), or now if nobody stamped it."""
    stamp = environ.get(ARRIVED_AT)
    return float(stamp) if stamp is not None else time.monotonic()


def wait_until(deadline: float, sleep: Callable[[float], object] = time.sleep) -> None:
    """Return at a monotonic `deadline`: asleep for most of the wait, awake for its end.

    A `sleep` that returns true was woken on purpose, and the wait ends there.
    """
    left = deadline - time.monotonic()
    if left > AWAKE_FOR and sleep(left - AWAKE_FOR):
        return
    while time.monotonic() < deadline:
        pass


def hold(environ: WSGIEnvironment, wait: Callable[[], None]) -> None:
    """Run `wait` just before the answer leaves: at the app's very end when wrapped."""
    if ARRIVED_AT in environ:
        environ[_HOLD] = wait
    else:
        wait()


def timed_answers(app: WSGIApplication) -> WSGIApplication:
    """Wrap a WSGI app so stand-in latency spans the whole of its handling of a call."""

    def wrapped(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        noted = getattr(_serving, "arrived_at", None)
        _serving.arrived_at = None
        environ[ARRIVED_AT] = noted if noted is not None else time.monotonic()
        body = app(environ, start_response)
        wait = environ.pop(_HOLD, None)
        if wait is not None:
            wait()  # the server writes nothing before the body is handed back
        return body

    return wrapped
