"""Dates, times, money, durations and phones in the user's time zone and locale, as text.

Gmail sends the user's locale and time zone with each event (with `useLocaleFromApp`).
Close dates are UTC; a salesperson reads them in their own zone. US English writes the
month first and uses a 12-hour clock; other locales get day-first and 24 hours. Phone
numbers of the user's own country (en-GB: the UK) are written the national way, others
the international way, as phonenumbers lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, country_code_for_region

# Other currencies are written with their code, as "CHF 12".
CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CAD": "CA$",
    "AUD": "A$",
    "INR": "₹",
    "BRL": "R$",
    "NZD": "NZ$",
}
ZERO_DECIMAL = {"JPY", "KRW"}


@dataclass(frozen=True)
class Formatter:
    """Formatting rules for one user at one moment."""

    tz: dt.tzinfo
    month_first: bool
    clock_12h: bool
    now: dt.datetime
    region: str | None = None  # the user's country, from their locale (en-GB: GB)

    @classmethod
    def for_user(cls, tz_id: str, locale: str, now: dt.datetime | None = None) -> Formatter:
        """Build a formatter from the event's time zone id and locale."""
        try:
            tz: dt.tzinfo = ZoneInfo(tz_id)
        except (ZoneInfoNotFoundError, ValueError):
            tz = dt.UTC
        us = locale.replace("_", "-").lower() in {"en-us", "en"}
        moment = (now or dt.datetime.now(dt.UTC)).astimezone(tz)
        return cls(
            tz=tz,
            month_first=us,
            clock_12h=us or locale.lower().startswith("en-ph"),
            now=moment,
            region=locale_region(locale),
        )

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def day(self, value: dt.date) -> str:
        """Return 'Today', 'Tomorrow', 'Yesterday', or a short date (year when not this one)."""
        delta = (value - self.today).days
        named = {0: "Today", 1: "Tomorrow", -1: "Yesterday"}
        if delta in named:
            return named[delta]
        month = value.strftime("%b")
        text = f"{month} {value.day}" if self.month_first else f"{value.day} {month}"
        return text if value.year == self.today.year else f"{text}, {value.year}"

    def when(self, value: dt.datetime) -> str:
        """Return a short date and time in the user's zone (naive means UTC, as Close means)."""
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        local = aware.astimezone(self.tz)
        return f"{self.day(local.date())}, {self.time(local.time())}"

    def time(self, value: dt.time) -> str:
        """Return a clock time."""
        if self.clock_12h:
            hour = value.hour % 12 or 12
            return f"{hour}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}"
        return f"{value.hour:02d}:{value.minute:02d}"

    def is_overdue(self, value: dt.date) -> bool:
        """Tell whether a due date has passed in the user's zone."""
        return value < self.today

    def phone(self, number: str, *, shown: str | None = None) -> str:
        """Return a phone number: national if it is of the user's country, else international.

        A number phonenumbers cannot read is shown as Close has it (`shown`, else as stored).
        """
        try:
            parsed = phonenumbers.parse(number, self.region)
        except NumberParseException:
            return shown or number
        if not phonenumbers.is_possible_number(parsed):
            return shown or number
        region = self.region
        home = region is not None and parsed.country_code == country_code_for_region(region)
        style = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
        return phonenumbers.format_number(parsed, style)


def locale_region(locale: str) -> str | None:
    """Return the country of a locale like en-GB or zh_Hant_TW, if it names one we know."""
    parts = locale.replace("_", "-").split("-")[1:]
    region = next((p.upper() for p in parts if len(p) == 2 and p.isalpha()), None)
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


def money(cents: int | None, currency: str | None, *, formatted: str | None = None) -> str:
    """Return an amount; Close's own `value_formatted` wins when present."""
    if formatted:
        return formatted
    if cents is None:
        return ""
    code = (currency or "USD").upper()
    symbol = CURRENCY_SYMBOLS.get(code, f"{code} ")
    if code in ZERO_DECIMAL:
        return f"{symbol}{cents:,}"
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    amount = f"{whole:,}" if rest == 0 else f"{whole:,}.{rest:02d}"
    return f"{sign}{symbol}{amount}"


def duration(seconds: int | float | None) -> str:
    """Return a call length like '4 min 12 s'."""
    if not seconds:
        return "0 s"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    # A round figure reads without its zero part: "17 min", not "17 min 0 s".
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


# Characters of free text (a description, a task, an activity) on one line of a card; the
# rest is a tap away: the field's edit card, the activity opened, the task in Close.
LINE = 200
TOAST = 150  # a confirmation toast, one or two lines at the foot of the sidebar


def shorten(text: str | None, limit: int = LINE) -> str:
    """Return text cut at a word boundary with an ellipsis, whitespace folded.

    The one rule for long text wherever it is shown in part: lists, toasts, labels.
    """
    folded = " ".join((text or "").split())
    if len(folded) <= limit:
        return folded
    return folded[: limit - 1].rsplit(" ", 1)[0] + "…"


def cut_keeping_lines(text: str, limit: int) -> str:
    """Return text cut to `limit` characters with an ellipsis, its line breaks kept.

    For text shown whole on a card of its own (a comment, a template's body).
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
