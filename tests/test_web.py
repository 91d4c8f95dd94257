"""The HTTP edge: malformed events, unknown actions, oversized bodies, health."""

from __future__ import annotations

import pytest

from tests.addon_client import Gmail


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


def test_oversized_body_is_413_json(gmail: Gmail) -> None:
    event = gmail.event(form={"note": "x" * 300_000})
    response = gmail.post("/actions/connect", event)
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"


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
    assert parsed.param("leadId") == "lead_1"
    assert parsed.timezone_id == "Europe/Vienna" and parsed.locale == "en-US"
