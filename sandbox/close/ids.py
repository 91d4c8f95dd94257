"""Close-style object ids (``lead_…``, ``cont_…``) from a seeded generator: stable demo data."""

from __future__ import annotations

import base64
import math
import random
import threading

# base64's two symbols mapped onto letters, so ids stay alphanumeric like Close's.
_ALNUM = bytes.maketrans(b"+/", b"Qz")

# Every prefix the emulator mints; used to fold ids out of paths for call statistics.
ID_PREFIXES = (
    "acti",
    "api",
    "cf",
    "comm",
    "comthr",
    "cont",
    "emailacct",
    "lead",
    "memb",
    "oppo",
    "orga",
    "pipe",
    "seq",
    "seqstep",
    "stat",
    "sub",
    "task",
    "tmpl",
    "user",
)


class IdFactory:
    """Mint opaque ids with a known prefix; deterministic for a given seed and call order."""

    def __init__(self, seed: int) -> None:
        # Sandbox ids are demo data, not secrets: a seeded PRNG keeps them stable across runs.
        self._rng = random.Random(seed)  # noqa: S311 - deterministic demo/sandbox ids
        self._lock = threading.Lock()

    def _chars(self, length: int) -> str:
        # One C-level draw per id keeps 10,000-lead demo orgs quick to build.
        raw = self._rng.randbytes(math.ceil(length * 3 / 4))
        return base64.b64encode(raw).translate(_ALNUM).decode()[:length]

    def new(self, prefix: str, length: int = 22) -> str:
        """Return a fresh id such as ``lead_1a2B…`` (Close's newer 22-character form)."""
        with self._lock:
            return f"{prefix}_{self._chars(length)}"

    def api_key(self) -> str:
        """Return a full API key: the key id plus its secret part, as Close shows it once."""
        with self._lock:
            return f"api_{self._chars(22)}.{self._chars(22)}"
