"""Close's rate limits: fixed windows per API key and per organization, per endpoint group.

Close counts "per endpoint group" (path + method family) with a lower per-key limit and an
organization-wide limit three times higher; ``/data/search/`` has a much smaller budget
(observed live: ``limit=16; remaining=14; reset=1`` against ``limit=160; …; reset=8``).
Every answer reports the window closest to running out, with the live ``;`` separator.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sandbox.close.errors import CloseApiError


@dataclass(frozen=True)
class RateLimitConfig:
    """Per-key limits per endpoint group; the org limit is ``org_multiplier`` times higher."""

    default_limit: int = 160
    default_window_s: float = 8.0
    search_limit: int = 16
    search_window_s: float = 1.0
    org_multiplier: int = 3
    enabled: bool = True


@dataclass(frozen=True)
class RateDecision:
    """The outcome of counting one call against its windows."""

    allowed: bool
    limit: int
    remaining: int
    reset_s: float
    window_s: float
    group: str
    scope: str  # "key" or "org", whichever window is closest to running out

    def headers(self) -> dict[str, str]:
        """Return the RateLimit headers Close sends on every answer."""
        reset = format_reset(self.reset_s, self.window_s)
        return {
            "RateLimit": f"limit={self.limit}; remaining={self.remaining}; reset={reset}",
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": reset,
        }

    def error(self) -> CloseApiError:
        """Return the 429 answer, with the (deprecated but still seen) nested error body."""
        body = {
            "error": {
                "message": "API call count exceeded for this period",
                "rate_endpoint_group": self.group,
                "rate_limit": self.limit,
                "rate_limit_type": self.scope,
                "rate_reset": round(self.reset_s, 3),
                "rate_window": self.window_s,
            }
        }
        return CloseApiError(429, body, self.headers())


def format_reset(reset_s: float, window_s: float) -> str:
    """Format seconds to reset: whole seconds like Close, decimals only for sub-second windows."""
    if window_s >= 1 and float(window_s).is_integer():
        return str(max(1, math.ceil(reset_s)))
    return f"{max(reset_s, 0.001):.3f}".rstrip("0").rstrip(".")


def endpoint_group(method: str, api_path: str) -> str:
    """Name the endpoint group of a call: search alone, else read/write per resource."""
    if api_path.startswith("/data/search/"):
        return "search"
    resource = api_path.strip("/").split("/", 1)[0] or "root"
    family = "read" if method in ("GET", "HEAD", "OPTIONS") else "write"
    return f"{family}:{resource}"


class RateLimiter:
    """Count calls in fixed windows; thread-safe."""

    def __init__(
        self, config: RateLimitConfig | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._windows: dict[tuple[str, str, str], tuple[float, int]] = {}
        self.config = config or RateLimitConfig()

    def configure(self, config: RateLimitConfig) -> None:
        """Replace the limits and forget every open window."""
        with self._lock:
            self.config = config
            self._windows.clear()

    def _limits(self, group: str) -> tuple[int, float]:
        if group == "search":
            return self.config.search_limit, self.config.search_window_s
        return self.config.default_limit, self.config.default_window_s

    def _peek(self, scope: str, owner: str, group: str, limit: int, window: float) -> RateDecision:
        now = self._clock()
        start, count = self._windows.get((scope, owner, group), (now, 0))
        if now - start >= window:
            start, count = now, 0
        self._windows[(scope, owner, group)] = (start, count)
        reset = max(start + window - now, 0.0)
        return RateDecision(
            count < limit, limit, max(limit - count, 0), reset, window, group, scope
        )

    def _take(self, decision: RateDecision, owner: str) -> RateDecision:
        start, count = self._windows[(decision.scope, owner, decision.group)]
        self._windows[(decision.scope, owner, decision.group)] = (start, count + 1)
        return replace(decision, remaining=decision.remaining - 1)

    def hit(self, api_key: str, org_id: str, group: str) -> RateDecision:
        """Count one call for a key (and its org) in a group; say whether it may proceed."""
        limit, window = self._limits(group)
        with self._lock:
            key = self._peek("key", api_key, group, limit, window)
            org = self._peek("org", org_id, group, limit * self.config.org_multiplier, window)
            if not key.allowed:
                return key
            if not org.allowed:
                return org
            # Only calls that go through count, against both windows.
            key, org = self._take(key, api_key), self._take(org, org_id)
        return key if key.remaining <= org.remaining else org

    def spent(self, group: str) -> RateDecision:
        """Describe a spent window for a group (used by the injected 429 burst fault)."""
        limit, window = self._limits(group)
        return RateDecision(False, limit, 0, window, window, group, "key")
