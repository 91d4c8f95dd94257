"""The event parser, fuzzed: any body is an Event or a BadEvent with a short reason, nothing else.

Bodies are drawn as raw bytes, as any JSON, and as event-shaped JSON whose members have
the names the parser reads but values of any type, so the draws reach every model and
validator. A parsed event's accessors (inputs, dates, time zone, locale) never raise:
handlers call them without guards.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addon.events import BadEvent, Event, parse_event

FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MAX_REASON = 300

TEXT = st.text(max_size=30) | st.sampled_from(["", "UTC", "en-US", "x" * 500, "\u202e", "\x00"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**16), 10**16).map(str)
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)
# Where a value of the wrong type hurts: each name the parser reads, at its place.
PICKED = st.fixed_dictionaries({}, optional={"msSinceEpoch": ANY_JSON, "hasTime": ANY_JSON})
FORM_INPUT = st.fixed_dictionaries(
    {},
    optional={
        "stringInputs": st.fixed_dictionaries({}, optional={"value": ANY_JSON}) | ANY_JSON,
        "dateInput": PICKED | ANY_JSON,
        "dateTimeInput": PICKED | ANY_JSON,
    },
)
EVENT = st.fixed_dictionaries(
    {},
    optional={
        "commonEventObject": st.fixed_dictionaries(
            {},
            optional={
                "userLocale": ANY_JSON,
                "timeZone": st.fixed_dictionaries({}, optional={"id": ANY_JSON}) | ANY_JSON,
                "formInputs": st.dictionaries(TEXT, FORM_INPUT | ANY_JSON, max_size=3),
                "parameters": st.dictionaries(TEXT, ANY_JSON, max_size=3) | ANY_JSON,
            },
        )
        | ANY_JSON,
        "authorizationEventObject": st.fixed_dictionaries(
            {},
            optional={
                "userOAuthToken": ANY_JSON,
                "userIdToken": ANY_JSON,
                "authorizedScopes": ANY_JSON,
            },
        )
        | ANY_JSON,
        "gmail": st.fixed_dictionaries(
            {},
            optional={
                "messageId": ANY_JSON,
                "accessToken": ANY_JSON,
                "toRecipients": ANY_JSON,
                "ccRecipients": ANY_JSON,
            },
        )
        | ANY_JSON,
    },
)


def _encode(value: Any) -> bytes:
    # NaN and infinities are not JSON, but a caller may send them all the same.
    return json.dumps(value).encode()


def _parse_or_refuse(body: bytes) -> Event | None:
    try:
        return parse_event(body)
    except BadEvent as exc:
        assert 0 < len(str(exc)) <= MAX_REASON, str(exc)
        return None


def _read_everything(event: Event) -> None:
    """Call every accessor a handler may call, on every input the event has."""
    names = [*event.common_event_object.form_inputs, "missing"]
    for name in names:
        event.texts(name)
        event.text(name)
        event.has_input(name)
        event.date(name)
        event.datetime(name)
    assert isinstance(event.parameters, dict)
    assert all(isinstance(v, str) for v in event.parameters.values())
    assert isinstance(event.timezone_id, str) and isinstance(event.locale, str)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_are_an_event_or_a_short_refusal(body: bytes) -> None:
    event = _parse_or_refuse(body)
    if event is not None:
        _read_everything(event)


@FUZZ
@given(ANY_JSON)
def test_any_json_is_an_event_or_a_short_refusal(value: Any) -> None:
    event = _parse_or_refuse(_encode(value))
    if event is not None:
        assert isinstance(value, dict)  # only an object is an event
        _read_everything(event)


@FUZZ
@given(EVENT)
def test_event_shaped_json_is_an_event_whose_accessors_never_raise_or_a_refusal(
    value: dict[str, Any],
) -> None:
    event = _parse_or_refuse(_encode(value))
    if event is not None:
        _read_everything(event)


@FUZZ
@given(st.dictionaries(TEXT, FORM_INPUT, min_size=1, max_size=3), st.integers(0, 10))
def test_a_refusal_names_where_the_event_is_wrong_in_few_words(
    inputs: dict[str, Any], pad: int
) -> None:
    # Input names are the caller's: a long one does not make a long reason.
    long_name = "n" * (1000 + pad)
    body = _encode({"commonEventObject": {"formInputs": {long_name: [], **inputs}}})
    event = _parse_or_refuse(body)
    assert event is None
