"""One JSON log line per request, with what operators need and nothing private."""

from __future__ import annotations

import json
import logging
import sys

import pytest
import responses

from addon.logs import JsonFormatter
from tests.addon_client import Gmail
from tests.test_flow import API_KEY, connect


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records]


def test_one_line_per_request_with_route_action_status_duration(
    gmail: Gmail, upstream: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="addon.request")
    connect(gmail, upstream)
    gmail.post("/actions/connect", b"nope", raw=True)
    requests_logged = [line for line in _lines(caplog) if line["logger"] == "addon.request"]
    assert [(x["route"], x["action"], x["status"]) for x in requests_logged] == [
        ("/actions/<name>", "connect", 200),
        ("/actions/<name>", "connect", 400),
    ]
    assert all(isinstance(x["duration_ms"], float) for x in requests_logged)
    assert requests_logged[1]["result"] == "bad_event"
    assert requests_logged[0]["user"] and len(requests_logged[0]["user"]) == 12


def test_no_token_key_or_address_in_any_line(
    gmail: Gmail, upstream: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    event = gmail.event(form={"api_key": API_KEY})
    token = event["authorizationEventObject"]["userIdToken"]
    connect(gmail, upstream)
    gmail.trigger("/menu/settings")
    gmail.post("/homepage", gmail.event(), token="forged")
    text = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    for secret in (API_KEY, token, "ann.rep@ourco.example", "Ann.Rep@ourco.example", "forged"):
        assert secret not in text


def test_an_exception_is_logged_by_type_and_place_without_its_message() -> None:
    def fail() -> None:
        raise ValueError("upstream said dana@example.com")

    try:
        fail()
    except ValueError:
        record = logging.LogRecord(
            "addon", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["exc_type"] == "ValueError"
    assert line["exc_where"].startswith("test_logs.py:") and line["exc_where"].endswith(":fail")
    assert "dana@example.com" not in json.dumps(line)
