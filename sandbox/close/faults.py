"""Injected faults for tests and benchmarks, set with ``POST /sandbox/close/_faults``.

Body (every key optional; an empty body or ``{}`` clears all faults, and each POST replaces
the previous settings as a whole)::

    {
      "latency_ms": 50,                            # each matching call answers 50 ms after it came
      "hang_ms": 30000,                            # a wait first, long enough for client timeouts
      "hang_rate": 0.02,                           # only this share of matching calls hang (1)
      "error_rate": {"status": 503, "rate": 0.5},  # or a bare rate (status 503)
      "malformed_rate": 1.0,                       # answer 200 with a body that is not valid JSON
      "rate_limit_burst": 3,                       # the next N matching calls answer 429
      "search_lag_ms": 2000,                       # new leads/contacts unsearchable this long
      "paths": ["/data/search/", "/lead/{id}/"],   # only these API paths (below /api/v1)
      "methods": ["POST"],                         # only these HTTP methods
      "seed": 7                                    # repeatable random draws
    }

``latency_ms`` models a remote service's response time: the answer leaves that long after
the call arrived, the emulator's own work included (a plain sleep for what is left, once the
answer is ready). ``hang_ms`` models one that does not answer in time: a plain sleep before
the call is handled, once all of it has arrived. A ``paths`` entry
matches a call when it equals the call's folded path (``/lead/{id}/``) or is a prefix of
its real path. Rates are probabilities per call (0..1). ``search_lag_ms`` models Close's
search index catching up: a lead or contact created less than that ago is not found by
``/data/search/`` (nor makes its lead match), though its own endpoints know it. Clearing
the faults releases any request that is still sleeping.

A long ``hang_ms`` is a Close that has not acted yet; a long ``latency_ms`` is one that has
acted and whose answer has not left (a lost answer, once the client gives up). Either way
the call is *held*: ``GET /_faults`` counts the calls held now (``held``), and a test
serving the emulator in its own process waits for one with ``FaultInjector.wait_until_held``.
``GET /_faults`` shows the active settings.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

_KEYS = {"latency_ms", "hang_ms", "error_rate", "malformed_rate", "rate_limit_burst", "paths"}
_KEYS |= {"methods", "seed", "search_lag_ms", "hang_rate"}


@dataclass(frozen=True)
class FaultConfig:
    """The active fault settings."""

    latency_ms: float = 0.0
    hang_ms: float = 0.0
    hang_rate: float = 1.0
    error_status: int = 503
    error_rate: float = 0.0
    malformed_rate: float = 0.0
    rate_limit_burst: int = 0
    search_lag_ms: float = 0.0
    paths: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    seed: int | None = None

    def applies_to(self, method: str, api_path: str, folded_path: str) -> bool:
        """Tell whether a call falls under the optional path and method filters."""
        if self.methods and method not in self.methods:
            return False
        if not self.paths:
            return True
        return any(p == folded_path or api_path.startswith(p) for p in self.paths)


@dataclass
class FaultPlan:
    """What to do to one call."""

    latency_s: float = 0.0  # the whole response time, the emulator's work included
    hang_s: float = 0.0  # slept before any work
    status: int | None = None  # 429 for a burst, or the injected error status
    malformed: bool = False


def _rate(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a number between 0 and 1")
    return float(value)


def _millis(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"{name} must be a non-negative number of milliseconds")
    return float(value)


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings")
    return tuple(value)


def _error_rate(value: Any) -> tuple[int, float]:
    if not isinstance(value, dict):
        return 503, _rate(value, "error_rate")
    status = value.get("status", 503)
    if not isinstance(status, int) or not 400 <= status <= 599:
        raise ValueError("error_rate.status must be an HTTP error status (400-599)")
    return status, _rate(value.get("rate", 1.0), "error_rate.rate")


def parse_faults(raw: dict[str, Any]) -> FaultConfig:
    """Validate a ``_faults`` body; raise ValueError with a readable message when it is wrong."""
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ValueError(f"unknown fault settings: {', '.join(unknown)}")
    burst = raw.get("rate_limit_burst", 0)
    if isinstance(burst, bool) or not isinstance(burst, int) or burst < 0:
        raise ValueError("rate_limit_burst must be a non-negative integer")
    seed = raw.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError("seed must be an integer")
    status, rate = _error_rate(raw.get("error_rate", 0.0))
    return FaultConfig(
        latency_ms=_millis(raw.get("latency_ms", 0), "latency_ms"),
        hang_ms=_millis(raw.get("hang_ms", 0), "hang_ms"),
        hang_rate=_rate(raw.get("hang_rate", 1.0), "hang_rate"),
        error_status=status,
        error_rate=rate,
        malformed_rate=_rate(raw.get("malformed_rate", 0.0), "malformed_rate"),
        rate_limit_burst=burst,
        search_lag_ms=_millis(raw.get("search_lag_ms", 0), "search_lag_ms"),
        paths=_strings(raw.get("paths", []), "paths"),
        methods=tuple(m.upper() for m in _strings(raw.get("methods", []), "methods")),
        seed=seed,
    )


@dataclass
class FaultInjector:
    """Holds the fault settings and decides, per call, which faults fire; thread-safe."""

    config: FaultConfig = field(default_factory=FaultConfig)
    _burst_left: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _release: threading.Event = field(default_factory=threading.Event)
    _rng: random.Random = field(default_factory=random.Random)
    _held: int = 0  # calls sleeping now, under a hang or a latency
    _held_changed: threading.Condition = field(default_factory=threading.Condition)

    def configure(self, config: FaultConfig) -> None:
        """Replace the settings; wake every request still sleeping under the old ones."""
        with self._lock:
            self._release.set()
            self._release = threading.Event()
            self.config = config
            self._burst_left = config.rate_limit_burst
            # Fault draws are test scaffolding, not security: a seeded PRNG makes them repeatable.
            self._rng = random.Random(config.seed)  # noqa: S311 - fault-injection dice

    def describe(self) -> dict[str, Any]:
        """Return the active settings plus the burst calls still to come."""
        with self._lock:
            described = {**asdict(self.config), "rate_limit_burst_left": self._burst_left}
        with self._held_changed:
            return described | {"held": self._held}

    def plan(self, method: str, api_path: str, folded_path: str) -> FaultPlan:
        """Decide the faults for one call (consuming one burst call when it applies)."""
        with self._lock:
            cfg = self.config
            if not cfg.applies_to(method, api_path, folded_path):
                return FaultPlan()
            # Only a hang that is not certain draws, so seeded error draws stay as they were.
            hangs = not cfg.hang_ms or cfg.hang_rate >= 1 or self._rng.random() < cfg.hang_rate
            plan = FaultPlan(latency_s=cfg.latency_ms / 1000, hang_s=cfg.hang_ms / 1000 * hangs)
            if self._burst_left > 0:
                self._burst_left -= 1
                plan.status = 429
            elif cfg.error_rate and self._rng.random() < cfg.error_rate:
                plan.status = cfg.error_status
            # An injected error answer is already broken; only a real answer gets garbled.
            if plan.status is None and cfg.malformed_rate:
                plan.malformed = self._rng.random() < cfg.malformed_rate
            return plan

    def sleep(self, seconds: float) -> None:
        """Sleep for injected latency or a hang; returns early when the faults are cleared."""
        if seconds <= 0:
            return
        with self._lock:
            release = self._release
        self._count_held(+1)
        try:
            release.wait(seconds)
        finally:
            self._count_held(-1)

    def wait_until_held(self, count: int = 1, timeout: float = 10.0) -> bool:
        """Wait until exactly `count` calls are held (0: all released); False on timeout."""
        with self._held_changed:
            return self._held_changed.wait_for(lambda: self._held == count, timeout)

    def _count_held(self, step: int) -> None:
        with self._held_changed:
            self._held += step
            self._held_changed.notify_all()
