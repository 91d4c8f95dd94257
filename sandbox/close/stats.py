"""Call counts per ``METHOD /path/{id}/``, for tests and benchmarks (``GET /_stats``).

``GET /_stats?by=status`` gives the answers by HTTP status instead (the 429s sent, say).
"""

from __future__ import annotations

import re
import threading
from collections import Counter

from sandbox.close.ids import ID_PREFIXES

_ID_SEGMENT = re.compile(rf"^(?:{'|'.join(ID_PREFIXES)})_[A-Za-z0-9.]+$")
_RULE_ARG = re.compile(r"<[^>]+>")


def fold_rule(rule: str) -> str:
    """Turn a routing rule such as ``/lead/<obj_id>/`` into ``/lead/{id}/``."""
    return _RULE_ARG.sub("{id}", rule)


def fold_path(path: str) -> str:
    """Replace id-looking segments of a raw path with ``{id}`` (for unrouted paths)."""
    parts = ["{id}" if _ID_SEGMENT.match(part) else part for part in path.split("/")]
    return "/".join(parts)


class CallStats:
    """A thread-safe counter of API calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._statuses: Counter[str] = Counter()

    def count(self, method: str, folded_path: str) -> None:
        """Count one call."""
        with self._lock:
            self._counts[f"{method} {folded_path}"] += 1

    def answered(self, status: int) -> None:
        """Count one answer by its HTTP status."""
        with self._lock:
            self._statuses[str(status)] += 1

    def statuses(self) -> dict[str, int]:
        """Return the answers by HTTP status."""
        with self._lock:
            return dict(sorted(self._statuses.items()))

    def snapshot(self) -> dict[str, int]:
        """Return the counts as one flat, sorted mapping."""
        with self._lock:
            return dict(sorted(self._counts.items()))

    def reset(self) -> None:
        """Forget every count."""
        with self._lock:
            self._counts.clear()
            self._statuses.clear()
