"""How Close's error statuses and unreadable replies become typed errors."""

from __future__ import annotations

import pytest
import responses

from addon.close import (
    CloseAuthError,
    CloseClient,
    CloseError,
    CloseForbidden,
    CloseNotFound,
    ClosePlanLimit,
    CloseRateLimited,
    CloseUnavailable,
    CloseValidationError,
)

from .conftest import BASE

URL = BASE + "lead/lead_1/"


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, CloseValidationError),
        (401, CloseAuthError),
        (402, ClosePlanLimit),
        (403, CloseForbidden),
        (404, CloseNotFound),
        (405, CloseError),
        (415, CloseError),
        (429, CloseRateLimited),
        (500, CloseUnavailable),
        (502, CloseUnavailable),
        (503, CloseUnavailable),
        (504, CloseUnavailable),
    ],
)
def test_status_maps_to_error_type(
    rsps: responses.RequestsMock, client: CloseClient, status: int, kind: type[CloseError]
) -> None:
    # A PUT with a long reset is never retried, so one reply is enough for every status.
    rsps.add(responses.PUT, URL, status=status, json={}, headers={"RateLimit-Reset": "60"})

    with pytest.raises(CloseError) as caught:
        client.put("lead/lead_1", {"name": "x"})

    assert type(caught.value) is kind
    assert caught.value.status == status
    assert caught.value.message == str(caught.value)


def test_validation_error_exposes_errors_and_field_errors(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    body = {
        "errors": ["Template cannot be used."],
        "field-errors": {"status": "Not a valid choice.", "lead": "Object does not exist."},
    }
    rsps.add(responses.POST, BASE + "lead/", status=400, json=body)

    with pytest.raises(CloseValidationError) as caught:
        client.post("lead", {"status": "foo"})

    error = caught.value
    assert error.errors == ["Template cannot be used."]
    assert error.field_errors == {"status": "Not a valid choice.", "lead": "Object does not exist."}
    assert "status: Not a valid choice." in error.message
    assert "Template cannot be used." in error.message


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", "application/json"),
        ("<html><body>Bad Request</body></html>", "text/html"),
        ('{"errors": [', "application/json"),
        ('{"errors": "oops", "field-errors": ["x"]}', "application/json"),
        ("[1, 2]", "application/json"),
    ],
)
def test_validation_error_survives_missing_or_garbled_bodies(
    rsps: responses.RequestsMock, client: CloseClient, body: str, content_type: str
) -> None:
    rsps.add(responses.POST, BASE + "lead/", status=400, body=body, content_type=content_type)

    with pytest.raises(CloseValidationError) as caught:
        client.post("lead", {})

    assert caught.value.errors == []
    assert caught.value.field_errors == {}
    assert caught.value.message == "Close rejected the request."
    assert "html" not in str(caught.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error": "Empty query: Lead matching query does not exist."}, "Lead matching query"),
        ({"errors": ["Source lead does not exist."]}, "Source lead does not exist."),
        ({}, "That record was not found in Close."),
    ],
)
def test_not_found_reads_error_or_errors(
    rsps: responses.RequestsMock, client: CloseClient, body: dict[str, object], expected: str
) -> None:
    rsps.add(responses.GET, URL, status=404, json=body)

    with pytest.raises(CloseNotFound) as caught:
        client.get("lead/lead_1")

    assert expected in caught.value.message
    assert len(rsps.calls) == 1


@pytest.mark.parametrize(
    "body", ['{"id": "lead_1", "name": "Ac', "<html>maintenance</html>", '["lead_1"]', "null"]
)
def test_unreadable_success_reply_is_unavailable(
    rsps: responses.RequestsMock, client: CloseClient, body: str
) -> None:
    rsps.add(responses.GET, URL, status=200, body=body)

    with pytest.raises(CloseUnavailable) as caught:
        client.get("lead/lead_1")

    # The reply may hold customer data, so none of it may reach the message.
    assert "lead_1" not in str(caught.value)
    assert "maintenance" not in str(caught.value)
    assert len(rsps.calls) == 1


def test_rate_limited_message_says_how_long_to_wait(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(
        responses.GET, URL, status=429, headers={"RateLimit": "limit=16; remaining=0; reset=12.2"}
    )

    with pytest.raises(CloseRateLimited) as caught:
        client.get("lead/lead_1")

    assert caught.value.retry_after == pytest.approx(12.2)
    assert "13 seconds" in caught.value.message


def test_long_close_error_text_is_clipped(
    rsps: responses.RequestsMock, client: CloseClient
) -> None:
    rsps.add(responses.GET, URL, status=403, json={"error": "x" * 5000})

    with pytest.raises(CloseForbidden) as caught:
        client.get("lead/lead_1")

    assert len(caught.value.message) <= 300
