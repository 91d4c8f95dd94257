"""How fast the sidebar opens an email, measured against the sandbox with injected delay.

Prints each figure beside its target, for the demo org and a 10,000-lead org:
  * dependent upstream steps on a cold open (the longest chain of calls that had to wait
    for one another), and upstream calls per cold open;
  * the same steps for a new email from someone seen before (their lead remembered: 2)
    and from someone not (3), and that known person's cold open as a ratio to two calls;
  * search calls per open whatever the number of participants (1 to 25);
  * the cold open with 50 ms injected on every upstream call (Gmail and Close), as a ratio
    to three calls to the same stand-ins from a bare HTTP client, timed between the cold
    opens: what the add-on adds to its three dependent steps, whatever the machine;
  * reopen within the cache window: upstream calls;
  * reopen on another instance sharing Redis (and the database): upstream calls, beside
    the cold open of the same emails on the first instance;
  * the add-on's own CPU time per cold open (process time: every thread of this process),
    and as a ratio to the CPU time the same number of calls take through a plain
    `requests` session.

Timed figures are relative or for information: they move with the machine.

A cold open starts with nothing in memory but the organization's metadata (see
`Bench.cold`): the user's settings and the store's other rows are read from the database.
The stand-ins run in a separate process (`python -m sandbox`); the add-on under test runs in
this one, so its own time can be told apart from the stand-ins'.

Redis is a throwaway `redis-server` (as the tests start it), or ADDON_TEST_REDIS_URL.

    python -m benchmarks.sidebar            # both orgs (make bench)
    python -m benchmarks.sidebar --only demo
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import delete

from addon import create_app
from addon.config import Config
from addon.gmail import GmailClient
from addon.services import Caches
from addon.store import generate_key, make_engine
from addon.store.schema import known_people
from addon.upstream import POOL_SIZE
from sandbox.inbox import DEMO_USER_EMAIL
from sandbox.server import OAUTH_CLIENT_ID, SERVICE_ACCOUNT
from tests.localserver import free_port

PUBLIC_URL = "http://addon.bench"
INJECTED_MS = 50
RUNS = 30
TARGET_RATIO = 1.10  # cold open / three bare stand-in calls


class Recorder:
    """Upstream call intervals of the current measurement, from every worker thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: list[tuple[float, float, str]] = []

    def clear(self) -> None:
        with self.lock:
            self.calls = []

    def add(self, start: float, end: float, url: str) -> None:
        with self.lock:
            self.calls.append((start, end, url))

    def snapshot(self) -> list[tuple[float, float, str]]:
        with self.lock:
            return list(self.calls)


class TimedAdapter(HTTPAdapter):
    """requests' own adapter, recording when each upstream call started and ended."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__(pool_maxsize=POOL_SIZE)
        self.recorder = recorder

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            response = super().send(request, *args, **kwargs)
            _ = response.content  # the body's arrival is part of the call
            return response
        finally:
            self.recorder.add(start, time.perf_counter(), str(request.url))


def dependent_steps(calls: list[tuple[float, float, str]]) -> int:
    """Return the longest chain of calls in which each began after the previous ended."""
    ordered = sorted(calls)
    depth: list[int] = []
    for i, (start, _end, _url) in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j][1] <= start]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


@contextlib.contextmanager
def sandbox(large: bool) -> Iterator[str]:
    """Run the demo (`python -m sandbox`) in its own process; yield its base URL."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="bench-sandbox-")
    command = [sys.executable, "-m", "sandbox", "--port", str(port), "--data-dir", data]
    process = subprocess.Popen(
        [*command, *(["--large"] if large else [])],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        cwd=Path(__file__).resolve().parents[1],
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/healthz", timeout=1).ok:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("the sandbox did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


ME = "/sandbox/close/api/v1/me/"


@dataclass(frozen=True)
class Opened:
    """One open of an email: wall and CPU seconds, and the upstream calls it made."""

    wall: float
    cpu: float
    calls: list[tuple[float, float, str]]


@dataclass
class Bench:
    """The add-on in this process, talking to the sandbox in another."""

    base: str
    recorder: Recorder = field(default_factory=Recorder)
    bare: http.client.HTTPConnection | None = None
    bare_auth: str = ""
    redis_url: str | None = None  # shared caches, as between instances
    share: Bench | None = None  # another instance: its database and secret key too

    def __post_init__(self) -> None:
        tmp = Path(tempfile.mkdtemp(prefix="bench-addon-"))
        self.secret = self.share.secret if self.share else generate_key()
        self.database_url = (
            self.share.database_url if self.share else f"sqlite:///{tmp / 'bench.sqlite3'}"
        )
        config = Config(
            public_url=PUBLIC_URL,
            service_account_email=SERVICE_ACCOUNT,
            oauth_client_id=OAUTH_CLIENT_ID,
            secret_keys=(self.secret,),
            database_url=self.database_url,
            redis_url=self.redis_url,
            close_api_url=f"{self.base}/sandbox/close/api/v1/",
            google_certs_url=f"{self.base}/sandbox/google/certs",
            google_issuers=(f"{self.base}/sandbox/google",),
            gmail_api_url=f"{self.base}/sandbox/gmail/",
            log_level="WARNING",
        )
        self.app = create_app(config)
        self.engine = make_engine(config.database_url)
        self.services = self.app.extensions["close_addon"].services
        for session in (self.services.close_session, self.services.gmail_session):
            adapter = TimedAdapter(self.recorder)
            session.mount("http://", adapter)
        self.client = self.app.test_client()
        self.http = requests.Session()

    def tokens(self, path: str, message_id: str | None = None) -> dict[str, str]:
        body: dict[str, Any] = {"email": DEMO_USER_EMAIL, "audience": PUBLIC_URL + path}
        if message_id:
            body["messageId"] = message_id
        return dict(self.http.post(f"{self.base}/sandbox/google/tokens", json=body).json())

    def event(
        self, path: str, message_id: str | None, form: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        tokens = self.tokens(path, message_id)
        common: dict[str, Any] = {"hostApp": "GMAIL", "platform": "WEB"}
        if form:
            common["formInputs"] = {k: {"stringInputs": {"value": [v]}} for k, v in form.items()}
        event: dict[str, Any] = {
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": tokens["userOAuthToken"],
                "userIdToken": tokens["userIdToken"],
                "systemIdToken": tokens["systemIdToken"],
            },
        }
        if message_id:
            event["gmail"] = {"messageId": message_id, "accessToken": tokens["accessToken"]}
        return event, {"Authorization": f"Bearer {tokens['systemIdToken']}"}

    def demo_key(self) -> str:
        """Return the sandbox's demo Close API key."""
        return str(self.http.get(f"{self.base}/sandbox/close/_demo").json()["apiKey"])

    def connect(self) -> None:
        key = self.demo_key()
        event, headers = self.event("/actions/connect", None, {"api_key": key})
        reply = self.client.post("/actions/connect", json=event, headers=headers)
        card = reply.get_json()["renderActions"]["action"]["navigations"][0]["updateCard"]
        if card.get("name") not in ("connected", "home"):  # connected: the home card shows
            raise RuntimeError("could not connect to the sandbox")

    def cold(self, *, keep_people: bool = False) -> None:
        """Forget everything but org metadata, as on a user's first open after a pause.

        Messages, matches and records go, and so do the in-memory copies of the user's
        rows (settings, waiting edits, logged marks): the store is read again. Coworkers
        and field definitions stay, as they do from the moment a user connects. Who was
        on which lead goes too (the open is of someone never seen) unless `keep_people`.
        """
        if not keep_people:
            with self.engine.begin() as connection:
                connection.execute(delete(known_people))
        self.services.forget_copies()
        caches = self.services.caches
        self.services.caches = Caches(org=caches.org, fields=caches.fields)
        self.services.gmail = GmailClient(
            base_url=self.services.config.gmail_api_url, session=self.services.gmail_session
        )

    def open(self, message_id: str) -> Opened:
        """Open one message; return its wall and CPU seconds and its upstream calls."""
        event, headers = self.event("/message", message_id)
        body = json.dumps(event).encode()  # Google sends bytes: encoded before the clock
        self.recorder.clear()
        cpu, start = time.process_time(), time.perf_counter()
        reply = self.call("/message", body, headers["Authorization"])
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        card = json.loads(reply)["action"]["navigations"][0]["pushCard"]
        if card.get("name") != "record":
            raise RuntimeError(f"the open showed the {card.get('name')!r} card, not the record")
        return Opened(wall, cpu, self.recorder.snapshot())

    def call(self, path: str, body: bytes, authorization: str) -> bytes:
        """POST to the add-on as a WSGI server does: one call with the request's bytes.

        Flask's test client would add its own conveniences (cookies, an environ builder,
        response wrappers) to the figure; a server's part is the environ below.
        """
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "addon.bench",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "addon.bench",
            "HTTP_AUTHORIZATION": authorization,
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        status: list[str] = []

        def start_response(line: str, headers: Any, exc_info: Any = None) -> None:
            status.append(line)

        chunks = self.app(environ, start_response)
        try:
            reply = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        if not status or not status[0].startswith("200"):
            raise RuntimeError(f"the add-on answered {status}: {reply[:200]!r}")
        return reply

    def latency(self, ms: int) -> None:
        self.http.post(f"{self.base}/sandbox/close/_faults", json={"latency_ms": ms} if ms else {})
        self.http.post(f"{self.base}/sandbox/gmail/_faults", json={"latency_ms": ms})

    def message(self, case: str) -> str:
        messages = self.http.get(f"{self.base}/sandbox/gmail/messages").json()
        return str(next(m["id"] for m in messages if m["case"] == case))

    def thread_with(self, participants: int) -> str:
        """Add an email from a known contact with n external participants in all."""
        key = self.demo_key()
        contacts = self.http.get(
            f"{self.base}/sandbox/close/api/v1/contact/", params={"_limit": 100}, auth=(key, "")
        ).json()["data"]
        emails = [c["emails"][0]["email"] for c in contacts if c.get("emails")][:participants]
        headers = {"From": emails[0], "To": DEMO_USER_EMAIL, "Subject": f"{participants} people"}
        if len(emails) > 1:
            headers["Cc"] = ", ".join(emails[1:])
        reply = self.http.post(f"{self.base}/sandbox/gmail/messages", json={"headers": headers})
        return str(reply.json()["id"])

    def bare_call(self) -> float:
        """Time one Close call made with http.client alone over a kept-alive connection."""
        if self.bare is None:
            self.bare = http.client.HTTPConnection(urlsplit(self.base).netloc, timeout=10)
            self.bare_auth = "Basic " + base64.b64encode(f"{self.demo_key()}:".encode()).decode()
        start = time.perf_counter()
        self.bare.request("GET", ME, headers={"Authorization": self.bare_auth})
        self.bare.getresponse().read()
        return time.perf_counter() - start

    def requests_cpu(self, calls: int) -> float:
        """Return the CPU seconds `calls` Close calls take through a plain requests session."""
        session, auth = requests.Session(), (self.demo_key(), "")
        session.get(self.base + ME, auth=auth, timeout=10)  # connected before the clock
        cpu = time.process_time()
        for _ in range(calls):
            session.get(self.base + ME, auth=auth, timeout=10).json()
        return time.process_time() - cpu

    def searches(self) -> int:
        return int(
            self.http.get(f"{self.base}/sandbox/close/_stats").json().get("POST /data/search/", 0)
        )


def pace() -> None:
    """Stay inside Close's search rate limit (16 a second), as a real user always is."""
    time.sleep(0.08)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def measure(org: str, large: bool) -> list[tuple[str, str, str, bool]]:
    """Run every measurement against one org; return (figure, value, target, met) rows."""
    rows: list[tuple[str, str, str, bool]] = []
    with sandbox(large) as base:
        bench = Bench(base)
        bench.connect()
        known = bench.message("known-sender")

        bench.cold()
        cold_calls = len(bench.open(known).calls)

        for n in (1, 5, 10, 25):
            pace()
            message = bench.thread_with(n)
            bench.cold()
            bench.http.delete(f"{base}/sandbox/close/_stats")
            bench.open(message)
            searches = bench.searches()
            rows.append((f"search calls, {n} participant(s)", str(searches), "= 1", searches == 1))

        bench.latency(INJECTED_MS)
        walls, depths, bare = [], [], []
        for _ in range(RUNS):
            bench.cold()
            opened = bench.open(known)
            walls.append(opened.wall)
            # With every call delayed, a call that had to wait for another shows as a
            # separate step; without delay, thread start-up order can blur that.
            depths.append(dependent_steps(opened.calls))
            pace()
            bare.append(bench.bare_call())
            pace()
        steps = max(depths)
        cold, one = statistics.median(walls), statistics.median(bare)
        ratio = cold / (3 * one)
        rows[:0] = [
            ("dependent upstream steps, cold open (max)", str(steps), "≤ 3", steps <= 3),
            ("upstream calls, cold open", str(cold_calls), "(info)", True),
        ]
        rows += [
            (
                f"cold open / three bare stand-in calls, {INJECTED_MS} ms injected",
                f"{ratio:.3f}×",
                f"≤ {TARGET_RATIO:.2f}×",
                ratio <= TARGET_RATIO,
            ),
            ("  cold open median", f"{ms(cold)} ms", "(info)", True),
            ("  one bare stand-in call median", f"{ms(one)} ms", "(info)", True),
        ]

        rows += known_people_steps(bench, one)

        bench.open(known)  # warm
        reopen_calls = sum(len(bench.open(known).calls) for _ in range(RUNS))
        rows.append(
            ("upstream calls, reopen in cache window", str(reopen_calls), "= 0", reopen_calls == 0)
        )
        bench.latency(0)
        rows += reopen_on_another_instance(base)

        cpu = []
        for _ in range(RUNS):
            bench.cold()
            cpu.append(bench.open(known).cpu)
            pace()
        own = statistics.median(cpu)
        plain = statistics.median(bench.requests_cpu(cold_calls) for _ in range(RUNS))
        rows += [
            ("own CPU per cold open (process time)", f"{ms(own)} ms", "(info)", True),
            (
                f"  / CPU of {cold_calls} plain requests calls",
                f"{own / plain:.1f}×",
                "(info)",
                True,
            ),
        ]
    return [(f"[{org}] {figure}", value, target, met) for figure, value, target, met in rows]


def reopen_on_another_instance(base: str) -> list[tuple[str, str, str, bool]]:
    """Open emails on one instance, reopen them on another: both share Redis and the store."""
    with shared_redis() as redis_url:
        if redis_url is None:
            return [("reopen on another instance", "skipped", "no redis-server", True)]
        first = Bench(base, redis_url=redis_url)
        other = Bench(base, redis_url=redis_url, share=first)
        first.connect()
        opened, reopened = 0, 0
        for n in (1, 2, 3, 5, 8):
            message = first.thread_with(n)
            opened += len(first.open(message).calls)
            reopened += len(other.open(message).calls)
            pace()
    return [
        ("upstream calls, 5 cold opens on instance A", str(opened), "(info)", True),
        ("upstream calls, the same 5 reopened on instance B", str(reopened), "= 0", reopened == 0),
    ]


@contextlib.contextmanager
def shared_redis() -> Iterator[str | None]:
    """Yield the URL of a throwaway Redis server, or None where none can be started."""
    from tests.redisserver import ENV_URL, redis_server  # the tests' own: started alike

    if not os.environ.get(ENV_URL) and shutil.which("redis-server") is None:
        yield None
        return
    with redis_server() as url:
        yield url


def known_people_steps(bench: Bench, bare_call: float) -> list[tuple[str, str, str, bool]]:
    """Measure cold opens of new mail from someone seen before, and from someone not.

    Each run opens a new email from a demo contact twice, cold: once with the add-on
    remembering which lead the sender is on (their activities start beside the search),
    once with that memory gone (the activities wait for the search). Upstream latency must
    be injected: a step is a call that began after another ended. `bare_call` is the median
    of one bare stand-in call, for the ratio.
    """
    known_steps, unknown_steps, known_walls = [], [], []
    bench.cold()
    bench.open(bench.thread_with(1))  # the sender is seen once: remembered from now on
    for _ in range(RUNS):
        pace()
        message = bench.thread_with(1)
        bench.cold(keep_people=True)
        opened = bench.open(message)
        known_steps.append(dependent_steps(opened.calls))
        known_walls.append(opened.wall)
        pace()
        bench.cold()
        unknown_steps.append(dependent_steps(bench.open(bench.thread_with(1)).calls))
    known, unknown = max(known_steps), min(unknown_steps)
    wall = statistics.median(known_walls)
    ratio = wall / (2 * bare_call)
    return [
        ("dependent upstream steps, new email, known person (max)", str(known), "= 2", known == 2),
        ("dependent upstream steps, new email, unknown (min)", str(unknown), "= 3", unknown == 3),
        (
            f"known person's cold open / two bare stand-in calls, {INJECTED_MS} ms injected",
            f"{ratio:.3f}×",
            f"≤ {TARGET_RATIO:.2f}×",
            ratio <= TARGET_RATIO,
        ),
        ("  known person's cold open median", f"{ms(wall)} ms", "(info)", True),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("demo", "large"))
    args = parser.parse_args()
    orgs = [("demo", False), ("large", True)]
    rows = []
    for org, large in orgs:
        if args.only in (None, org):
            rows += measure(org, large)
    width = max(len(r[0]) for r in rows)
    print(f"{'figure'.ljust(width)}  {'measured':>12}  {'target':>10}  met")
    for figure, value, target, met in rows:
        print(f"{figure.ljust(width)}  {value:>12}  {target:>10}  {'yes' if met else 'NO'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
