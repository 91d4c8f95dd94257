"""Choosing the wait after a 429 from Close's rate-limit headers or body."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from addon.close.errors import seconds_until_reset


def reply_429(headers: dict[str, str], body: object = None) -> requests.Response:
    response = requests.Response()
    response.status_code = 429
    response.headers = CaseInsensitiveDict(headers)
    response._content = b"" if body is None else json.dumps(body).encode()
    return response


def reset_of(headers: dict[str, str]) -> float:
    return seconds_until_reset(reply_429(headers))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("limit=100, remaining=50, reset=5", 5),
        ("limit=100; remaining=100; reset=1", 1),
        ("limit=320,remaining=0,reset=0.595956", 0.595956),
        ("reset=2.5; limit=16; remaining=14", 2.5),
        ('limit="100"; remaining="3"; reset="7"', 7),
    ],
)
def test_reads_the_combined_header_with_either_separator(header: str, expected: float) -> None:
    assert reset_of({"RateLimit": header}) == expected


def test_header_names_are_case_insensitive() -> None:
    assert reset_of({"ratelimit": "limit=1; remaining=0; reset=3"}) == 3


def test_falls_back_to_the_discrete_header() -> None:
    headers = {"RateLimit-Limit": "100", "RateLimit-Remaining": "99", "RateLimit-Reset": "1.5"}

    assert reset_of(headers) == 1.5


@pytest.mark.parametrize(("value", "expected"), [("3", 3.0), ("0.25", 0.25), ("soon", 2.0)])
def test_retry_after_gives_the_reset_when_nothing_else_does(value: str, expected: float) -> None:
    assert reset_of({"Retry-After": value}) == expected


def test_retry_after_may_be_an_http_date() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)

    assert 25 <= reset_of({"Retry-After": when}) <= 30


@pytest.mark.parametrize(
    "headers",
    [{}, {"RateLimit": "garbage"}, {"RateLimit": "reset=nan"}, {"RateLimit-Reset": "-1"}],
)
def test_unusable_values_leave_the_default_wait(headers: dict[str, str]) -> None:
    assert reset_of(headers) == 2.0


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        (
            {
                "RateLimit": "limit=1, remaining=0, reset=4",
                "RateLimit-Reset": "5",
                "Retry-After": "6",
            },
            {"rate_reset": 7},
            4.0,
        ),
        ({"RateLimit-Reset": "5", "Retry-After": "6"}, {"rate_reset": 7}, 5.0),
        ({"Retry-After": "6"}, {"rate_reset": 7}, 6.0),
        ({}, {"rate_reset": "0.595956", "error": {"rate_reset": 8}}, 0.595956),
        ({}, {"error": {"rate_reset": "8.5"}}, 8.5),
        ({}, {"error": "API call count exceeded"}, 2.0),
        ({}, None, 2.0),
    ],
)
def test_seconds_until_reset_follows_the_documented_order(
    headers: dict[str, str], body: object, expected: float
) -> None:
    assert seconds_until_reset(reply_429(headers, body)) == pytest.approx(expected)


def test_seconds_until_reset_ignores_a_non_json_body() -> None:
    response = reply_429({})
    response._content = b"<html>Too Many Requests</html>"

    assert seconds_until_reset(response) == 2.0
