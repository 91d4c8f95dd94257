"""The controls: every injected fault, call statistics, and the demo key."""

from __future__ import annotations

import re
import threading

import pytest
import requests

from sandbox.demo_data import DEMO_API_KEY

from .live import LiveClose, email_query


def test_latency_applies_only_to_matching_paths(
    empty: LiveClose, monkeypatch: pytest.MonkeyPatch
) -> None:
    naps: list[float] = []
    monkeypatch.setattr(empty.state.faults, "sleep", naps.append)
    faults = {"latency_ms": 300, "paths": ["/data/search/"]}
    assert empty.control("POST", "_faults", faults).json()["faults"]["latency_ms"] == 300
    assert empty.search({"query": email_query("a@b.co")}).status_code == 200
    # No hang first; once the answer is ready, what is left of the 300 ms response time.
    hang, rest = naps
    assert hang == 0.0 and 0.2 < rest <= 0.3
    assert empty.get("/me/").status_code == 200
    assert all(nap <= 0 for nap in naps[2:])  # a call outside the paths sleeps not at all


def test_hang_trips_client_timeouts_and_clearing_releases_it(
    empty: LiveClose, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty.control("POST", "_faults", {"hang_ms": 30000, "paths": ["/me/"]})
    with pytest.raises(requests.exceptions.Timeout):
        empty.get("/me/", timeout=0.3)
    hanging, sleep = threading.Event(), empty.state.faults.sleep

    def noted_sleep(seconds: float) -> None:
        if seconds > 0:
            hanging.set()
        sleep(seconds)

    monkeypatch.setattr(empty.state.faults, "sleep", noted_sleep)
    hung: list[int] = []
    worker = threading.Thread(target=lambda: hung.append(empty.get("/me/", timeout=20).status_code))
    worker.start()
    assert hanging.wait(timeout=5)
    assert empty.control("POST", "_faults", {}).json()["faults"]["hang_ms"] == 0
    worker.join(timeout=5)
    assert hung == [200]  # the hanging request was released by clearing the faults


def test_a_held_call_is_counted_before_or_after_close_acts(empty: LiveClose) -> None:
    lead = empty.post("/lead/", {"name": "Before"}).json()
    path = f"/lead/{lead['id']}/"
    answers: list[requests.Response] = []

    def put(name: str) -> threading.Thread:
        call = threading.Thread(target=lambda: answers.append(empty.put(path, {"name": name})))
        call.start()
        return call

    # A hang holds the call before Close acts: the lead is unchanged while it is held.
    empty.control("POST", "_faults", {"hang_ms": 30000, "paths": [path], "methods": ["PUT"]})
    call = put("Hung")
    assert empty.state.faults.wait_until_held(timeout=5)
    assert empty.control("GET", "_faults").json()["faults"]["held"] == 1
    assert empty.state.leads[lead["id"]]["name"] == "Before"
    empty.control("POST", "_faults", {})  # released
    call.join(timeout=5)
    assert empty.control("GET", "_faults").json()["faults"]["held"] == 0

    # A latency holds the answer after Close acted: the change is there, the answer is not.
    empty.control("POST", "_faults", {"latency_ms": 30000, "paths": [path], "methods": ["PUT"]})
    call = put("Applied")
    assert empty.state.faults.wait_until_held(timeout=5)
    assert empty.state.leads[lead["id"]]["name"] == "Applied"
    assert len(answers) == 1
    empty.control("POST", "_faults", {})
    call.join(timeout=5)
    assert [a.json()["name"] for a in answers] == ["Hung", "Applied"]
    assert empty.state.faults.wait_until_held(0, timeout=0)
    assert not empty.state.faults.wait_until_held(1, timeout=0)


def test_error_rate_with_method_filter(empty: LiveClose) -> None:
    empty.control(
        "POST", "_faults", {"error_rate": {"status": 503, "rate": 1.0}, "methods": ["POST"]}
    )
    failed = empty.post("/lead/", {"name": "X"})
    assert failed.status_code == 503 and failed.json() == {"error": "Service Unavailable"}
    assert empty.get("/me/").status_code == 200
    empty.control("POST", "_faults", {"error_rate": 0.5, "seed": 3})
    codes = [empty.get("/me/").status_code for _ in range(40)]
    assert 5 < codes.count(503) < 35 and set(codes) == {200, 503}


def test_malformed_answers_are_200_but_not_json(empty: LiveClose) -> None:
    empty.control("POST", "_faults", {"malformed_rate": 1.0})
    response = empty.get("/me/")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    empty.control("POST", "_faults", None)  # an empty body clears every fault
    assert empty.get("/me/").json()["email"]


def test_rate_limit_burst(empty: LiveClose) -> None:
    empty.control("POST", "_faults", {"rate_limit_burst": 3})
    answers = [empty.get("/me/") for _ in range(4)]
    assert [a.status_code for a in answers] == [429, 429, 429, 200]
    assert re.fullmatch(r"limit=\d+; remaining=0; reset=8", answers[0].headers["RateLimit"])
    assert answers[0].headers["RateLimit-Reset"] == "8"
    assert "rate_reset" in answers[0].json()["error"]
    assert empty.control("GET", "_faults").json()["faults"]["rate_limit_burst_left"] == 0


def test_bad_fault_settings_are_400(empty: LiveClose) -> None:
    for body in ({"latency": 5}, {"error_rate": 2}, {"rate_limit_burst": -1}, {"paths": "/lead/"}):
        response = empty.control("POST", "_faults", body)
        assert response.status_code == 400 and response.json()["errors"], body


def test_stats_count_folded_paths_and_reset(demo: LiveClose) -> None:
    demo.control("DELETE", "_stats")
    lead_id = next(iter(demo.state.leads))
    demo.get(f"/lead/{lead_id}/")
    demo.get(f"/lead/{lead_id}/", params={"_fields": "id"})
    demo.get("/lead/lead_missing/")
    demo.search({"query": email_query("a@b.co")})
    demo.get("/me/", key="wrong")
    note = demo.post("/activity/note/", {"lead_id": lead_id, "note": "x"}).json()
    demo.get(f"/activity/note/{note['id']}/")
    stats = demo.control("GET", "_stats").json()
    assert stats == {
        "GET /lead/{id}/": 3,
        "POST /data/search/": 1,
        "GET /me/": 1,
        "POST /activity/note/": 1,
        "GET /activity/note/{id}/": 1,
    }
    assert demo.control("DELETE", "_stats").json() == {}
    assert demo.control("GET", "_stats").json() == {}


def test_demo_key_control(demo: LiveClose, empty: LiveClose) -> None:
    assert demo.control("GET", "_demo").json() == {"apiKey": DEMO_API_KEY}
    assert empty.control("GET", "_demo").status_code == 404


def test_a_hang_rate_hangs_only_that_share_of_calls(
    empty: LiveClose, monkeypatch: pytest.MonkeyPatch
) -> None:
    naps: list[float] = []
    monkeypatch.setattr(empty.state.faults, "sleep", naps.append)
    empty.control("POST", "_faults", {"hang_ms": 5000, "hang_rate": 0.5, "seed": 3})
    for _ in range(40):
        assert empty.get("/me/").status_code == 200
    hangs = naps[0::2]  # each call: a hang (or none) first, then what is left of its latency
    assert set(hangs) == {0.0, 5.0} and 5 < hangs.count(5.0) < 35
    assert empty.control("POST", "_faults", {"hang_rate": 2}).status_code == 400


def test_stats_by_status_count_the_answers_sent(empty: LiveClose) -> None:
    empty.control("DELETE", "_stats")
    empty.control("POST", "_faults", {"rate_limit_burst": 2})
    for _ in range(3):
        empty.get("/me/")
    empty.get("/me/", key="wrong")
    assert empty.control("GET", "_stats?by=status").json() == {"200": 1, "401": 1, "429": 2}
    empty.control("DELETE", "_stats")
    assert empty.control("GET", "_stats?by=status").json() == {}
