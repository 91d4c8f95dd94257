"""Real processes for the durability tests: the add-on as its own OS process, stand-ins in ours.

The add-on is started the production way (`close-addon serve`: gunicorn, config from the
environment) on a file-backed store, so `kill -9` ends it as a crash would, mid-request,
with nothing flushed or rolled back by Python. Google's certs and token issuer, Gmail and
the Close emulator run in the test's process on one loopback server: the test reads
Close's data directly and waits on the emulator's own events (a call held by a fault).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import requests
from flask import Flask
from google.auth import jwt
from werkzeug.serving import make_server

from addon.store import generate_key
from sandbox.close.ratelimit import RateLimitConfig
from sandbox.close.routes import create_close_blueprint
from sandbox.close.state import CloseState
from sandbox.gmail import Inbox, create_gmail_blueprint
from sandbox.google import TokenIssuer, create_google_blueprint
from sandbox.inbox import DEMO_USER_EMAIL
from sandbox.server import OAUTH_CLIENT_ID, SERVICE_ACCOUNT
from tests.addon_client import action_of, find_button
from tests.cardcheck import validate_response
from tests.integration.conftest import Writes
from tests.localserver import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60  # a cold interpreter on a busy CI machine
CALL_TIMEOUT_S = 30
REQUEST_DEADLINE_S = 20.0  # the add-on's own default; it sets the form ledger's lease


@dataclass
class StandIns:
    """Google, Gmail and Close, served from the test's process."""

    base_url: str
    issuer: TokenIssuer
    close: CloseState
    writes: Writes  # the writes Close carried out
    http: requests.Session = field(default_factory=requests.Session)

    def faults(self, **settings: Any) -> None:
        """Set (or, with no arguments, clear and release) the emulator's injected faults."""
        reply = self.http.post(f"{self.base_url}/sandbox/close/_faults", json=settings, timeout=5)
        reply.raise_for_status()

    def api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call Close's API as the demo user, for a test's own setup and checks."""
        url = f"{self.base_url}/sandbox/close/api/v1/{path}"
        key = self.close.demo_api_key or ""
        reply = self.http.request(method, url, json=body, auth=(key, ""), timeout=5)
        reply.raise_for_status()
        return reply.json()


@contextmanager
def stand_ins() -> Iterator[StandIns]:
    """Serve the stand-ins on a free loopback port for the block."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    issuer = TokenIssuer(
        issuer=f"{base_url}/sandbox/google",
        service_account_email=SERVICE_ACCOUNT,
        oauth_client_id=OAUTH_CLIENT_ID,
    )
    # Close's rate limits stay off: a retried 429 would blur which writes Close carried out.
    close = CloseState.from_demo(rate_limits=RateLimitConfig(enabled=False))
    app = Flask("durability-stand-ins")
    app.register_blueprint(create_google_blueprint(issuer), url_prefix="/sandbox/google")
    gmail = create_gmail_blueprint(Inbox(owner=DEMO_USER_EMAIL), issuer)
    app.register_blueprint(gmail, url_prefix="/sandbox/gmail")
    app.register_blueprint(create_close_blueprint(close), url_prefix="/sandbox/close")
    writes = Writes()
    writes.watch(app)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    standins = StandIns(base_url=base_url, issuer=issuer, close=close, writes=writes)
    try:
        yield standins
    finally:
        standins.faults()  # wake any call still held, so the server can stop
        server.shutdown()
        server.server_close()
        standins.http.close()


class Addon:
    """The add-on as a separate process on a store of its own: start, kill -9, start again."""

    def __init__(self, standins: StandIns, database_url: str, log_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self._log_dir = log_dir
        self._starts = 0
        self._process: subprocess.Popen[str] | None = None
        # Only what this test sets: no add-on setting leaks in from the environment.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("ADDON_")}
        self._env = inherited | {
            "ADDON_PUBLIC_URL": self.url,
            "ADDON_SERVICE_ACCOUNT_EMAIL": SERVICE_ACCOUNT,
            "ADDON_OAUTH_CLIENT_ID": OAUTH_CLIENT_ID,
            "ADDON_SECRET_KEYS": generate_key(),
            "ADDON_DATABASE_URL": database_url,
            "CLOSE_API_URL": f"{standins.base_url}/sandbox/close/api/v1/",
            "GOOGLE_CERTS_URL": f"{standins.base_url}/sandbox/google/certs",
            "GOOGLE_ISSUERS": f"{standins.base_url}/sandbox/google",
            "GMAIL_API_URL": f"{standins.base_url}/sandbox/gmail/",
            "ADDON_REQUEST_DEADLINE_SECONDS": str(REQUEST_DEADLINE_S),
        }
        # No Redis: one instance, the embedded default. Close's app links stay Close's own
        # (the test never opens them).
        self._env.pop("CLOSE_APP_URL", None)

    def start(self) -> None:
        """Start `close-addon serve` (gunicorn, one worker) and wait until it answers."""
        assert self._process is None, "already running"
        self._starts += 1
        log_path = self._log_dir / f"addon-{self._starts}.log"
        command = [
            sys.executable, "-m", "addon.cli", "serve",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1", "--threads", "4",
        ]  # fmt: skip
        # A session of its own: kill() ends gunicorn and its worker together, as a crash does.
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=self._env,
            stdout=subprocess.DEVNULL,  # the access log
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self._process = process
        assert process.stderr is not None
        try:
            if not _wait_for_line(process.stderr, "Listening at:", log_path):
                raise AssertionError("gunicorn did not start listening")
            # gunicorn holds the bound socket: this waits until its worker has loaded the app.
            reply = requests.get(f"{self.url}/healthz", timeout=START_TIMEOUT_S)
            assert reply.status_code == 200, reply.text
        except (AssertionError, requests.RequestException) as exc:
            self.kill()
            log = log_path.read_text()
            raise AssertionError(f"the add-on did not start ({exc}):\n{log}") from exc

    def kill(self) -> None:
        """kill -9 the whole instance (gunicorn and its worker); no cleanup runs."""
        process, self._process = self._process, None
        assert process is not None, "not running"
        with contextlib.suppress(ProcessLookupError):  # already gone (it failed to start)
            os.killpg(process.pid, signal.SIGKILL)  # the group this test started, by its id
        process.wait(timeout=10)

    @property
    def running(self) -> bool:
        """Tell whether this instance was started and not killed since."""
        return self._process is not None

    def stop(self) -> None:
        """Kill the instance if it is still running (a test's cleanup)."""
        if self._process is not None:
            self.kill()


def _wait_for_line(stream: IO[str], marker: str, log_path: Path) -> bool:
    """Copy the stream to a log file from a thread; wait until a line contains `marker`.

    Blocking reads of the server's own output: no polling. False when the stream ends
    (the process died) or nothing comes within the start timeout.
    """
    seen = threading.Event()

    def copy() -> None:
        with log_path.open("w") as log:
            for text in stream:
                log.write(text)
                log.flush()
                if marker in text:
                    seen.set()
        seen.set()  # the process is gone: stop waiting

    reader = threading.Thread(target=copy, daemon=True)
    reader.start()
    return seen.wait(START_TIMEOUT_S) and marker in log_path.read_text()


@dataclass
class GmailUser:
    """Gmail for one user against the add-on process: signed events, checked answers."""

    addon: Addon
    standins: StandIns
    email: str = DEMO_USER_EMAIL

    @property
    def sub(self) -> str:
        """Return the verified `sub` the add-on keys this user's rows by."""
        claims = jwt.decode(self.standins.issuer.user_token(self.email), verify=False)
        return str(claims["sub"])

    def post(self, path: str, *, form: dict[str, Any] | None = None, **params: str) -> Any:
        """Send an event to a route as Gmail does; return the answer (raises if there is none)."""
        url = self.addon.url + path
        issuer = self.standins.issuer
        common: dict[str, Any] = {
            "hostApp": "GMAIL",
            "platform": "WEB",
            "userLocale": "en-US",
            "timeZone": {"id": "America/New_York", "offset": -18000000},
        }
        if form:
            common["formInputs"] = {
                k: v if isinstance(v, dict) else {"stringInputs": {"value": _listed(v)}}
                for k, v in form.items()
            }
        if params:
            common["parameters"] = params
        system = issuer.system_token(url)
        event = {
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": issuer.oauth_token(self.email),
                "userIdToken": issuer.user_token(self.email),
                "systemIdToken": system,
            },
        }
        headers = {"Authorization": f"Bearer {system}"}
        reply = requests.post(url, json=event, headers=headers, timeout=CALL_TIMEOUT_S)
        assert reply.status_code == 200, (reply.status_code, reply.text)
        body = reply.json()
        validate_response(body, "callback", public_url=self.addon.url, allow_http=True)
        return body

    def click(self, name: str, *, form: dict[str, Any] | None = None, **params: str) -> Any:
        """Press something bound to /actions/<name>."""
        return self.post(f"/actions/{name}", form=form, **params)

    def press(self, card: dict[str, Any], label: str, **form: Any) -> Any:
        """Press the button labelled `label` on a card, with these form values."""
        name, params = action_of(find_button(card, label))
        return self.click(name, form=form or None, **params)

    def tap(self, target: dict[str, Any], **form: Any) -> Any:
        """Tap a line or button (its onClick action), with these form values."""
        name, params = action_of(target)
        return self.click(name, form=form or None, **params)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
