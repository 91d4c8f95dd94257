"""The processes `benchmarks.load` runs against: stand-ins, two add-on instances, their stores.

* Redis and PostgreSQL: the throwaway servers the tests start (tests/redisserver.py,
  tests/pg.py), from the local `redis-server` and PostgreSQL binaries;
* the stand-ins for Google, Gmail and Close: the demo (`python -m sandbox`) in a process of
  its own; its own add-on is left idle;
* two add-on instances, each `close-addon serve` (the production gunicorn config: its
  workers and threads) on a port of its own, sharing the store, Redis and one public URL,
  as two Cloud Run instances behind one address do.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

from addon.store import generate_key
from sandbox.server import OAUTH_CLIENT_ID, SERVICE_ACCOUNT
from tests.localserver import free_port

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_URL = "http://addon.load"  # what Google signs tokens for; both instances answer to it
START_TIMEOUT = 120


def wait_healthy(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    """Poll a /healthz URL until it answers 200; fail if the process dies first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before it was ready")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=1).ok:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {START_TIMEOUT} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def sandbox(workdir: Path) -> Iterator[str]:
    """Run the stand-ins (`python -m sandbox`) in their own process; yield their base URL."""
    port = free_port()
    command = [sys.executable, "-m", "sandbox", "--port", str(port)]
    command += ["--data-dir", str(workdir / "sandbox")]
    with (workdir / "sandbox.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{base}/healthz", process, "the sandbox")
        yield base
    finally:
        stop(process)


@dataclass(frozen=True)
class Instance:
    """One running add-on instance: its URL, gunicorn master and log file."""

    name: str
    url: str
    master: int
    log: Path

    def workers(self) -> list[int]:
        """Return the pids of the master's worker processes."""
        children = Path(f"/proc/{self.master}/task/{self.master}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []


def rss_mb(pid: int) -> float | None:
    """Return a process's resident set size in MB, from /proc (None once it is gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def addon_environment(base: str, database_url: str, redis_url: str) -> dict[str, str]:
    """Return the environment of an add-on instance pointed at the stand-ins."""
    return {
        **os.environ,
        "ADDON_PUBLIC_URL": PUBLIC_URL,
        "ADDON_SERVICE_ACCOUNT_EMAIL": SERVICE_ACCOUNT,
        "ADDON_OAUTH_CLIENT_ID": OAUTH_CLIENT_ID,
        "ADDON_DATABASE_URL": database_url,
        "ADDON_REDIS_URL": redis_url,
        "ADDON_LOG_LEVEL": "WARNING",
        "CLOSE_API_URL": f"{base}/sandbox/close/api/v1/",
        "CLOSE_APP_URL": f"{base}/sandbox/close/app/",
        "GOOGLE_CERTS_URL": f"{base}/sandbox/google/certs",
        "GOOGLE_ISSUERS": f"{base}/sandbox/google",
        "GMAIL_API_URL": f"{base}/sandbox/gmail/",
    }


def serve_command() -> list[str]:
    """Return `close-addon serve` as installed beside this interpreter (or via the module)."""
    script = Path(sys.executable).parent / "close-addon"
    return [str(script)] if script.exists() else [sys.executable, "-m", "addon.cli"]


@contextlib.contextmanager
def addon_instances(
    workdir: Path, base: str, database_url: str, redis_url: str, count: int = 2
) -> Iterator[list[Instance]]:
    """Start `count` add-on instances on one store and one Redis; yield them once healthy."""
    env = addon_environment(base, database_url, redis_url)
    env["ADDON_SECRET_KEYS"] = generate_key()  # one key for all: they read each other's rows
    started: list[tuple[subprocess.Popen[bytes], Instance]] = []
    try:
        for number in range(count):
            port = free_port()
            log = workdir / f"addon-{'AB'[number]}.log"
            command = [*serve_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
            with log.open("wb") as out:
                process = subprocess.Popen(command, stdout=out, stderr=out, cwd=ROOT, env=env)
            url = f"http://127.0.0.1:{port}"
            started.append((process, Instance("AB"[number], url, process.pid, log)))
            # One at a time: the first creates the store's tables, the next finds them.
            wait_healthy(f"{url}/healthz", process, f"add-on instance {'AB'[number]}")
        yield [instance for _, instance in started]
    finally:
        for process, _ in started:
            stop(process)


def tracebacks(instances: list[Instance]) -> list[str]:
    """Return the lines of the instances' logs that show a traceback or a worker crash."""
    found = []
    for instance in instances:
        text = instance.log.read_text(errors="replace")
        for line in text.splitlines():
            if "Traceback" in line or "WORKER TIMEOUT" in line or "Worker exiting" in line:
                found.append(f"{instance.name}: {line.strip()}")
    return found


def five_hundreds(instances: list[Instance]) -> int:
    """Count 5xx answers in the instances' access logs."""
    count = 0
    for instance in instances:
        for line in instance.log.read_text(errors="replace").splitlines():
            parts = line.split('" ')
            if len(parts) > 1 and parts[1][:1] == "5" and parts[1][:3].isdigit():
                count += 1
    return count


def have(binary: str) -> bool:
    return shutil.which(binary) is not None
