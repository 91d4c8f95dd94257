"""Prometheus metrics at /metrics: requests, upstream calls, rate-limit waits, cache lookups."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import responses
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from addon import metrics
from addon.cache import OwnedCache
from addon.services import Caches
from tests.addon_client import Gmail
from tests.conftest import CLOSE_API
from tests.test_flow import API_KEY, connect

ROOT = Path(__file__).parent.parent


def _value(name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, labels) or 0.0


def _scrape(gmail: Gmail) -> dict[str, float]:
    """GET /metrics, with no token, and return its samples by name and labels."""
    response = gmail.client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


def test_each_add_on_request_counts_once_by_route_handler_and_outcome(gmail: Gmail) -> None:
    # Not connected yet: the welcome card is the answer.
    ok = "addon_requests_total{handler=menu_settings,outcome=NotConnected,route=/menu/<name>}"
    bad = "addon_requests_total{handler=back,outcome=bad_event,route=/actions/<name>}"
    before = _scrape(gmail)
    gmail.trigger("/menu/settings")
    gmail.trigger("/menu/settings")
    gmail.post("/actions/back", b"nope", raw=True)
    gmail.client.get("/healthz")
    after = _scrape(gmail)
    assert after[ok] - before.get(ok, 0) == 2
    assert after[bad] - before.get(bad, 0) == 1
    latency = "addon_request_duration_seconds_count{handler=menu_settings,route=/menu/<name>}"
    assert after[latency] - before.get(latency, 0) == 2
    # The probes and the scrape itself are not add-on requests.
    assert not any("healthz" in key or "metrics" in key.split("{")[1] for key in after)


def test_a_made_up_action_name_is_counted_as_unknown_not_by_its_name(gmail: Gmail) -> None:
    before = _value(
        "addon_requests_total", route="/actions/<name>", handler="unknown", outcome="unknown_action"
    )
    assert gmail.post("/actions/dana_at_example_com", gmail.event()).status_code == 400
    scraped = gmail.client.get("/metrics").get_data(as_text=True)
    assert "dana_at_example_com" not in scraped
    assert (
        _value(
            "addon_requests_total",
            route="/actions/<name>",
            handler="unknown",
            outcome="unknown_action",
        )
        == before + 1
    )


def test_metrics_name_no_user(gmail: Gmail, upstream: responses.RequestsMock) -> None:
    upstream.get(CLOSE_API + "task/", json={"data": []})
    connect(gmail, upstream)
    gmail.trigger("/homepage")
    scraped = gmail.client.get("/metrics").get_data(as_text=True)
    for private in (gmail.email, gmail.issuer_user_sub(), API_KEY, "ourco.example"):
        assert private not in scraped


def test_upstream_calls_are_counted_by_service_and_status(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    upstream.get(CLOSE_API + "task/", json={"data": []})
    ok_before = _value("addon_upstream_calls_total", service="close", status="200")
    refused_before = _value("addon_upstream_calls_total", service="close", status="401")
    timed_before = _value("addon_upstream_duration_seconds_count", service="close")
    connect(gmail, upstream)  # me/ and task/, both answered
    upstream.get(CLOSE_API + "me/", status=401, json={"error": "bad key"})
    gmail.click("connect", form={"api_key": "api_0000.refused"})
    assert _value("addon_upstream_calls_total", service="close", status="200") == ok_before + 2
    assert _value("addon_upstream_calls_total", service="close", status="401") >= (
        refused_before + 1
    )
    assert _value("addon_upstream_duration_seconds_count", service="close") >= timed_before + 3


def test_rate_limit_waits_are_counted_by_reason_with_their_time() -> None:
    def waits(reason: str) -> tuple[float, float]:
        return (
            _value("addon_rate_limit_waits_total", reason=reason),
            _value("addon_rate_limit_wait_seconds_total", reason=reason),
        )

    turns, retries = waits("turn"), waits("retry-after")
    metrics.rate_limit_wait("turn", 1.5)
    metrics.rate_limit_wait("turn", 0.25)
    metrics.rate_limit_wait("retry-after", 2.0)
    assert waits("turn") == (turns[0] + 2, turns[1] + 1.75)
    assert waits("retry-after") == (retries[0] + 1, retries[1] + 2.0)


def test_the_apps_rate_budget_reports_its_waits(app: Flask) -> None:
    before = _value("addon_rate_limit_waits_total", reason="turn")
    budget = app.extensions["close_addon"].services.close_budget
    budget.for_key("owner").waited("turn", 0.5)
    assert _value("addon_rate_limit_waits_total", reason="turn") == before + 1


def test_cache_lookups_are_counted_by_cache_name_as_hits_and_misses() -> None:
    caches = Caches(templates=OwnedCache(ttl=60))
    hits = _value("addon_cache_lookups_total", cache="templates", result="hit")
    misses = _value("addon_cache_lookups_total", cache="templates", result="miss")
    loads: list[str] = []

    def load() -> tuple[()]:
        loads.append("load")
        return ()

    assert caches.templates.get_or_load("owner", "key", load) == ()
    assert caches.templates.get_or_load("owner", "key", load) == ()
    assert caches.templates.get_or_load("other", "key", load) == ()
    assert loads == ["load", "load"]  # the cache works as before
    assert _value("addon_cache_lookups_total", cache="templates", result="hit") == hits + 1
    assert _value("addon_cache_lookups_total", cache="templates", result="miss") == misses + 2


def test_the_app_counts_its_own_caches(app: Flask) -> None:
    caches = app.extensions["close_addon"].services.caches
    before = _value("addon_cache_lookups_total", cache="org", result="miss")
    caches.org.get_or_load("owner", "org_1", lambda: "org")
    assert _value("addon_cache_lookups_total", cache="org", result="miss") == before + 1


def test_a_failed_load_is_a_miss_and_its_error_goes_through() -> None:
    caches = Caches()
    misses = _value("addon_cache_lookups_total", cache="records", result="miss")

    def fail() -> object:
        raise TimeoutError

    try:
        caches.records.get_or_load("owner", "key", fail)  # type: ignore[arg-type]
    except TimeoutError:
        pass
    else:
        raise AssertionError("the load's error was swallowed")
    assert _value("addon_cache_lookups_total", cache="records", result="miss") == misses + 1


# Each worker process of gunicorn counts in its own files; /metrics in any of them adds
# up all. Two processes stand in for two workers, a third scrapes.
_WORKER = textwrap.dedent(
    """
    from addon import metrics
    metrics.observe_request(route="/homepage", handler="homepage", outcome="ok", seconds=0.1)
    """
)
_SCRAPE = textwrap.dedent(
    """
    from addon import metrics
    body, _ = metrics.exposition()
    print(body.decode())
    """
)


def test_with_a_multiprocess_dir_metrics_add_up_every_worker(tmp_path: Path) -> None:
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_999.db").write_bytes(b"left by an earlier run")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}

    def python(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    python("from addon import metrics; metrics.prepare_multiprocess_dir()")
    assert list(directory.iterdir()) == []
    python(_WORKER)
    python(_WORKER)
    scraped = python(_SCRAPE)
    line = 'addon_requests_total{handler="homepage",outcome="ok",route="/homepage"} 2.0'
    assert line in scraped


def _cache_lookups() -> dict[tuple[str, str], float]:
    return {
        (sample.labels["cache"], sample.labels["result"]): sample.value
        for family in metrics.registry.collect()
        if family.name == "addon_cache_lookups"
        for sample in family.samples
        if sample.name == "addon_cache_lookups_total"
    }


def test_a_cache_outside_caches_such_as_the_store_s_copies_of_rows_is_not_counted() -> None:
    copies: OwnedCache[str] = OwnedCache(ttl=5)
    before = _cache_lookups()
    copies.get_or_load("dana", "settings", lambda: "row")
    copies.get_or_load("dana", "settings", lambda: "row")
    assert _cache_lookups() == before
