"""Address headers: RFC 2047 names, quoting, groups, junk entries and duplicates."""

from __future__ import annotations

import pytest

from addon.gmail import Address, recipients_from_compose
from addon.gmail.addresses import decode_words, parse_addresses


@pytest.mark.parametrize(
    ("header", "name", "email"),
    [
        ("=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <j@kunde.de>", "Jürgen Müller", "j@kunde.de"),
        ("=?UTF-8?Q?Ren=C3=A9_Dupont?= <r@client.fr>", "René Dupont", "r@client.fr"),
        (
            "=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>",
            "André Pirard",
            "pirard@vm1.ulg.ac.be",
        ),
        ("=?utf-8?b?SsO8cmdlbg==?= =?utf-8?q?_M=C3=BCller?= <jm@x.de>", "Jürgen Müller", "jm@x.de"),
        ('"=?UTF-8?B?SsO8cmdlbg==?=" <j@x.de>', "Jürgen", "j@x.de"),
        ('"Doe, John" <john@acme.com>', "Doe, John", "john@acme.com"),
        ('Pat "The Rock" Smith <p@acme.com>', "Pat The Rock Smith", "p@acme.com"),
        ("'Jane Doe' <jane@acme.com>", "Jane Doe", "jane@acme.com"),
        ("O'Brien <ob@acme.ie>", "O'Brien", "ob@acme.ie"),
        ("Jürgen  Müller <jm@x.de>", "Jürgen Müller", "jm@x.de"),
        ('"ada@acme.com" <ADA@acme.com>', "", "ada@acme.com"),
        ("  <Ada@ACME.com >  ", "", "ada@acme.com"),
    ],
)
def test_display_names_are_decoded(header: str, name: str, email: str) -> None:
    assert parse_addresses(header) == (Address(email, name),)


@pytest.mark.parametrize(
    ("header", "raw_name"),
    [
        ("=?UTF-8?B?broken!!?= <b@acme.com>", "=?UTF-8?B?broken!!?="),
        ("=?x-unknown?Q?abc?= <u@acme.com>", "=?x-unknown?Q?abc?="),
        ("=?UTF-8?B?/w==?= <ff@acme.com>", "=?UTF-8?B?/w==?="),
    ],
)
def test_broken_encodings_fall_back_to_the_raw_name(header: str, raw_name: str) -> None:
    (address,) = parse_addresses(header)

    assert address.name == raw_name
    assert "@acme.com" in address.email


def test_mixed_raw_and_encoded_words_decode() -> None:
    assert decode_words("Jürgen =?utf-8?q?M=C3=BCller?=") == "Jürgen Müller"
    assert decode_words("Re: =?UTF-8?B?w4RwZmVs?= und Birnen") == "Re: Äpfel und Birnen"
    assert decode_words("plain \u2013 already decoded") == "plain \u2013 already decoded"


@pytest.mark.parametrize(
    "header",
    [
        '"Pat <pat@acme.com>, Bo <bo@acme.com>',  # quote opened, never closed
        'Pat" <pat@acme.com>, Bo <bo@acme.com>',  # quote closed, never opened
    ],
)
def test_stray_quotes_keep_every_address(header: str) -> None:
    assert parse_addresses(header) == (Address("pat@acme.com", "Pat"), Address("bo@acme.com", "Bo"))


def test_group_syntax() -> None:
    assert parse_addresses("undisclosed-recipients:;") == ()
    assert [a.email for a in parse_addresses("Team: a@acme.com, b@acme.com;, c@x.io")] == [
        "a@acme.com",
        "b@acme.com",
        "c@x.io",
    ]


@pytest.mark.parametrize(
    "header", [None, "", "   ", "not an address", "foo@", "<>", "a@localhost", "@acme.com"]
)
def test_entries_without_a_valid_address_are_dropped(header: str | None) -> None:
    assert parse_addresses(header) == ()


def test_junk_between_valid_addresses_is_skipped() -> None:
    header = "Ada <ada@acme.com>, , nobody, Bo <bo@x.io>"

    assert [a.email for a in parse_addresses(header)] == ["ada@acme.com", "bo@x.io"]


def test_duplicates_collapse_case_insensitively_keeping_position_and_a_name() -> None:
    header = "ADA@Acme.com, Bo <bo@x.io>, Ada Lovelace <ada@acme.com>, bo@X.IO"

    assert parse_addresses(header) == (
        Address("ada@acme.com", "Ada Lovelace"),
        Address("bo@x.io", "Bo"),
    )


def test_address_normalises_itself_and_displays_a_fallback() -> None:
    address = Address("  Ada@ACME.com ", "  Ada \n Lovelace ")

    assert address == Address("ada@acme.com", "Ada Lovelace")
    assert address.display == "Ada Lovelace"
    assert Address("bo@x.io").display == "bo@x.io"


def test_compose_recipients_keep_order_names_and_drop_repeats() -> None:
    recipients = recipients_from_compose(
        to=["Ada Lovelace <ada@acme.com>", "bo@x.io"],
        cc=["BO@x.io", '"Doe, John" <john@acme.com>'],
        bcc=["", "not an address", "cy@y.org"],
    )

    assert recipients == (
        Address("ada@acme.com", "Ada Lovelace"),
        Address("bo@x.io"),
        Address("john@acme.com", "Doe, John"),
        Address("cy@y.org"),
    )
