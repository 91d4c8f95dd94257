"""Several add-on instances against one set of stand-ins: the sandbox served on a loopback
port, and Gmail users whose events go to whichever instance a test names.

Instances are Flask apps in this process (their test clients) or add-on processes reached
over HTTP (`HttpInstance`); either way `tests.addon_client.Gmail` posts their events,
signed by the sandbox's token issuer, for the public URL every instance shares (as behind
one load balancer).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import requests
from werkzeug.serving import make_server

from sandbox.server import OAUTH_CLIENT_ID, SERVICE_ACCOUNT, Sandbox, create_demo_app
from tests.addon_client import PUBLIC_URL
from tests.localserver import free_port


@dataclass
class Stand:
    """The sandbox's Google, Gmail and Close stand-ins, served on a loopback port."""

    base_url: str
    sandbox: Sandbox
    http: requests.Session

    def environment(self) -> dict[str, str]:
        """Return the environment of an add-on process pointed at these stand-ins."""
        return {
            "ADDON_PUBLIC_URL": PUBLIC_URL,
            "ADDON_SERVICE_ACCOUNT_EMAIL": SERVICE_ACCOUNT,
            "ADDON_OAUTH_CLIENT_ID": OAUTH_CLIENT_ID,
            "CLOSE_API_URL": f"{self.base_url}/sandbox/close/api/v1/",
            "GOOGLE_CERTS_URL": f"{self.base_url}/sandbox/google/certs",
            "GOOGLE_ISSUERS": f"{self.base_url}/sandbox/google",
            "GMAIL_API_URL": f"{self.base_url}/sandbox/gmail/",
        }

    def upstream(self) -> dict[str, object]:
        """Return the config values that point an instance at these stand-ins."""
        return {
            "public_url": PUBLIC_URL,
            "close_api_url": f"{self.base_url}/sandbox/close/api/v1/",
            "close_app_url": "https://app.close.com/",  # links in cards: https only
            "google_certs_url": f"{self.base_url}/sandbox/google/certs",
            "google_issuers": (f"{self.base_url}/sandbox/google",),
            "gmail_api_url": f"{self.base_url}/sandbox/gmail/",
        }

    def calls(self) -> dict[str, int]:
        """Return the upstream calls since the last reset: Close's by endpoint, and Gmail's."""
        close = dict(self.http.get(f"{self.base_url}/sandbox/close/_stats").json())
        gmail = {f"gmail {kind}": n for kind, n in self.sandbox.inbox.read_counts().items() if n}
        return close | gmail

    def reset_calls(self) -> None:
        self.http.delete(f"{self.base_url}/sandbox/close/_stats")
        self.sandbox.inbox.reset_reads()

    def message(self, case: str) -> str:
        """Return the id of the demo inbox's message for a case."""
        return next(m.id for m in self.sandbox.inbox.list() if m.case == case)

    def demo_key(self) -> str:
        return str(self.http.get(f"{self.base_url}/sandbox/close/_demo").json()["apiKey"])

    def close_api(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the Close emulator as the demo user (a change made outside the add-on)."""
        url = f"{self.base_url}/sandbox/close/api/v1/{path}"
        reply = self.http.request(method, url, json=body, auth=(self.demo_key(), ""))
        reply.raise_for_status()
        return reply.json()


@contextlib.contextmanager
def stand_ins(data_dir: Path) -> Iterator[Stand]:
    """Serve the sandbox (its own add-on unused) with Close's rate limits off."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    app, sandbox = create_demo_app(base_url, data_dir)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    http = requests.Session()
    try:
        http.post(f"{base_url}/sandbox/close/_ratelimits", json={"enabled": False})
        yield Stand(base_url, sandbox, http)
    finally:
        server.shutdown()
        http.close()


class HttpReply:
    """What tests.addon_client.Gmail reads of a reply, from a real HTTP response."""

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        self._text = response.text

    def get_json(self) -> Any:
        return json.loads(self._text)

    def get_data(self, as_text: bool = False) -> str:
        return self._text


class HttpInstance:
    """An add-on process on a loopback port, posted to as Flask's test client is."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def post(
        self, path: str, *, data: Any, headers: dict[str, str], content_type: str
    ) -> HttpReply:
        headers = headers | {"Content-Type": content_type}
        url = self.base_url + path
        return HttpReply(self.http.post(url, data=data, headers=headers, timeout=30))


ROOT = Path(__file__).resolve().parents[2]
BOOT_TIMEOUT = 60


@contextlib.contextmanager
def add_on_processes(count: int, environment: dict[str, str]) -> Iterator[list[HttpInstance]]:
    """Run `count` add-on processes as production does (`close-addon serve`: gunicorn)."""
    ports = [free_port() for _ in range(count)]
    processes = [_start(port, environment) for port in ports]
    instances = [HttpInstance(f"http://127.0.0.1:{port}") for port in ports]
    try:
        for process in processes:
            # gunicorn has bound the port when it boots a worker: requests from then on
            # wait in the socket's queue until the worker has built the app.
            _read_until(process, "Booting worker")
        yield instances
    finally:
        for instance in instances:
            instance.http.close()
        for process in processes:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing under way
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _start(port: int, environment: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "addon.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", "1", "--threads", "4"]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **environment},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(process: subprocess.Popen[str], words: str) -> None:
    assert process.stderr is not None
    seen: list[str] = []
    found = threading.Event()

    def read(stream: IO[str]) -> None:
        for line in stream:  # drained to the end, so the process never blocks on the pipe
            seen.append(line)
            if words in line:
                found.set()
        found.set()

    threading.Thread(target=read, args=(process.stderr,), daemon=True).start()
    if not found.wait(BOOT_TIMEOUT) or process.poll() is not None:
        raise RuntimeError(f"the add-on did not start:\n{''.join(seen[-30:])}")
