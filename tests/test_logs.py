"""One JSON log line per request in Cloud Logging's form: what operators need, nothing private."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

import pytest
import responses

from addon import create_app
from addon.config import Config
from addon.logs import JsonFormatter, end_request, start_request, trace_fields
from sandbox.google import TokenIssuer
from tests.addon_client import PUBLIC_URL, Gmail
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


TRACE_ID = "105445aa7843bc8bf206b12000100000"


def _from_env(config: Config) -> Config:
    """Return the test config with the project read from the environment."""
    return Config(**config.model_dump(exclude={"google_cloud_project"}))


@pytest.fixture
def traced(
    config: Config, upstream: responses.RequestsMock, issuer: TokenIssuer, monkeypatch: Any
) -> Gmail:
    """The add-on as Cloud Run runs it, with GOOGLE_CLOUD_PROJECT in its environment."""
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "close-addon-prod")
    return Gmail(
        create_app(Config(**config.model_dump(exclude={"google_cloud_project"}))).test_client(),
        issuer,
    )


def _request_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [line for line in _lines(caplog) if line["logger"] == "addon.request"]


def test_lines_are_in_cloud_loggings_form(gmail: Gmail, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="addon.request")
    gmail.trigger("/menu/settings")
    (line,) = _request_lines(caplog)
    assert line["severity"] == "INFO" and "level" not in line
    assert line["message"] == "POST /menu/<name> 200 NotConnected"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    http = line["httpRequest"]
    assert http["requestMethod"] == "POST" and http["requestUrl"] == "/menu/settings"
    assert http["status"] == 200
    assert re.fullmatch(r"\d+\.\d{3}s", http["latency"])
    assert "remoteIp" not in http


def test_warnings_and_errors_keep_their_severity() -> None:
    record = logging.LogRecord("addon", logging.WARNING, __file__, 1, "slow", None, None)
    assert json.loads(JsonFormatter().format(record))["severity"] == "WARNING"


def test_the_request_url_is_logged_without_its_query(
    gmail: Gmail, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="addon.request")
    gmail.post("/actions/back?leadId=lead_1&email=dana@example.com", gmail.event())
    (line,) = _request_lines(caplog)
    assert line["httpRequest"]["requestUrl"] == "/actions/back"
    assert "dana@example.com" not in json.dumps(line) and "lead_1" not in json.dumps(line)


def test_the_request_line_carries_the_trace_of_x_cloud_trace_context(
    traced: Gmail, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="addon.request")
    path = "/menu/settings"
    traced.client.post(
        path,
        data=json.dumps(traced.event()),
        content_type="application/json",
        headers={
            "Authorization": f"Bearer {traced.issuer.system_token(PUBLIC_URL + path)}",
            "X-Cloud-Trace-Context": f"{TRACE_ID}/2048;o=1",
        },
    )
    (line,) = _request_lines(caplog)
    assert line["logging.googleapis.com/trace"] == f"projects/close-addon-prod/traces/{TRACE_ID}"
    assert line["logging.googleapis.com/spanId"] == "2048"
    assert line["logging.googleapis.com/trace_sampled"] is True


def test_every_line_logged_while_serving_a_request_carries_its_trace() -> None:
    record = logging.LogRecord("addon.x", logging.WARNING, __file__, 1, "slow", None, None)
    token = start_request(f"{TRACE_ID}/1;o=0", "proj")
    try:
        inside = json.loads(JsonFormatter().format(record))
    finally:
        end_request(token)
    after = json.loads(JsonFormatter().format(record))
    assert inside["logging.googleapis.com/trace"] == f"projects/proj/traces/{TRACE_ID}"
    assert inside["logging.googleapis.com/trace_sampled"] is False
    assert not any(key.startswith("logging.googleapis.com/") for key in after)


@pytest.mark.parametrize(
    ("header", "project"),
    [
        (f"{TRACE_ID}/1;o=1", None),  # no project: no trace name to give
        (None, "proj"),
        ("not-a-trace/1;o=1", "proj"),
        (f'{TRACE_ID}"/1;o=1', "proj"),
        (f"{TRACE_ID}/1;o=1\ninjected", "proj"),
        (f"{TRACE_ID}/1;o={'1' * 5000}", "proj"),  # more digits than int() reads
    ],
)
def test_no_trace_without_a_project_or_from_a_header_of_another_shape(
    header: str | None, project: str | None
) -> None:
    assert trace_fields(header, project) == {}


def test_a_trace_without_span_or_options_is_still_named() -> None:
    assert trace_fields(TRACE_ID, "proj") == {
        "logging.googleapis.com/trace": f"projects/proj/traces/{TRACE_ID}"
    }


def test_the_project_is_read_from_google_cloud_project(config: Config, monkeypatch: Any) -> None:
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "close-addon-prod")
    assert (
        Config(**config.model_dump(exclude={"google_cloud_project"})).google_cloud_project
        == "close-addon-prod"
    )
