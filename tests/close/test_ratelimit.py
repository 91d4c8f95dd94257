"""Parsing Close's rate-limit headers and choosing the wait after a 429."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from requests.structures import CaseInsensitiveDict

from addon.close import RateLimit, parse_rate_limit, seconds_until_reset


def reply_429(headers: dict[str, str], body: object = None) -> requests.Response:
    response = requests.Response()
    response.status_code = 429
    response.headers = CaseInsensitiveDict(headers)
    response._content = b"" if body is None else json.dumps(body).encode()
    return response


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("limit=100, remaining=50, reset=5", RateLimit(100, 50, 5)),
        ("limit=100; remaining=100; reset=1", RateLimit(100, 100, 1)),
        ("limit=320,remaining=0,reset=0.595956", RateLimit(320, 0, 0.595956)),
        ("reset=2.5; limit=16; remaining=14", RateLimit(16, 14, 2.5)),
        ('limit="100"; remaining="3"; reset="7"', RateLimit(100, 3, 7)),
    ],
)
def test_parses_the_combined_header_with_either_separator(header: str, expected: RateLimit) -> None:
    assert parse_rate_limit({"RateLimit": header}) == expected


def test_header_names_are_case_insensitive() -> None:
    assert parse_rate_limit({"ratelimit": "limit=1; remaining=0; reset=3"}) == RateLimit(1, 0, 3)


def test_falls_back_to_discrete_headers() -> None:
    headers = {"RateLimit-Limit": "100", "RateLimit-Remaining": "99", "RateLimit-Reset": "1.5"}

    assert parse_rate_limit(headers) == RateLimit(100, 99, 1.5)


def test_combined_header_wins_over_discrete_and_fills_gaps_from_them() -> None:
    headers = {
        "RateLimit": "limit=100; reset=4",
        "RateLimit-Reset": "9",
        "RateLimit-Remaining": "7",
    }

    assert parse_rate_limit(headers) == RateLimit(100, 7, 4)


@pytest.mark.parametrize(("value", "expected"), [("3", 3.0), ("0.25", 0.25), ("soon", None)])
def test_retry_after_gives_the_reset_when_nothing_else_does(
    value: str, expected: float | None
) -> None:
    parsed = parse_rate_limit({"Retry-After": value})

    assert (parsed.reset if parsed else None) == expected


def test_retry_after_may_be_an_http_date() -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)

    parsed = parse_rate_limit({"Retry-After": when})

    assert parsed is not None and parsed.reset is not None
    assert 25 <= parsed.reset <= 30


@pytest.mark.parametrize(
    "headers",
    [{}, {"RateLimit": "garbage"}, {"RateLimit": "reset=nan"}, {"RateLimit-Reset": "-1"}],
)
def test_returns_none_without_usable_values(headers: dict[str, str]) -> None:
    assert parse_rate_limit(headers) is None


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
