"""CPU per upstream call: `requests.Session.request` against the add-on's `upstream.send`.

Both send the same GET (query, Basic auth, JSON answer of about 9 KB) to a local HTTP
server that answers at once, over one kept-alive connection. The figure is the calling
thread's CPU time per call, so the server's work and the machine's idle time stay out.

    python benchmarks/upstream_send.py
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

from addon.upstream import base_headers, send, upstream_session

CALLS = 2000
QUERY = {"lead_id": "lead_abc", "_skip": 0, "_limit": 8}
ITEMS = [b'{"id": "acti_%d", "note": "%s"}' % (i, b"x" * 200) for i in range(40)]
BODY = b'{"data": [' + b",".join(ITEMS) + b"]}"
ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"RateLimit: limit=240, remaining=239, reset=1\r\n"
    + b"Content-Length: %d\r\n\r\n" % len(BODY)
    + BODY
)


def serve(listener: socket.socket) -> None:
    """Answer every request on every connection with the same JSON, at once."""
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=answer_all, args=(conn,), daemon=True).start()


def answer_all(conn: socket.socket) -> None:
    with conn:
        while conn.recv(65536):
            conn.sendall(ANSWER)


def cpu_per_call(call: Callable[[], object]) -> float:
    for _ in range(100):  # warm the pool, caches and code paths
        call()
    started = time.thread_time()
    for _ in range(CALLS):
        call()
    return (time.thread_time() - started) / CALLS * 1000


def main() -> int:
    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/api/v1/activity/"

    # The same session settings for both (proxies read once, no environment lookups), so
    # the difference is the per-call work of Session.request alone.
    plain = upstream_session()
    plain.auth = ("api_key", "")
    lean = upstream_session()
    headers = base_headers(lean, Authorization="Basic YXBpX2tleTo=", Accept="application/json")

    figures = {
        "requests.Session.request": cpu_per_call(
            lambda: plain.get(url, params=QUERY, timeout=5, allow_redirects=False).content
        ),
        "upstream.send": cpu_per_call(
            lambda: send(lean, "GET", url, headers=headers, query=QUERY, timeout=5).content
        ),
    }
    for name, ms in figures.items():
        print(f"{name:26s} {ms:.3f} ms CPU per call")
    saved = 1 - figures["upstream.send"] / figures["requests.Session.request"]
    print(f"{'saved':26s} {saved:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
