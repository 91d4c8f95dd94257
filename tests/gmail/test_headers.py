"""MessageHeaders from a metadata reply: names, subject, date and automated-mail signals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from addon.gmail import Address, GmailUnavailable
from addon.gmail.headers import headers_from_message, parse_date

from .fakes import message


def test_realistic_payload() -> None:
    headers = headers_from_message(message(), "ignored-when-the-reply-has-an-id")

    assert headers.message_id == "18f2c0a1b2c3d4e5"
    assert headers.thread_id == "18f2c0a1b2c3d4e0"
    assert headers.sender == Address("juergen.mueller@kunde.de", "Jürgen Müller")
    assert headers.to == (
        Address("sam@ourco.com", "Sam Seller"),
        Address("john@partner.io", "Doe, John"),
    )
    assert headers.cc == (Address("rene@client.fr", "René"),)
    assert headers.reply_to == (Address("juergen@kunde.de", "Jürgen"),)
    assert headers.subject == "Angebot für Q3 \u2013 Verlängerung"
    assert headers.date == datetime(2024, 6, 4, 7, 15, tzinfo=UTC)
    assert headers.date is not None and headers.date.utcoffset() == timedelta(hours=2)
    assert headers.rfc_message_id == "<CAF=abc123@mail.gmail.com>"
    assert (headers.list_id, headers.list_unsubscribe) == (None, None)
    assert (headers.precedence, headers.auto_submitted) == (None, None)


def test_header_names_are_case_insensitive_and_signals_are_read() -> None:
    raw = [
        ("FROM", "GitHub <notifications@github.com>"),
        ("CC", "a@x.io"),
        ("reply-to", "reply+AB12@reply.github.com"),
        ("Message-Id", "<abc@github.com>"),
        ("LIST-ID", "acme/widgets <widgets.acme.github.com>"),
        ("List-Unsubscribe", "<mailto:unsub@github.com>,\r\n <https://github.com/unsub>"),
        ("Precedence", "list"),
        ("Auto-Submitted", "auto-generated"),
    ]

    headers = headers_from_message(message(raw), "m1")

    assert headers.sender == Address("notifications@github.com", "GitHub")
    assert [a.email for a in headers.cc] == ["a@x.io"]
    assert [a.email for a in headers.reply_to] == ["reply+ab12@reply.github.com"]
    assert headers.rfc_message_id == "<abc@github.com>"
    assert headers.list_id == "acme/widgets <widgets.acme.github.com>"
    assert headers.list_unsubscribe == "<mailto:unsub@github.com>, <https://github.com/unsub>"
    assert (headers.precedence, headers.auto_submitted) == ("list", "auto-generated")


def test_repeated_address_headers_are_joined_and_single_ones_keep_the_first() -> None:
    raw = [("To", "a@x.io"), ("Subject", "first"), ("To", "b@y.io, a@x.io"), ("Subject", "2nd")]

    headers = headers_from_message(message(raw), "m1")

    assert [a.email for a in headers.to] == ["a@x.io", "b@y.io"]
    assert headers.subject == "first"


def test_missing_headers_give_empty_values() -> None:
    data = message([])
    del data["id"], data["threadId"]

    headers = headers_from_message(data, "m-requested")

    assert headers.message_id == "m-requested"
    assert headers.thread_id == ""
    assert headers.sender is None
    assert headers.to == headers.cc == headers.reply_to == ()
    assert (headers.subject, headers.date, headers.rfc_message_id) == ("", None, None)


def test_malformed_header_entries_are_skipped() -> None:
    data = message([("From", "ada@acme.com")])
    data["payload"]["headers"] += [None, {"name": 7, "value": "x"}, {"name": "To", "value": None}]

    headers = headers_from_message(data, "m1")

    assert headers.sender == Address("ada@acme.com")
    assert headers.to == ()


@pytest.mark.parametrize("data", [{}, {"payload": None}, {"payload": {"headers": "From: x"}}])
def test_a_reply_without_a_header_list_is_unreadable(data: dict[str, object]) -> None:
    with pytest.raises(GmailUnavailable):
        headers_from_message(data, "m1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Tue, 4 Jun 2024 09:15:00 +0200",
            datetime(2024, 6, 4, 9, 15, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("4 Jun 2024 09:15:00 GMT", datetime(2024, 6, 4, 9, 15, tzinfo=UTC)),
        ("Tue, 4 Jun 2024 09:15:00 -0000", datetime(2024, 6, 4, 9, 15, tzinfo=UTC)),
        ("Tue, 4 Jun 2024 09:15:00 +0530 (IST)", datetime(2024, 6, 4, 3, 45, tzinfo=UTC)),
        ("yesterday, after lunch", None),
        ("Tue, 31 Feb 2024 09:15:00 +0000", None),
        ("Tue, 4 Jun 99999 09:15:00 +0000", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_aware_or_none(value: str | None, expected: datetime | None) -> None:
    parsed = parse_date(value)

    assert parsed == expected
    assert parsed is None or parsed.tzinfo is not None
