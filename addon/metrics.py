"""Prometheus metrics, served at /metrics: what the add-on does, never who it does it for.

Requests by route, handler and outcome, their latency, upstream calls by service and
status, waits for Close's rate limit, and cache hits and misses by cache. No label ever
carries a user id, an email address or a key: handler names come from the registry,
never from the URL as sent, so the set of series stays small whatever callers send.

The metrics live in a registry of our own, not prometheus-client's global one, so nothing
another library registers is exposed. Under gunicorn every worker process counts on its
own; with PROMETHEUS_MULTIPROC_DIR set, prometheus-client writes the counts to files in
that directory and /metrics adds up every worker's (its multiprocess mode). The directory
must exist and hold no files from an earlier run when the server starts; `close-addon
serve` sees to that (`prepare_multiprocess_dir`).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# The request deadline is 20 s by default; a bucket past it shows requests that overran.
LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)

if os.environ.get(MULTIPROC_ENV):
    # A server started some other way than `close-addon serve` still finds its directory.
    Path(os.environ[MULTIPROC_ENV]).mkdir(parents=True, exist_ok=True)

registry = CollectorRegistry()

requests_served = Counter(
    "addon_requests",
    "Add-on requests by route, handler and outcome",
    ["route", "handler", "outcome"],
    registry=registry,
)
request_seconds = Histogram(
    "addon_request_duration_seconds",
    "Time to answer an add-on request, by route and handler",
    ["route", "handler"],
    buckets=LATENCY_BUCKETS,
    registry=registry,
)
upstream_calls = Counter(
    "addon_upstream_calls",
    "Calls to Close and Gmail by service and status (or the transport error's name)",
    ["service", "status"],
    registry=registry,
)
upstream_seconds = Histogram(
    "addon_upstream_duration_seconds",
    "Time a call to Close or Gmail took, by service",
    ["service"],
    buckets=LATENCY_BUCKETS,
    registry=registry,
)
rate_limit_waits = Counter(
    "addon_rate_limit_waits",
    "Waits for Close's rate limit: for a turn in the key's budget, or after a 429",
    ["reason"],
    registry=registry,
)
rate_limit_wait_seconds = Counter(
    "addon_rate_limit_wait_seconds",
    "Time spent waiting for Close's rate limit",
    ["reason"],
    registry=registry,
)
cache_lookups = Counter(
    "addon_cache_lookups",
    "Cache lookups by cache and result (hit or miss)",
    ["cache", "result"],
    registry=registry,
)


def observe_request(*, route: str, handler: str, outcome: str, seconds: float) -> None:
    """Count one add-on request and its latency."""
    requests_served.labels(route, handler, outcome).inc()
    request_seconds.labels(route, handler).observe(seconds)


def observe_upstream(*, service: str, status: str, seconds: float) -> None:
    """Count one call to Close or Gmail: its status code, or the transport error's name."""
    upstream_calls.labels(service, status).inc()
    upstream_seconds.labels(service).observe(seconds)


def rate_limit_wait(why: str, seconds: float) -> None:
    """Count one wait for Close's rate limit; what the rate budget tells by default.

    `why` is "turn" (the key's budget had no room yet) or "retry-after" (after a 429).
    """
    rate_limit_waits.labels(why).inc()
    rate_limit_wait_seconds.labels(why).inc(max(seconds, 0.0))


def cache_lookup(cache: str | None, *, hit: bool) -> None:
    """Count one lookup of a named cache: a hit, or a miss that loads; unnamed ones are not."""
    if cache is not None:
        cache_lookups.labels(cache, "hit" if hit else "miss").inc()


def exposition() -> tuple[bytes, str]:
    """Return the metrics in Prometheus' text format, and its content type.

    In multiprocess mode, the counts of every worker are read from their files.
    """
    if os.environ.get(MULTIPROC_ENV):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)  # type: ignore[no-untyped-call]
        return generate_latest(combined), CONTENT_TYPE_LATEST
    return generate_latest(registry), CONTENT_TYPE_LATEST


def prepare_multiprocess_dir() -> None:
    """Create PROMETHEUS_MULTIPROC_DIR empty, when it is set, before workers start.

    Files left by an earlier run would be added to this run's counts. Only
    prometheus-client's own files (*.db) are removed, whatever else the directory holds.
    """
    path = os.environ.get(MULTIPROC_ENV)
    if not path:
        return
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True)
    for leftover in directory.glob("*.db"):
        leftover.unlink()
