"""Parsing the event object: odd but well-formed bodies get a short reason, never a crash."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addon.events import MAX_DEPTH, BadEvent, parse_event

# Text that JSON escapes (quotes, backslashes) or that looks like structure (brackets)
# is drawn often, since that is what a bracket count outside strings could trip on.
TEXT = st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from('"\\[]{}'))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=20,
)


def depth(value: Any) -> int:
    """How many arrays and objects nest at the deepest point of a value."""
    children = value.values() if isinstance(value, dict) else value
    if not isinstance(value, dict | list):
        return 0
    return 1 + max((depth(child) for child in children), default=0)


def body(value: Any) -> bytes:
    """An event body carrying `value` under a member the event does not read."""
    return json.dumps({"extra": value}).encode()


@given(JSON_VALUES, st.integers(min_value=0, max_value=2 * MAX_DEPTH))
def test_nesting_is_refused_exactly_past_the_bound(value: Any, wraps: int) -> None:
    for _ in range(wraps):
        value = [value]
    if depth(value) + 1 <= MAX_DEPTH:
        parse_event(body(value))  # an event that ignores what it does not read
    else:
        with pytest.raises(BadEvent, match=f"nests deeper than {MAX_DEPTH} levels"):
            parse_event(body(value))


@given(JSON_VALUES, st.characters(categories=["Cs"]))
def test_a_lone_surrogate_anywhere_is_refused(value: Any, surrogate: str) -> None:
    with pytest.raises(BadEvent, match="body is not JSON"):
        parse_event(body([value, {surrogate: 1}]))
    with pytest.raises(BadEvent, match="body is not JSON"):
        parse_event(body([value, f"text {surrogate} text"]))


@pytest.mark.parametrize("levels", [1_000, 100_000])
def test_deep_nesting_is_refused_before_parsing(levels: int) -> None:
    with pytest.raises(BadEvent, match="nests deeper"):
        parse_event(b"[" * levels + b"]" * levels)


def test_brackets_and_escaped_quotes_inside_strings_do_not_count() -> None:
    text = '\\"' + "[{" * 100  # a backslash, a quote, then 200 opening brackets
    event = parse_event(_event(parameters={"leadId": text}))
    assert event.parameters["leadId"] == text


def test_an_escaped_surrogate_pair_is_one_character() -> None:
    event = parse_event(rb'{"commonEventObject": {"parameters": {"name": "Ada \ud83d\ude00"}}}')
    assert event.parameters["name"] == "Ada \U0001f600"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "body is empty"),
        (b"null", "body must be a JSON object"),
        (b'{"a": 1', "body is not JSON: EOF while parsing"),
    ],
)
def test_short_reasons(raw: bytes, reason: str) -> None:
    with pytest.raises(BadEvent, match=reason):
        parse_event(raw)


@pytest.mark.parametrize("ms", [10**20, -(10**20)])
def test_a_date_no_calendar_holds_is_refused(ms: int) -> None:
    with pytest.raises(BadEvent, match="msSinceEpoch"):
        parse_event(_event(formInputs={"due": {"dateInput": {"msSinceEpoch": ms}}}))


def test_the_last_representable_date_is_read() -> None:
    last_ms = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z
    event = parse_event(_event(formInputs={"due": {"dateInput": {"msSinceEpoch": last_ms}}}))
    assert event.date("due") == dt.date(9999, 12, 31)


def _event(**common: Any) -> bytes:
    return json.dumps({"commonEventObject": common}).encode()
