"""Two add-on instances under load from many Gmail users, with 50 ms injected upstream.

The stack (see `benchmarks.loadstack`): the stand-ins for Google, Gmail and Close in a
process of their own, two add-on instances each served by `close-addon serve` (the
production gunicorn config) on one PostgreSQL store and one Redis.

Each simulated user has a Google account of their own (tokens from the sandbox's issuer,
a system ID token for each URL called, as Gmail sends them), connects once with a demo
Close API key (users share the organization's five keys, as a team does), then for
`--seconds` repeats a seeded random mix, one request at a time with a pause between:

  * open: a new email arrives in their mailbox and they open it (cold for that email);
  * reopen: an email they opened before, on the instance that did not serve it last;
  * edit: tap the record card's lead status, then save another status (two requests);
  * create: open the note form (a fresh form id), then save a note (two requests).

Every request goes to the next instance in turn, as Cloud Run spreads them. Five runs
on the same stack: plain; with Close faults (errors and a few hangs); with the emulator's
rate limits on, Close's own; then cut to a quarter so that this load exceeds them, per key
only, and with the organization's window too. Each prints requests/s, p50/p95/p99 per
kind (also as a ratio to a bare emulator call timed during the same run, under the same
load and latency), errors, upstream calls per open, 429s Close sent and users saw, and
RSS per gunicorn worker before and after. When the instances serve /metrics (200), some
of its totals too. At the end: notes users were told were added against those Close has,
and 5xx and tracebacks in the instances' logs.

Timed figures move with the machine: the add-on, the stand-ins, the databases and this
load generator share its cores.

    python -m benchmarks.load                         # 50 users, 60 s a run (make load)
    python -m benchmarks.load --seconds 10 --users 10
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from benchmarks.loadstack import (
    PUBLIC_URL,
    Instance,
    addon_instances,
    five_hundreds,
    rss_mb,
    sandbox,
    tracebacks,
)
from sandbox.demo_data.constants import COWORKERS, MAIN_USER, ORG_DOMAIN
from tests.pg import postgres_server
from tests.redisserver import redis_server

INJECTED_MS = 50
KINDS = ("open", "reopen", "edit card", "edit save", "note form", "note save")
MIX = {"open": 4, "reopen": 3, "edit": 2, "create": 1}  # relative weights of a user's next step
THINK_S = (0.5, 1.5)  # a user's pause between two steps, uniform
KEYS = (MAIN_USER, *COWORKERS)
TIMEOUT_S = 60
ME = "/sandbox/close/api/v1/me/"

FAULTS: dict[str, Any] = {
    "latency_ms": INJECTED_MS,
    "error_rate": {"status": 503, "rate": 0.05},
    "hang_ms": 12_000,  # longer than the add-on's Close timeout (10 s)
    "hang_rate": 0.005,
    "seed": 13,
}
# Close's own limits are far above what this load spends per key; a quarter of them is not.
# Close also counts every key of an organization together (three times a key's limit); the
# last run shows the five keys sharing that window through the organization's budget.
QUARTER = {"default_limit": 40, "search_limit": 4}
RUNS: tuple[tuple[str, dict[str, Any], dict[str, Any] | None], ...] = (
    ("plain", {"latency_ms": INJECTED_MS}, None),
    ("Close faults: 5% 503s, 0.5% hangs of 12 s", FAULTS, None),
    ("emulator's rate limits on (Close's: 160 per 8 s, search 16/s)", {"latency_ms": 50}, {}),
    (
        "rate limits per key cut to a quarter (40 per 8 s, search 4/s), organization's wide",
        {"latency_ms": INJECTED_MS},
        QUARTER | {"org_multiplier": 100},
    ),
    (
        "the same quarter, with the organization's window (3 keys' worth, for 5 keys)",
        {"latency_ms": INJECTED_MS},
        QUARTER,
    ),
)


class Tokens:
    """Google tokens from the sandbox's issuer, minted once and reused while they are valid.

    A system ID token names the URL called, not the user, so one serves every user; a
    user's ID and OAuth tokens serve all their requests; a per-message token, one email.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.lock = threading.Lock()
        self.system: dict[str, str] = {}
        self.users: dict[str, tuple[str, str]] = {}
        self.messages: dict[str, str] = {}
        self.local = threading.local()

    def _mint(self, email: str, url: str, message_id: str | None) -> dict[str, str]:
        session = getattr(self.local, "session", None) or requests.Session()
        self.local.session = session
        body = {"email": email, "audience": url} | ({"messageId": message_id} if message_id else {})
        reply = session.post(f"{self.base}/sandbox/google/tokens", json=body, timeout=TIMEOUT_S)
        reply.raise_for_status()
        tokens = dict(reply.json())
        with self.lock:
            self.system[url] = tokens["systemIdToken"]
            self.users.setdefault(email, (tokens["userIdToken"], tokens["userOAuthToken"]))
            if message_id:
                self.messages[message_id] = tokens["accessToken"]
        return tokens

    def for_request(self, email: str, url: str, message_id: str | None) -> tuple[str, str, str]:
        """Return (system ID token, user ID token, OAuth token) for one request."""
        with self.lock:
            system, user = self.system.get(url), self.users.get(email)
            missing = system is None or user is None
            missing = missing or bool(message_id and message_id not in self.messages)
        if missing:
            self._mint(email, url, message_id)
        with self.lock:
            return self.system[url], *self.users[email]

    def message(self, message_id: str) -> str:
        with self.lock:
            return self.messages[message_id]


@dataclass
class Outcome:
    """One timed request."""

    kind: str
    seconds: float
    problem: str | None = None  # None: the answer was what the user expected
    rate_limited: bool = False


@dataclass
class Recorder:
    """Every timed request of the current run, from every user thread."""

    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def take(self) -> list[Outcome]:
        with self.lock:
            taken, self.outcomes = self.outcomes, []
            return taken


def card_text(node: Any) -> str:
    """Return the visible strings of a reply, for telling error cards apart."""
    if isinstance(node, dict):
        return " ".join(card_text(v) for k, v in node.items() if k != "onClick")
    if isinstance(node, list):
        return " ".join(card_text(v) for v in node)
    return node if isinstance(node, str) else ""


def navigations(body: dict[str, Any]) -> list[dict[str, Any]]:
    action = body.get("renderActions", body).get("action", {})
    return list(action.get("navigations", []))


def cards(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the cards a reply pushes or updates."""
    found = []
    for nav in navigations(body):
        for kind in ("pushCard", "updateCard"):
            if kind in nav:
                found.append(nav[kind])
    return found


def toast(body: dict[str, Any]) -> str:
    note = body.get("renderActions", body).get("action", {}).get("notification")
    return str(note.get("text", "")) if isinstance(note, dict) else ""


def find_button(card: dict[str, Any], text: str) -> dict[str, Any] | None:
    """Return the first widget labelled `text` that has an action (a button or a line)."""
    if isinstance(card, dict):
        if card.get("text") == text and ("onClick" in card or "button" in card):
            return card
        for value in card.values():
            if (found := find_button(value, text)) is not None:  # type: ignore[arg-type]
                return found
    elif isinstance(card, list):
        for value in card:
            if (found := find_button(value, text)) is not None:
                return found
    return None


def find_line(card: Any, top_label: str) -> dict[str, Any] | None:
    """Return the first decorated line with this top label."""
    if isinstance(card, dict):
        line = card.get("decoratedText")
        if isinstance(line, dict) and line.get("topLabel") == top_label:
            return line
        for value in card.values():
            if (found := find_line(value, top_label)) is not None:
                return found
    elif isinstance(card, list):
        for value in card:
            if (found := find_line(value, top_label)) is not None:
                return found
    return None


def action_of(widget: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """Return the (path with query, parameters) a widget's click posts, as Gmail calls it."""
    pressed = widget if "action" in widget.get("onClick", {}) else widget["button"]
    action = pressed["onClick"]["action"]
    function = str(action["function"])
    path = urlsplit(function).path if "://" in function else "/" + function.lstrip("/")
    query = urlsplit(function).query
    params = {p["key"]: p["value"] for p in action.get("parameters", [])}
    params |= dict(parse_qsl(query, keep_blank_values=True))
    return (f"{path}?{query}" if query else path), params


@dataclass
class Stack:
    """What the users talk to: the stand-ins and the add-on instances."""

    base: str
    instances: list[Instance]
    tokens: Tokens
    contacts: list[str]
    statuses: list[str]
    recorder: Recorder = field(default_factory=Recorder)


class User:
    """One Gmail user: their own requests session, emails and seeded choices."""

    def __init__(self, stack: Stack, number: int, seed: int) -> None:
        self.stack = stack
        self.email = f"rep{number:02d}@{ORG_DOMAIN}"
        self.key = KEYS[number % len(KEYS)].api_key
        self.rng = random.Random(seed * 1000 + number)  # a repeatable load mix
        self.http = requests.Session()
        self.turn = itertools.count(number)
        self.opened: dict[str, int] = {}  # message id -> instance that served it last
        self.message_id: str | None = None
        self.card: dict[str, Any] | None = None  # the record card on screen
        self.form = 0
        self.notes: list[str] = []  # notes the add-on said it added

    # ---- the wire -----------------------------------------------------------------------

    def post(
        self,
        instance: int,
        path: str,
        *,
        form: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Post an event to one instance as Gmail would; return the status and body."""
        url = PUBLIC_URL + path
        system, user, oauth = self.stack.tokens.for_request(self.email, url, self.message_id)
        common: dict[str, Any] = {
            "hostApp": "GMAIL",
            "platform": "WEB",
            "userLocale": "en-US",
            "timeZone": {"id": "America/New_York", "offset": -18000000},
        }
        if form:
            common["formInputs"] = {k: {"stringInputs": {"value": [v]}} for k, v in form.items()}
        if params:
            common["parameters"] = params
        event: dict[str, Any] = {
            "commonEventObject": common,
            "authorizationEventObject": {
                "userOAuthToken": oauth,
                "userIdToken": user,
                "systemIdToken": system,
            },
        }
        if self.message_id:
            event["gmail"] = {
                "messageId": self.message_id,
                "threadId": self.message_id,
                "accessToken": self.stack.tokens.message(self.message_id),
            }
        body = json.dumps(event).encode()  # encoded before the clock, as Google sends bytes
        reply = self.http.post(
            self.stack.instances[instance].url + path,
            data=body,
            # A connection of its own per request: gunicorn drops a connection idle for 2 s,
            # and a request sent on one just then fails without reaching the add-on.
            headers={
                "Authorization": f"Bearer {system}",
                "Content-Type": "application/json",
                "Connection": "close",
            },
            timeout=TIMEOUT_S,
        )
        try:
            return reply.status_code, dict(reply.json())
        except ValueError:
            return reply.status_code, {}

    def timed(
        self, kind: str, instance: int, path: str, expect: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        """Make one timed request; record it; return the body when it was as expected.

        `expect`: "card" (any card), "card:<name>", "toast:<text>" or "" (any answer).
        """
        self.stack.tokens.for_request(self.email, PUBLIC_URL + path, self.message_id)
        start = time.perf_counter()
        try:
            status, body = self.post(instance, path, **kwargs)
        except requests.RequestException as exc:
            seconds = time.perf_counter() - start
            reason = f"no answer: {type(exc).__name__}: {exc}"[:120]
            self.stack.recorder.add(Outcome(kind, seconds, reason))
            return None
        seconds = time.perf_counter() - start
        text = card_text(body)
        limited = "rate limit" in text.lower()
        names = [str(c.get("name")) for c in cards(body)]
        problem = None
        if status != 200:
            problem = f"HTTP {status}"
        elif "error" in names:
            title = next(c for c in cards(body) if c.get("name") == "error")
            problem = f"error card: {title.get('header', {}).get('title', '?')}"
        elif expect.startswith("card") and (not names or expect[5:] not in ("", *names)):
            problem = f"{expect[5:] or 'a'} card expected, got {names or toast(body) or 'nothing'}"
        elif expect.startswith("toast:") and not any(
            wanted in toast(body) for wanted in expect[6:].split("|")
        ):
            problem = f"toast {expect[6:]!r} expected, got {toast(body) or names}"
        self.stack.recorder.add(Outcome(kind, seconds, problem, limited))
        return body if problem is None else None

    def next_instance(self) -> int:
        return next(self.turn) % len(self.stack.instances)

    # ---- what a user does ---------------------------------------------------------------

    def connect(self) -> None:
        status, body = self.post(0, "/actions/connect", form={"api_key": self.key})
        if status != 200 or not cards(body):
            raise RuntimeError(f"{self.email} could not connect: {status} {card_text(body)[:200]}")

    def new_email(self) -> str:
        """Have a demo contact write to this user; return the message id (untimed)."""
        sender = self.rng.choice(self.stack.contacts)
        headers = {"From": sender, "To": self.email, "Subject": f"Quote {self.rng.random():.6f}"}
        reply = self.http.post(
            f"{self.stack.base}/sandbox/gmail/messages",
            json={"headers": headers, "owner": self.email},
            timeout=TIMEOUT_S,
        )
        reply.raise_for_status()
        return str(reply.json()["id"])

    def open(self, message_id: str, instance: int, kind: str) -> None:
        self.message_id = message_id
        self.stack.tokens.for_request(self.email, PUBLIC_URL + "/message", message_id)
        body = self.timed(kind, instance, "/message", "card:record")
        self.opened[message_id] = instance
        self.card = cards(body)[0] if body else None

    def step(self) -> None:
        """Take one seeded step of the mix."""
        choice = self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
        if self.card is None or (choice == "reopen" and not self.opened):
            choice = "open"
        if choice == "open":
            self.open(self.new_email(), self.next_instance(), "open")
        elif choice == "reopen":
            message_id = self.rng.choice(list(self.opened))
            other = (self.opened[message_id] + 1) % len(self.stack.instances)
            self.open(message_id, other, "reopen")
        elif choice == "edit":
            self.edit()
        else:
            self.create()

    def edit(self) -> None:
        """Tap the lead status line, then save another status."""
        assert self.card is not None
        line = find_line(self.card, "Lead status")
        if line is None:
            self.stack.recorder.add(Outcome("edit card", 0.0, "no lead status line"))
            return
        path, params = action_of(line)
        body = self.timed("edit card", self.next_instance(), path, "card", params=params)
        edit = cards(body)[0] if body and cards(body) else None
        if edit is None or "fixedFooter" not in edit:
            return
        path, params = action_of(edit["fixedFooter"]["primaryButton"])
        value = self.rng.choice(self.stack.statuses)
        form = {"value": value}
        expect = "toast:Lead status|Nothing changed"  # the same status again changes nothing
        self.timed("edit save", self.next_instance(), path, expect, params=params, form=form)

    def create(self) -> None:
        """Open the note form (a fresh form id), then save a note."""
        assert self.card is not None
        button = find_button(self.card, "Note")
        if button is None:
            self.stack.recorder.add(Outcome("note form", 0.0, "no Note button"))
            return
        path, params = action_of(button)
        body = self.timed("note form", self.next_instance(), path, "card", params=params)
        form = cards(body)[0] if body and cards(body) else None
        save = find_button(form, "Save") if form else None
        if save is None:
            return
        path, params = action_of(save)
        self.form += 1
        note = f"Load note {self.form} from {self.email}"
        saved = self.timed(
            "note save", self.next_instance(), path, "toast:Note added", params=params,
            form={"note": note},
        )  # fmt: skip
        if saved is not None:
            self.notes.append(note)

    def run(self, until: float) -> None:
        while time.monotonic() < until:
            try:
                self.step()
            except Exception as exc:  # a user's failure is a figure, not a crash
                self.stack.recorder.add(Outcome("step", 0.0, f"load generator: {exc!r}"[:200]))
            time.sleep(self.rng.uniform(*THINK_S))


class BareCalls:
    """Times a bare call to the emulator every half second: the baseline of the ratios."""

    def __init__(self, base: str, key: str) -> None:
        self.netloc = urlsplit(base).netloc
        self.auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
        self.seconds: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        connection = http.client.HTTPConnection(self.netloc, timeout=TIMEOUT_S)
        while not self.stop.wait(0.5):
            start = time.perf_counter()
            try:
                connection.request("GET", ME, headers={"Authorization": self.auth})
                reply = connection.getresponse()
                reply.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                continue
            if reply.status == 200:  # an injected fault is not the baseline
                self.seconds.append(time.perf_counter() - start)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        self.thread.start()
        try:
            yield
        finally:
            self.stop.set()
            self.thread.join()


# ---- figures ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def memory(instances: list[Instance]) -> dict[str, float | None]:
    return {
        f"{instance.name}/{pid}": rss_mb(pid)
        for instance in instances
        for pid in instance.workers()
    }


def metrics_totals(instances: list[Instance]) -> dict[str, float] | None:
    """Sum some /metrics families over the instances, or None when none serves /metrics."""
    totals: dict[str, float] = defaultdict(float)
    served = False
    for instance in instances:
        with contextlib.suppress(requests.RequestException):
            reply = requests.get(f"{instance.url}/metrics", timeout=5)
            if reply.status_code != 200:
                continue
            served = True
            for line in reply.text.splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                name, _, value = line.rpartition(" ")
                family = name.split("{", 1)[0]
                wanted = ("upstream", "cache", "wait", "429", "request")
                if family.endswith(("_bucket", "_created", "_sum")):
                    continue
                if any(word in family for word in wanted):
                    labels = name[len(family) :]
                    key = family + (labels if "upstream" in family or "cache" in family else "")
                    with contextlib.suppress(ValueError):
                        totals[key] += float(value)
    return dict(sorted(totals.items())) if served else None


def report(
    title: str,
    outcomes: list[Outcome],
    seconds: float,
    bare: list[float],
    calls: dict[str, int],
    statuses: dict[str, int],
    gmail_reads: dict[str, int],
    before: dict[str, float | None],
    after: dict[str, float | None],
    instances: list[Instance],
) -> None:
    """Print one run's figures."""
    print(f"\n=== {title} ===")
    timed = [o for o in outcomes if o.kind in KINDS]
    print(f"requests: {len(timed)} in {seconds:.1f} s = {len(timed) / seconds:.1f} requests/s")
    one = statistics.median(bare) if bare else float("nan")
    print(
        f"baseline: one bare emulator call (GET /me/, {INJECTED_MS} ms injected), "
        f"median of {len(bare)} timed during the run: {one * 1000:.1f} ms"
    )
    print(f"{'kind':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}   ratios to baseline")
    for kind in KINDS:
        times = [o.seconds for o in timed if o.kind == kind]
        if not times:
            continue
        p = [percentile(times, q) for q in (0.50, 0.95, 0.99)]
        ratios = " / ".join(f"{x / one:.1f}×" for x in p)
        print(
            f"{kind:<10} {len(times):>5} {p[0] * 1000:>8.0f} {p[1] * 1000:>8.0f} "
            f"{p[2] * 1000:>8.0f}   {ratios}"
        )
    problems = Counter(o.problem for o in outcomes if o.problem)
    print(f"errors (non-200, error cards, unexpected replies): {sum(problems.values())}")
    for problem, count in problems.most_common(8):
        print(f"  {count:>5} × {problem}")
    limited = sum(o.rate_limited for o in outcomes)
    print(f"429s seen by users (a card or toast saying rate limit): {limited}")
    print(f"429s Close sent: {statuses.get('429', 0)}; Close answers by status: {statuses}")
    opens = sum(1 for o in timed if o.kind in ("open", "reopen"))
    reads = sum(n for call, n in calls.items() if call.startswith("GET ") or "/search/" in call)
    gmail = sum(gmail_reads.values())
    writes = sum(calls.values()) - reads
    print(
        f"upstream calls: Close {sum(calls.values())} ({reads} reads, {writes} writes), "
        f"Gmail {gmail}; reads per open or reopen: {(reads + gmail) / max(opens, 1):.2f}"
    )
    print("RSS per gunicorn worker, MB (before → after):")
    for worker, mb in before.items():
        later = after.get(worker)
        later_text = f"{later:.1f}" if later is not None else "gone"
        print(f"  instance {worker}: {mb or 0:.1f} → {later_text}")
    for worker in after.keys() - before.keys():
        print(f"  instance {worker} (new worker): → {after[worker] or 0:.1f}")
    totals = metrics_totals(instances)
    if totals is None:
        print("/metrics: not served (figures skipped)")
    else:
        # A scrape is answered by one gunicorn worker: unless the metrics are gathered across
        # workers, these are one worker's counts per instance.
        print("/metrics totals over both instances (one scrape each, since each started):")
        for name, value in totals.items():
            print(f"  {name} {value:g}")


def probe_opens(stack: Stack, user: User) -> None:
    """Count upstream calls of one cold open, its reopen elsewhere and on the same instance."""
    base, http = stack.base, user.http
    message = user.new_email()
    print("\nupstream calls of one open, no other load (Close + Gmail):")
    for label, instance in (("cold open on A", 0), ("reopen on B", 1), ("reopen on A", 0)):
        http.delete(f"{base}/sandbox/close/_stats")
        http.delete(f"{base}/sandbox/gmail/_stats")
        user.open(message, instance, "probe")
        close = sum(http.get(f"{base}/sandbox/close/_stats").json().values())
        gmail = sum(http.get(f"{base}/sandbox/gmail/_stats").json().values())
        print(f"  {label:<16} {close + gmail:>3}  (Close {close}, Gmail {gmail})")
    problems = [o.problem for o in stack.recorder.take() if o.problem]
    if problems:
        print(f"  problems: {problems}")


def one_run(
    stack: Stack,
    users: list[User],
    seconds: float,
    title: str,
    faults: dict[str, Any],
    limits: dict[str, Any] | None,
) -> None:
    base, http = stack.base, requests.Session()
    limits = {"enabled": False} if limits is None else limits
    http.post(f"{base}/sandbox/close/_ratelimits", json=limits).raise_for_status()
    http.post(f"{base}/sandbox/close/_faults", json=faults).raise_for_status()
    http.delete(f"{base}/sandbox/close/_stats")
    http.delete(f"{base}/sandbox/gmail/_stats")
    stack.recorder.take()
    before = memory(stack.instances)
    bare = BareCalls(base, KEYS[-1].api_key)
    until = time.monotonic() + seconds
    started = time.monotonic()
    with bare.running():
        threads = [threading.Thread(target=u.run, args=(until,)) for u in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.monotonic() - started
    http.post(f"{base}/sandbox/close/_faults", json={"latency_ms": INJECTED_MS})
    report(
        title,
        stack.recorder.take(),
        elapsed,
        bare.seconds,
        http.get(f"{base}/sandbox/close/_stats").json(),
        http.get(f"{base}/sandbox/close/_stats", params={"by": "status"}).json(),
        http.get(f"{base}/sandbox/gmail/_stats").json(),
        before,
        memory(stack.instances),
        stack.instances,
    )


def prepare(base: str, instances: list[Instance]) -> Stack:
    """Read the demo organization's contacts and lead statuses; return the stack."""
    http, auth = requests.Session(), (MAIN_USER.api_key, "")
    api = f"{base}/sandbox/close/api/v1/"
    http.post(f"{base}/sandbox/close/_ratelimits", json={"enabled": False})
    contacts = http.get(f"{api}contact/", params={"_limit": 100}, auth=auth).json()["data"]
    emails = [c["emails"][0]["email"] for c in contacts if c.get("emails")]
    statuses = [s["id"] for s in http.get(f"{api}status/lead/", auth=auth).json()["data"]]
    http.post(f"{base}/sandbox/gmail/_faults", json={"latency_ms": INJECTED_MS})
    return Stack(base, instances, Tokens(base), emails, statuses)


def check_notes(base: str, users: list[User]) -> None:
    """Compare the notes users were told were added with the notes Close has."""
    http, api = requests.Session(), f"{base}/sandbox/close/api/v1/activity/note/"
    have: Counter[str] = Counter()
    for skip in itertools.count(0, 100):
        page = http.get(api, params={"_skip": skip, "_limit": 100}, auth=(MAIN_USER.api_key, ""))
        page.raise_for_status()
        have.update(str(n.get("note", "")) for n in page.json()["data"])
        if not page.json().get("has_more"):
            break
    told = [note for user in users for note in user.notes]
    lost = [note for note in told if not have[note]]
    twice = [note for note, n in have.items() if n > 1 and note.startswith("Load note")]
    print(f"notes: {len(told)} reported added, {len(lost)} of them missing in Close, "
          f"{len(twice)} in Close more than once")  # fmt: skip


@contextlib.contextmanager
def stores(workdir: Path, store: str) -> Iterator[tuple[str, str]]:
    """Yield (database URL, Redis URL) of throwaway servers."""
    with redis_server() as redis_url:
        if store == "sqlite":
            yield f"sqlite:///{workdir / 'load.sqlite3'}", redis_url
            return
        with postgres_server() as database_url:
            yield database_url, redis_url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of each run")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--store", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="load-"))
    print(f"load: {args.users} users, {args.seconds:g} s a run, seed {args.seed}, "
          f"{INJECTED_MS} ms injected on Close and Gmail; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start; logs in {workdir}")  # fmt: skip
    with (
        stores(workdir, args.store) as (database_url, redis_url),
        sandbox(workdir) as base,
        addon_instances(workdir, base, database_url, redis_url) as instances,
    ):
        workers = {i.name: len(i.workers()) for i in instances}
        print(f"stack: {args.store} store, Redis, 2 instances of `close-addon serve` "
              f"(workers per instance: {workers})")  # fmt: skip
        stack = prepare(base, instances)
        users = [User(stack, n, args.seed) for n in range(args.users)]
        for user in users:
            user.connect()
        probe_opens(stack, users[0])
        for title, faults, limits in RUNS:
            one_run(stack, users, args.seconds, title, faults, limits)
        print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
        check_notes(base, users)
        problems = tracebacks(instances)
        print(f"5xx in the access logs: {five_hundreds(instances)}; "
              f"tracebacks or worker crashes in the logs: {len(problems)}")  # fmt: skip
        for line in problems[:10]:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
