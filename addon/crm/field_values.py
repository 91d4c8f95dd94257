"""Field values: what the user typed, parsed for Close, and what Close holds, shown back.

Everything here is pure, so the rules are tested on their own: numbers and money as the
user writes them in their locale (Babel reads "80,000.50" in en-US and "80.000,50" in
de-DE), money into cents, percentages, web addresses, email addresses (checked by
email-validator), phone numbers (read by phonenumbers, written as E.164), and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, format_decimal
from babel.numbers import parse_decimal as babel_decimal
from email_validator import EmailNotValidError, validate_email
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

NOT_SET = "Not set"
ZERO_DECIMAL = {"JPY", "KRW"}
DEFAULT_LOCALE = "en-US"

# Close's and the form's own way to write a number (1200.5), understood in every locale.
_PLAIN = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")
# Digits and the marks locales group and split them with; Babel would take "NaN" or "1E5".
_NUMERIC = re.compile(r"[-+]?[\d.,'’]+")
_CURRENCY = re.compile(
    r"^[A-Za-z]{3}\s*(?=[-+\d.,$€£¥₹])|(?<=[\d.,])\s*[A-Za-z]{3}$|(?:[A-Z]{1,2})?\$|[€£¥₹]"
)
# "80k", "1.5m", "80 K": thousands and millions, as salespeople write deal sizes.
_SCALED = re.compile(r"(?P<number>.*[\d.,])\s*(?P<scale>[km])", re.IGNORECASE)
_SCALES = {"k": 1_000, "m": 1_000_000}
_PHONE = re.compile(r"\+?[\d\s().\-/]+((\s*(x|ext\.?)\s*)\d+)?", re.IGNORECASE)


class FieldInvalid(ValueError):
    """A value the user has to correct; the message is shown next to the field."""


def parse_number(text: str, locale: str = DEFAULT_LOCALE) -> int | float | None:
    """Return a number typed as the user's locale writes it, or plainly (None when empty).

    In en-US 1,200 and 1 200 are twelve hundred and 12.5 is twelve and a half; in de-DE
    they are written 1.200 and 12,5. The plain 1200.5 (how forms are prefilled) is read
    in every locale where it cannot mean something else.
    """
    number = _decimal(text, locale, f"Enter a number, like {grouped(1200, locale)}.")
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def parse_money(text: str, currency: str | None, locale: str = DEFAULT_LOCALE) -> int | None:
    """Return an amount in Close's minor units (cents), from '$72,000' or '72.000,50 €'.

    A k or m after the number scales it: '80k' is 80,000 and '1.5m' (1,5m in de-DE) is
    1,500,000.
    """
    bare = _CURRENCY.sub("", text.strip()).strip()
    examples = f"{grouped(72000, locale)} or {grouped(Decimal('72000.50'), locale, '0.00')}"
    problem = f"Enter an amount, like {examples} or 80k."
    scale = 1
    if scaled := _SCALED.fullmatch(bare):
        bare, scale = scaled["number"], _SCALES[scaled["scale"].lower()]
    exact = _decimal(bare, locale, problem)
    if exact is None:
        return None
    exact *= scale
    if exact < 0:
        raise FieldInvalid("Enter an amount of 0 or more.")
    if (currency or "USD").upper() in ZERO_DECIMAL:
        if exact != exact.to_integral_value():
            raise FieldInvalid("This currency has no decimals.")
        return int(exact)
    cents = exact * 100
    if cents != cents.to_integral_value():
        raise FieldInvalid("Enter at most two decimals.")
    return int(cents)


def _decimal(text: str, locale: str, problem: str) -> Decimal | None:
    # Spaces group thousands in many locales (1 200, 1\u202f200); they never split decimals.
    compact = "".join(text.split())
    if not compact:
        return None
    if not _NUMERIC.fullmatch(compact):
        raise FieldInvalid(problem)
    try:
        # strict: "1,20" or "1.2.3" is a typo to show, not a number to guess.
        return babel_decimal(compact, locale=_babel_locale(locale), strict=True)
    except NumberFormatError:
        if _PLAIN.fullmatch(compact):
            return Decimal(compact)
        raise FieldInvalid(problem) from None


def grouped(number: int | Decimal, locale: str, decimals: str = "0.##") -> str:
    """Return a number as the user's locale writes it, with thousands separators.

    For examples in hints: "e.g. 72,000" would read as 72 to a German user.
    """
    return format_decimal(number, format=f"#,##{decimals}", locale=_babel_locale(locale))


@lru_cache(maxsize=64)  # a few locales per deployment; bounded whatever events say
def _babel_locale(tag: str) -> Locale:
    """Return Babel's locale for a tag like en-US or de_DE; US English when it knows none."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LOCALE.replace("-", "_"))


def parse_percent(text: str) -> int | None:
    """Return a whole percentage from 0 to 100 ('80' or '80%'); None when empty."""
    bare = text.strip().removesuffix("%").strip()
    if not bare:
        return None
    if not bare.isdigit() or int(bare) > 100:
        raise FieldInvalid("Enter a whole number from 0 to 100.")
    return int(bare)


def parse_url(text: str) -> str:
    """Return a web address, adding https:// when no scheme was typed ('' clears it)."""
    url = text.strip()
    if not url:
        return ""
    if any(c.isspace() for c in url):
        raise FieldInvalid("Enter a web address without spaces, like acme.com.")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
        raise FieldInvalid("Enter a web address, like acme.com or https://acme.com/about.")
    return url


def parse_email(text: str) -> str:
    """Return an email address as typed, if email-validator finds it well formed.

    Letters beyond ASCII before the @ ("marcus🙂@bell.com") are refused as the typos they
    almost always are: most mail servers would bounce them. A domain in another script
    (jane@bücher.de) is accepted, as Close and Gmail take it.
    """
    address = text.strip()
    if "@" not in address:
        raise FieldInvalid("Enter an email address, like jane@acme.com.")
    local = address.rpartition("@")[0]
    if odd := next((c for c in local if not c.isascii()), None):
        raise FieldInvalid(f"An email address cannot have “{odd}” before the @.")
    try:
        validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise FieldInvalid(f"Check this email address: {exc}") from None
    return address


def parse_phone(text: str, region: str | None = None) -> str:
    """Return a phone number in E.164 (+442079460958) when it is a valid one, else as typed.

    A number without its country code is read as one of `region` (the user's country).
    One phonenumbers finds too short or too long there, or with a country code no country
    has, is refused with the reason: a digit was dropped or doubled. What it cannot judge
    (no country to read it in), is not sure of, or that has an extension goes as typed
    and Close formats it.
    """
    number = text.strip()
    digits = sum(c.isdigit() for c in number)
    if not _PHONE.fullmatch(number) or not 4 <= digits <= 20:
        raise FieldInvalid("Enter a phone number, like +1 415 555 0100.")
    try:
        parsed = phonenumbers.parse(number, region)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE and "+" in number:
            raise FieldInvalid("Check the country code after the +.") from None
        return number
    if problem := _PHONE_PROBLEMS.get(phonenumbers.is_possible_number_with_reason(parsed)):
        raise FieldInvalid(problem.format(code=parsed.country_code))
    if parsed.extension or not phonenumbers.is_valid_number(parsed):
        return number
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


_PHONE_PROBLEMS = {
    ValidationResult.TOO_SHORT: "Too short for a +{code} number: check for a missing digit.",
    ValidationResult.TOO_LONG: (
        "Too long for a +{code} number: check the digits, or start with + and the country code."
    ),
    ValidationResult.INVALID_LENGTH: "Not the length of a +{code} number: check the digits.",
    ValidationResult.INVALID_COUNTRY_CODE: "Check the country code after the +.",
}


def parse_date(text: str) -> str | None:
    """Return an ISO date (YYYY-MM-DD) from a picker's value, or None when cleared."""
    if not text:
        return None
    if (day := _day(text)) is None:
        raise FieldInvalid("Pick a date.")
    return day.isoformat()


def parse_datetime(text: str) -> str | None:
    """Return an ISO instant in UTC from a picker's value, or None when cleared."""
    if not text:
        return None
    if (moment := _instant(text)) is None:
        raise FieldInvalid("Pick a date and time.")
    return moment.isoformat()


def plain_number(value: Any, locale: str = DEFAULT_LOCALE) -> str:
    """Return a number for a text input, no separators: 1200 or 12.5 (12,5 in de-DE)."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return format_decimal(number, format="0.##########", locale=_babel_locale(locale))


def plain_money(cents: Any, currency: str | None, locale: str = DEFAULT_LOCALE) -> str:
    """Return an amount in major units for a text input: 72000 or 72000.50 (72000,50)."""
    if cents is None or isinstance(cents, bool) or not isinstance(cents, int | float):
        return ""
    if (currency or "USD").upper() in ZERO_DECIMAL:
        return str(int(cents))
    whole, rest = divmod(int(cents), 100)
    if rest == 0:
        return f"{whole}"
    return format_decimal(Decimal(int(cents)) / 100, format="0.00", locale=_babel_locale(locale))


def show_number(value: Any) -> str:
    """Return a number with thousands separators: 1,200 or 12.5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    return f"{int(value):,}"


def show_date(value: Any) -> str:
    """Return a date as 'Jun 30, 2026' (it may be read days later, so never 'Tomorrow')."""
    day = _day(value)
    return f"{day:%b} {day.day}, {day.year}" if day else str(value)


def show_datetime(value: Any) -> str:
    """Return an instant as 'Jun 30, 2026, 14:00 UTC'."""
    utc = _instant(value)
    return f"{show_date(utc.date())}, {utc:%H:%M} UTC" if utc else str(value)


def date_ms(value: Any) -> int | None:
    """Return a date as midnight UTC in milliseconds, as a DATE_ONLY picker wants it."""
    if (day := _day(value)) is None:
        return None
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def datetime_ms(value: Any) -> int | None:
    """Return an instant in milliseconds, as a DATE_AND_TIME picker wants it."""
    moment = _instant(value)
    return int(moment.timestamp() * 1000) if moment else None


def to_cents(text: str, currency: str, locale: str = DEFAULT_LOCALE) -> int | None:
    """Return an amount in Close's cents, or None when it is not one (see `parse_money`)."""
    try:
        return parse_money(text, currency, locale)
    except FieldInvalid:
        return None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _instant(value: Any) -> dt.datetime | None:
    # An instant that names no time zone (a picker's, some of Close's) is in UTC.
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
