"""Tokens never reach errors or logs, whatever goes wrong."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import requests
import responses

from addon.gmail import GmailError

from .fakes import ACCESS, OAUTH, URL, FakeClock, fetch, message, new_client

SECRETS = (OAUTH, ACCESS, "juergen.mueller@kunde.de", "Angebot")

FAILURES: list[dict[str, Any]] = [
    {"status": 401, "json": {"error": {"code": 401, "message": f"Invalid token {OAUTH}"}}},
    {"status": 403, "json": {"error": {"code": 403, "message": f"Bad token {ACCESS}"}}},
    {"status": 404, "json": {"error": {"code": 404, "message": "Requested entity was not found."}}},
    {"status": 503, "body": "<html>Service Unavailable</html>"},
    {
        "status": 200,
        "body": '{"payload": {"headers": [{"name": "From", "value": "juergen.mueller@kunde',
    },
    {"body": requests.ConnectionError(f"Max retries exceeded with url: {URL}")},
    {"body": requests.exceptions.ReadTimeout("Read timed out.")},
]


@pytest.mark.parametrize("reply", FAILURES)
def test_errors_and_logs_hold_no_tokens(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, reply: dict[str, Any]
) -> None:
    # The JSON log setup stops propagation; make sure caplog really sees our records.
    monkeypatch.setattr(logging.getLogger("addon"), "propagate", True)
    caplog.set_level(logging.DEBUG, logger="addon.upstream")

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(URL, **reply)
        with pytest.raises(GmailError) as caught:
            fetch(new_client(FakeClock()))

    assert "gmail GET message" in caplog.text  # the call was logged, so the check is real
    for secret in SECRETS:
        assert secret not in str(caught.value)
        assert secret not in repr(caught.value)
        assert secret not in caplog.text


def test_a_successful_fetch_logs_no_tokens_or_addresses(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger("addon"), "propagate", True)
    caplog.set_level(logging.DEBUG, logger="addon.upstream")

    with responses.RequestsMock() as rsps:
        rsps.get(URL, json=message())
        fetch(new_client())

    assert "-> 200" in caplog.text
    assert all(secret not in caplog.text for secret in SECRETS)
