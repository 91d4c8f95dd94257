"""Phone numbers as the user writes them: their own country's the national way, others
the international way."""

from __future__ import annotations

import datetime as dt

import pytest

from addon.close.models import Task
from addon.screens.home import home_card
from addon.store import UserSettings
from addon.ui.format import TOAST, Formatter, cut_keeping_lines, duration, locale_region
from addon.ui.responses import Intent, notify, pop
from tests.cardcheck import card_text

NOW = dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC)


def fmt(locale: str) -> Formatter:
    return Formatter.for_user("Europe/London", locale, now=NOW)


@pytest.mark.parametrize(
    ("locale", "number", "shown"),
    [
        # A US salesperson: US numbers the US way, the rest with their country code.
        ("en-US", "+14155550100", "(415) 555-0100"),
        ("en-US", "+442079460958", "+44 20 7946 0958"),
        ("en-US", "+33142685300", "+33 1 42 68 53 00"),
        # A UK salesperson: the other way round.
        ("en-GB", "+442079460958", "020 7946 0958"),
        ("en-GB", "+14155550100", "+1 415-555-0100"),
        ("de_DE", "+4930123456", "030 123456"),
        # A locale naming no country: every number with its country code.
        ("en", "+14155550100", "+1 415-555-0100"),
        ("fr", "+442079460958", "+44 20 7946 0958"),
        ("en-US", "+1 415 555 0100 ext. 12", "(415) 555-0100 ext. 12"),
    ],
)
def test_phones_are_national_at_home_and_international_abroad(
    locale: str, number: str, shown: str
) -> None:
    assert fmt(locale).phone(number) == shown


def test_a_number_phonenumbers_cannot_read_is_shown_as_close_has_it() -> None:
    assert fmt("en-US").phone("ext. 12", shown="ext 12") == "ext 12"
    assert fmt("en-US").phone("12") == "12"
    assert fmt("en").phone("415 555 0100", shown="+1 415-555-0100") == "+1 415-555-0100"


@pytest.mark.parametrize(
    ("locale", "region"),
    [("en-US", "US"), ("en_GB", "GB"), ("zh-Hant-TW", "TW"), ("en", None), ("", None)],
)
def test_the_users_country_comes_from_their_locale(locale: str, region: str | None) -> None:
    assert locale_region(locale) == region


def test_toasts_are_cut_short_wherever_they_are_made() -> None:
    long = "Pilot notes " * 500
    for intent in (notify(long), Intent().with_notification(long), pop().then(notify(long))):
        assert intent.notification is not None
        assert len(intent.notification) <= TOAST and intent.notification.endswith("…")
    assert notify("Note added").notification == "Note added"


def test_long_task_titles_are_cut_in_the_homepage_list_like_notes() -> None:
    fmt = Formatter.for_user("UTC", "en-US", dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    task = Task(id="task_1", lead_id="lead_1", text="Call " * 1000, date=dt.date(2026, 6, 1))
    shown = card_text(home_card(UserSettings(user_id="sub-ann"), (task,), fmt))
    assert "Call Call" in shown and len(shown) < 400


def test_text_shown_whole_is_cut_with_its_line_breaks_kept() -> None:
    assert cut_keeping_lines("one\ntwo", 10) == "one\ntwo"
    assert cut_keeping_lines("one\ntwo three", 9) == "one\ntwo…"
    assert len(cut_keeping_lines("x" * 50, 10)) == 10


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "0 s"),
        (42, "42 s"),
        (252, "4 min 12 s"),
        (1020, "17 min"),
        (3600, "1 h"),
        (5400, "1 h 30 min"),
    ],
)
def test_call_lengths_leave_out_zero_parts(seconds: int | None, shown: str) -> None:
    assert duration(seconds) == shown
