"""The HTTP edge: malformed events, unknown actions, oversized bodies, health."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest

from tests.addon_client import PUBLIC_URL, Gmail

LIMIT = 256 * 1024  # config.max_body_bytes by default


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "body is not JSON"),
        (b"[1, 2]", "body must be a JSON object"),
        (b'{"commonEventObject": {"formInputs": []}}', "commonEventObject.formInputs"),
        (b'{"commonEventObject": {"parameters": {"a": {"b": 1}}}}', "parameter 'a'"),
        (
            b'{"commonEventObject": {"formInputs": {"d": {"dateInput": {"msSinceEpoch": "x"}}}}}',
            "msSince",
        ),
        (b'{"gmail": "msg-1"}', "gmail"),
    ],
)
def test_malformed_event_is_400_with_short_reason(gmail: Gmail, body: bytes, reason: str) -> None:
    response = gmail.post("/message", body, raw=True)
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "bad_event"
    assert reason in answer["reason"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_unknown_action_is_400(gmail: Gmail) -> None:
    response = gmail.post("/actions/launch_missiles", gmail.event())
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "unknown_action",
        "reason": "no such action: launch_missiles",
    }


def test_unknown_menu_item_is_400(gmail: Gmail) -> None:
    response = gmail.post("/menu/nothing", gmail.event())
    assert response.status_code == 400


def _with_member(event: dict[str, Any], raw_json: str) -> bytes:
    """Return the event's JSON with one more top-level member whose value is `raw_json`."""
    return (json.dumps(event)[:-1] + f', "extra": {raw_json}}}').encode()


@pytest.mark.parametrize("levels", [1_000, 100_000])
def test_deeply_nested_body_is_400_before_parsing(gmail: Gmail, levels: int) -> None:
    body = _with_member(gmail.event(), "[" * levels + "]" * levels)
    response = gmail.post("/message", body, raw=True)
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "bad_event",
        "reason": "body nests deeper than 32 levels",
    }


@pytest.mark.parametrize(
    "event_args",
    [
        {"params": {"leadId": "lead_\ud800"}},
        {"params": {"\udc00": "lead_1"}},
        {"form": {"api_key": "key\ud800"}},
    ],
    ids=["parameter value", "parameter key", "form input"],
)
def test_lone_surrogate_anywhere_is_400(gmail: Gmail, event_args: dict[str, Any]) -> None:
    # json.dumps escapes a lone surrogate as \\ud800, which JSON's grammar allows.
    response = gmail.post("/actions/connect", gmail.event(**event_args))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "bad_event"
    assert answer["reason"].startswith("body is not JSON: ")


def test_declared_oversized_body_is_413_json(gmail: Gmail) -> None:
    event = gmail.event(form={"note": "x" * 300_000})
    response = gmail.post("/actions/connect", event)
    assert response.status_code == 413
    assert response.get_json() == {
        "error": "body_too_large",
        "reason": f"body is larger than {LIMIT} bytes",
    }


def _post_chunked(gmail: Gmail, path: str, body: bytes, token: str | None = None) -> Any:
    token = token or gmail.issuer.system_token(PUBLIC_URL + path)
    return gmail.client.post(
        path,
        input_stream=io.BytesIO(body),
        headers={"Authorization": f"Bearer {token}", "Transfer-Encoding": "chunked"},
        content_type="application/json",
        # gunicorn (like werkzeug's own server) says it ends a chunked body itself.
        environ_overrides={"wsgi.input_terminated": True},
    )


def _padded(event: dict[str, Any], size: int) -> bytes:
    body = json.dumps(event).encode()
    return body + b" " * (size - len(body))


def test_chunked_body_up_to_the_limit_is_read_whole(gmail: Gmail) -> None:
    response = _post_chunked(gmail, "/actions/back", _padded(gmail.event(), LIMIT))
    assert response.status_code == 200
    assert response.get_json()["renderActions"]


def test_chunked_body_past_the_limit_is_413(gmail: Gmail, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="addon.request")
    response = _post_chunked(gmail, "/actions/back", _padded(gmail.event(), LIMIT + 1))
    assert response.status_code == 413
    assert response.get_json() == {
        "error": "body_too_large",
        "reason": f"body is larger than {LIMIT} bytes",
    }
    logged = [r.fields for r in caplog.records if r.name == "addon.request"]
    assert [(x["status"], x["result"]) for x in logged] == [(413, "body_too_large")]


def test_unauthenticated_giant_body_is_401_and_never_read(gmail: Gmail) -> None:
    stream = io.BytesIO(b"[" * (10 * LIMIT))
    response = gmail.client.post(
        "/message",
        input_stream=stream,
        headers={"Authorization": "Bearer forged", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 401
    assert stream.tell() == 0


def test_get_on_an_event_route_is_405_json(gmail: Gmail) -> None:
    response = gmail.client.get("/message")
    assert response.status_code == 405
    assert response.is_json


def test_healthz(gmail: Gmail) -> None:
    assert gmail.client.get("/healthz").get_json() == {"status": "ok"}


def test_form_inputs_of_every_widget_kind_are_read(gmail: Gmail) -> None:
    from addon.events import parse_event

    event = gmail.event(
        form={
            "name": "Ada",
            "tags": ["lead", "customer"],
            "due": {"dateInput": {"msSinceEpoch": 1672531200000}},
            "at": {
                "dateTimeInput": {"msSinceEpoch": "1672574400000", "hasDate": True, "hasTime": True}
            },
            "time": {"timeInput": {"hours": 14, "minutes": 30}},
            "empty": {"stringInputs": {"value": []}},
        },
        params={"leadId": "lead_1"},
    )
    import json

    parsed = parse_event(json.dumps(event).encode())
    assert parsed.text("name") == "Ada"
    assert parsed.texts("tags") == ["lead", "customer"]
    assert parsed.date("due").isoformat() == "2023-01-01"
    assert parsed.datetime("at").isoformat() == "2023-01-01T12:00:00+00:00"
    assert parsed.text("empty") == "" and parsed.text("missing", "d") == "d"
    assert parsed.has_input("empty") and not parsed.has_input("missing")
    assert parsed.parameters["leadId"] == "lead_1"
    assert parsed.timezone_id == "Europe/Vienna" and parsed.locale == "en-US"
