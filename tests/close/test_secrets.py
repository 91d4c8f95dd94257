"""The API key, auth header, query values and bodies never reach errors or logs."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

import pytest
import requests
import responses

from addon.close import CloseClient, CloseError

from .conftest import API_KEY, BASE

TOKEN = base64.b64encode(f"{API_KEY}:".encode()).decode()
SECRETS = (API_KEY, TOKEN, "alice@example.com", "Secret Customer Inc")
URL = BASE + "lead/"

FAILURES: list[dict[str, Any]] = [
    {"status": 401, "json": {"error": "The server could not verify that you are authorized."}},
    {"status": 400, "json": {"errors": [], "field-errors": {"name": "This field is required."}}},
    {"status": 404, "json": {"error": "Empty query: Lead matching query does not exist."}},
    {"status": 429, "json": {"rate_reset": 30}},
    {"status": 503, "body": "<html>Service Unavailable</html>"},
    {"status": 200, "body": '{"name": "Secret Customer Inc", "emails": ["alice@exa'},
    {
        "body": requests.ConnectionError(
            f"Max retries exceeded with url: {URL}?query=alice@example.com"
        )
    },
    {"body": requests.exceptions.ReadTimeout("Read timed out.")},
]


@pytest.mark.parametrize("reply", FAILURES)
def test_errors_and_logs_hold_no_secrets(
    rsps: responses.RequestsMock,
    make_client: Callable[..., CloseClient],
    caplog: pytest.LogCaptureFixture,
    reply: dict[str, Any],
) -> None:
    for _ in range(3):  # enough replies for every retry a GET may make
        rsps.add(responses.GET, URL, **reply)
    rsps.assert_all_requests_are_fired = False
    client = make_client(max_retries=2)
    caplog.set_level(logging.DEBUG)

    with pytest.raises(CloseError) as caught:
        client.get("lead", {"query": "email:alice@example.com"})

    error = caught.value
    for secret in SECRETS:
        assert secret not in str(error)
        assert secret not in repr(error)
        assert secret not in caplog.text
        assert all(secret not in str(record.args) for record in caplog.records)


def test_one_debug_line_per_upstream_call(
    rsps: responses.RequestsMock, client: CloseClient, caplog: pytest.LogCaptureFixture
) -> None:
    rsps.add(responses.GET, URL, status=503)
    rsps.add(responses.GET, URL, json={"data": [{"name": "Secret Customer Inc"}]})
    caplog.set_level(logging.DEBUG, logger="addon.upstream")

    client.get("lead", {"query": "email:alice@example.com"})

    lines = [r.getMessage() for r in caplog.records if r.name == "addon.upstream"]
    assert len(lines) == 2
    assert lines[0].startswith("close GET lead/ -> 503 in ")
    assert lines[1].startswith("close GET lead/ -> 200 in ")
    assert all(record.levelno == logging.DEBUG for record in caplog.records)
    assert "alice" not in caplog.text and "Secret" not in caplog.text


def test_client_repr_does_not_show_the_key() -> None:
    client = CloseClient(API_KEY)

    assert API_KEY not in repr(client)
    assert API_KEY not in repr(vars(client).get("_auth"))
