"""A throwaway Redis server for the test session, so shared-state tests run against the real thing.

`redis_server()` yields a redis:// URL: ADDON_TEST_REDIS_URL if set, otherwise a server it
starts from the local `redis-server` binary on a free loopback port, with persistence off,
stopped afterwards. Tests that share one server use a database number or key prefix of
their own, or call FLUSHDB between themselves.

A missing binary skips the Redis tests locally but fails them when CI is set: `make test`
installs Redis (scripts/install-system-deps), so absence in CI is a bug.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tests.localserver import free_port, missing

ENV_URL = "ADDON_TEST_REDIS_URL"


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Yield the URL of a Redis server that lives as long as the block."""
    external = os.environ.get(ENV_URL)
    if external:
        yield external
        return
    binary = shutil.which("redis-server")
    if binary is None:
        missing("redis-server not found", f"install Redis or set {ENV_URL}")
    with _throwaway_server(binary) as url:
        yield url


@contextlib.contextmanager
def _throwaway_server(binary: str) -> Iterator[str]:
    root = Path(tempfile.mkdtemp(prefix="addon-redis-"))
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(root)]
    # Nothing to keep: the data dies with the test session. The log goes to stdout, which
    # is read until the server says it is ready: no polling.
    command += ["--save", "", "--appendonly", "no", "--logfile", ""]
    process = subprocess.Popen(
        command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        _wait_until_ready(process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    seen: list[str] = []
    for line in process.stdout:
        seen.append(line)
        if "Ready to accept connections" in line:
            # Keep draining the log so a chatty server never blocks on a full pipe.
            threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
            return
    raise RuntimeError(f"redis-server exited with {process.wait()}:\n{''.join(seen[-20:])}")


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass
