"""The demo's HTTP server: injected latency holds on every call of a kept-alive connection.

The server notes when each call's bytes arrived and the stand-ins hold their answer until
the injected latency has passed since then. A note left over from an earlier call would
end the hold early; these calls check that none does.
"""

from __future__ import annotations

import base64
import http.client
import json
import time
from collections.abc import Iterator
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from gunicorn.workers.gthread import ThreadWorker

from sandbox import server
from tests.e2e.demo import get_json, run_demo

INJECTED_S = 0.2


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from run_demo(tmp_path_factory)


def post(conn: http.client.HTTPConnection, path: str, body: object) -> None:
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    conn.getresponse().read()


def test_every_call_on_a_kept_alive_connection_waits_the_injected_latency(demo: str) -> None:
    key = get_json(f"{demo}/sandbox/close/_demo")["apiKey"]
    auth = {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}
    conn = http.client.HTTPConnection(urlsplit(demo).netloc, timeout=10)
    post(conn, "/sandbox/close/_faults", {"latency_ms": int(INJECTED_S * 1000)})
    try:
        took = []
        for _ in range(3):
            time.sleep(0.05)  # the connection waits idle, as between a user's opens
            start = time.monotonic()
            conn.request("GET", "/sandbox/close/api/v1/me/", headers=auth)
            reply = conn.getresponse()
            reply.read()
            took.append(time.monotonic() - start)
            assert reply.status == 200
    finally:
        post(conn, "/sandbox/close/_faults", {})
        conn.close()

    assert min(took) >= INJECTED_S


def test_the_worker_notes_when_a_call_became_readable_and_hands_the_note_on_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    noted: list[float | None] = []
    monkeypatch.setattr(server, "note_arrival", noted.append)
    monkeypatch.setattr(ThreadWorker, "on_client_socket_readable", lambda *args: None)
    monkeypatch.setattr(ThreadWorker, "handle", lambda *args: True)
    worker = object.__new__(server.ArrivalNotingWorker)  # its poller and pool are not needed
    conn = SimpleNamespace()

    before = time.monotonic()
    worker.on_client_socket_readable(conn, None)
    worker.handle(conn)
    worker.handle(conn)  # a later call that the poller did not see arrive

    assert noted[0] is not None and noted[0] >= before
    assert noted[1] is None
