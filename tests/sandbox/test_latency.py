"""The stand-ins' latency clock: from a call's arrival at the app to the answer leaving it."""

from __future__ import annotations

import time
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIEnvironment

from werkzeug.test import Client

from sandbox.latency import (
    ARRIVED_AT,
    AWAKE_FOR,
    arrived_at,
    hold,
    note_arrival,
    timed_answers,
    wait_until,
)


def test_without_the_wrapper_the_clock_starts_now_and_the_hold_happens_in_place() -> None:
    environ: WSGIEnvironment = {}
    events: list[str] = []

    hold(environ, lambda: events.append("held"))

    assert events == ["held"]
    assert isinstance(arrived_at(environ), float)


def test_the_wrapper_stamps_arrival_and_holds_after_the_answer_is_built() -> None:
    events: list[str] = []
    seen: dict[str, float] = {}

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        seen["arrived"] = arrived_at(environ)
        hold(environ, lambda: events.append("held"))
        start_response("200 OK", [("Content-Type", "text/plain")])
        events.append("answer built")
        return [b"ok"]

    reply = Client(timed_answers(app)).get("/")

    assert reply.data == b"ok"
    assert events == ["answer built", "held"]
    assert seen["arrived"] > 0


def test_an_arrival_noted_by_the_server_starts_the_clock_of_its_next_call_only() -> None:
    seen: list[float] = []

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        seen.append(arrived_at(environ))
        start_response("204 No Content", [])
        return []

    client = Client(timed_answers(app))
    readable_at = time.monotonic() - 1.0
    note_arrival(readable_at)
    client.get("/")
    client.get("/")  # nothing noted for this one: the app's own arrival

    assert seen[0] == readable_at
    assert seen[1] > readable_at + 0.5


def test_a_call_that_asks_for_no_hold_passes_straight_through() -> None:
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        assert ARRIVED_AT in environ
        start_response("204 No Content", [])
        return []

    assert Client(timed_answers(app)).get("/").status_code == 204


def test_a_wait_sleeps_most_of_the_way_and_never_ends_early() -> None:
    naps: list[float] = []
    deadline = time.monotonic() + 0.02

    wait_until(deadline, sleep=lambda s: naps.append(s) or time.sleep(s))

    assert time.monotonic() >= deadline
    assert len(naps) == 1 and naps[0] <= 0.02 - AWAKE_FOR


def test_a_wait_woken_on_purpose_ends_at_once() -> None:
    deadline = time.monotonic() + 60

    wait_until(deadline, sleep=lambda s: True)  # e.g. the faults were cleared

    assert time.monotonic() < deadline
