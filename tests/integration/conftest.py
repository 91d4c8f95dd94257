"""A live demo server on a loopback port: the add-on against the Close emulator over HTTP."""

from __future__ import annotations

import functools
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask, Response, g, request
from werkzeug.serving import BaseWSGIServer, make_server

from addon.close.ratebudget import rate_budget
from addon.gmail import GmailClient
from addon.services import Caches
from sandbox.close.leads import delete_lead
from sandbox.close.ratelimit import RateLimiter
from sandbox.close.state import CloseState
from sandbox.inbox import DEMO_USER_EMAIL
from sandbox.server import Sandbox, create_demo_app
from tests.cardcheck import validate_response
from tests.localserver import free_port


class Timeline:
    """The emulator's rate-limit clock, which the add-on's retry waits move on at once.

    A wait for a rate-limit window (or a backoff) passes without real time passing: the
    window has reset when the add-on calls again, as it would have after a real wait.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.skipped = 0.0

    def now(self) -> float:
        return time.monotonic() + self.skipped

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.skipped += seconds


class Writes:
    """The writes Close carried out, per ``METHOD /path/{id}/``.

    Close's call counts (``Live.stats``) include the calls a fault refused before Close
    acted (a 429, an injected 503); these count only the writes that reached Close's data,
    so a retry of a refused write is not mistaken for a duplicate.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._counts: Counter[str] = Counter()

    def watch(self, app: Flask) -> None:
        """Count the writes that the emulator's API views of `app` answer."""
        for endpoint, view in app.view_functions.items():
            if endpoint.startswith("close_sandbox.api"):
                app.view_functions[endpoint] = self._counted(view)

    def _counted(self, view: Callable[..., Response]) -> Callable[..., Response]:
        @functools.wraps(view)
        def counted(**url_args: str) -> Response:
            answer = view(**url_args)  # raises when Close refuses the write
            call = g.get("close_call")
            if request.method in WRITE_METHODS and call and call.folded != "/data/search/":
                with self._lock:
                    self._counts[f"{request.method} {call.folded}"] += 1
                    self._lock.notify_all()
            return answer

        return counted

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def wait_for(self, call: str, count: int, timeout: float = 10.0) -> None:
        """Wait until Close has carried out `count` of `call` (a write still under way)."""
        with self._lock:
            assert self._lock.wait_for(lambda: self._counts[call] >= count, timeout), call

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Live:
    """A running demo: its base URL, the stand-ins behind it, and an HTTP session."""

    base_url: str
    sandbox: Sandbox
    app: Flask
    timeline: Timeline  # the clock the add-on's skipped waits move on
    writes: Writes  # the writes Close carried out
    http: requests.Session = field(default_factory=requests.Session)

    def cold(self) -> None:
        """Empty the add-on's caches, as after a restart (the settings store stays)."""
        services = self.app.extensions["close_addon"].services
        services.caches = Caches()
        # Close's rate budget too, on the clock the add-on's skipped waits move.
        services.close_budget = rate_budget(None, clock=self.timeline.now)
        services.gmail = GmailClient(
            base_url=services.config.gmail_api_url, session=services.gmail_session
        )

    def stats(self) -> dict[str, int]:
        """Return Close call counts since the last reset."""
        return dict(self.http.get(f"{self.base_url}/sandbox/close/_stats").json())

    def reset_stats(self) -> None:
        self.http.delete(f"{self.base_url}/sandbox/close/_stats")
        self.writes.reset()

    def faults(self, **settings: Any) -> None:
        """Set (or, with no arguments, clear) the emulator's injected faults."""
        response = self.http.post(f"{self.base_url}/sandbox/close/_faults", json=settings)
        response.raise_for_status()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """Serve the demo (add-on + stand-ins) on a free loopback port for the whole session."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    timeline = Timeline()
    close = CloseState.from_demo()
    close.limiter = RateLimiter(clock=timeline.now)
    app, sandbox = create_demo_app(
        base_url,
        tmp_path_factory.mktemp("demo"),
        close=close,
        request_deadline_seconds=3.0,
        close_timeout_seconds=1.5,
    )
    app.extensions["close_addon"].services.sleep = timeline.sleep
    writes = Writes()
    writes.watch(app)
    server: BaseWSGIServer = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Live(base_url=base_url, sandbox=sandbox, app=app, timeline=timeline, writes=writes)
    finally:
        server.shutdown()


@dataclass
class Browser:
    """Gmail for one user against the live server: real tokens, real routes, checked replies."""

    live: Live
    email: str = DEMO_USER_EMAIL
    message_id: str | None = None
    scopes: list[str] | None = None  # what the user granted; None: every scope asked for
    locale: str = "en-US"  # the user's Gmail language and country

    def _tokens(self, url: str) -> dict[str, str]:
        body: dict[str, Any] = {"email": self.email, "audience": url}
        if self.message_id:
            body["messageId"] = self.message_id
        if self.scopes is not None:
            body["scopes"] = self.scopes
        reply = self.live.http.post(f"{self.live.base_url}/sandbox/google/tokens", json=body)
        reply.raise_for_status()
        return dict(reply.json())

    def post(
        self,
        path: str,
        *,
        form: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        compose_to: list[str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Send an event to a route; return the status and JSON body."""
        url = self.live.base_url + path
        tokens = self._tokens(url)
        common: dict[str, Any] = {
            "hostApp": "GMAIL",
            "platform": "WEB",
            "userLocale": self.locale,
            "timeZone": {"id": "America/New_York", "offset": -18000000},
        }
        if form:
            # A dict is already in wire shape (a date picker's dateInput, …).
            common["formInputs"] = {
                k: v if isinstance(v, dict) else {"stringInputs": {"value": _listed(v)}}
                for k, v in form.items()
            }
        if params:
            common["parameters"] = params
        event: dict[str, Any] = {
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": tokens["userOAuthToken"],
                "userIdToken": tokens["userIdToken"],
                "systemIdToken": tokens["systemIdToken"],
            },
        }
        if self.scopes is not None:
            event["authorizationEventObject"]["authorizedScopes"] = self.scopes
        if self.message_id:
            event["gmail"] = {
                "messageId": self.message_id,
                "threadId": self.message_id,
                "accessToken": tokens["accessToken"],
            }
        if compose_to is not None:  # the compose window: recipients, no open message
            event["gmail"] = {"toRecipients": compose_to, "accessToken": "draft-token"}
        reply = self.live.http.post(
            url,
            json=event,
            headers={"Authorization": f"Bearer {tokens['systemIdToken']}"},
            timeout=30,
        )
        return reply.status_code, reply.json()

    def trigger(self, path: str = "/message", **kwargs: Any) -> dict[str, Any]:
        status, body = self.post(path, **kwargs)
        assert status == 200, body
        validate_response(body, "trigger", public_url=self.live.base_url, allow_http=True)
        return body

    def click(self, name: str, **kwargs: Any) -> dict[str, Any]:
        status, body = self.post(f"/actions/{name}", **kwargs)
        assert status == 200, body
        validate_response(body, "callback", public_url=self.live.base_url, allow_http=True)
        return body

    def open(self, case: str) -> dict[str, Any]:
        """Open the inbox email that exercises a case; return the first card."""
        messages = self.live.http.get(f"{self.live.base_url}/sandbox/gmail/messages").json()
        self.message_id = next(m["id"] for m in messages if m["case"] == case)
        body = self.trigger("/message")
        return body["action"]["navigations"][0]["pushCard"]  # type: ignore[no-any-return]

    def open_home(self) -> dict[str, Any]:
        """Open the add-on with no email selected; return the homepage card."""
        self.message_id = None
        body = self.trigger("/homepage")
        return body["action"]["navigations"][0]["pushCard"]  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def connected(live: Live) -> Browser:
    """The demo user, connected with the demo key once for the session."""
    browser = Browser(live)
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    browser.click("connect", form={"api_key": key})
    return browser


@pytest.fixture
def gmail(connected: Browser, live: Live) -> Iterator[Browser]:
    """A connected browser with faults cleared, cold caches and call counts reset.

    Close's own rate limits are off here, so that tests which count calls are not thrown
    by a retried 429; test_faults covers limits on their own.
    """
    live.http.post(f"{live.base_url}/sandbox/close/_ratelimits", json={"enabled": False})
    live.faults()
    live.cold()
    live.reset_stats()
    yield Browser(live)
    live.faults()
    live.http.post(f"{live.base_url}/sandbox/close/_ratelimits", json={})


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture
def own_leads(live: Live) -> Iterator[None]:
    """Delete every lead a test made, so the shared demo stays as the other tests expect."""
    state = live.sandbox.close
    with state.lock:
        before = set(state.leads)
    yield
    with state.lock:
        for lead_id in set(state.leads) - before:
            delete_lead(state, lead_id)


def api(live: Live, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Call the Close emulator as the demo user (for a test's own setup)."""
    key = live.http.get(f"{live.base_url}/sandbox/close/_demo").json()["apiKey"]
    url = f"{live.base_url}/sandbox/close/api/v1/{path}"
    reply = live.http.request(method, url, json=body, auth=(key, ""))
    reply.raise_for_status()
    return reply.json()


def card_of(body: dict[str, Any]) -> dict[str, Any]:
    """Return the first card a response pushes or updates."""
    action = body.get("renderActions", body)["action"]
    for navigation in action.get("navigations", []):
        for key in ("pushCard", "updateCard"):
            if key in navigation:
                return navigation[key]  # type: ignore[no-any-return]
    raise AssertionError(f"no card in {body}")


ROOT = Path(__file__).parent
