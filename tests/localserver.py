"""What the real servers the tests and benchmarks start share: a free port, and a missing binary."""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def missing(reason: str, remedy: str) -> NoReturn:
    """Skip a test whose server cannot start here; in CI, where `make test` installs it, fail."""
    if os.environ.get("CI"):
        pytest.fail(
            f"{reason}, but CI is set: scripts/install-system-deps should have installed it"
        )
    pytest.skip(f"{reason}; {remedy}")
