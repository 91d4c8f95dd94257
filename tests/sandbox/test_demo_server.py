"""The demo's HTTP server (gunicorn, threaded): the stand-ins answer with their injected latency."""

from __future__ import annotations

import base64
import http.client
import json
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.e2e.demo import get_json, run_demo

INJECTED_S = 0.1


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
        for _ in range(2):
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
