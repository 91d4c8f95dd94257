"""Time helpers: Close-style timestamps, and "today" as seen through the caller's X-TZ-Offset."""

from __future__ import annotations

import email.utils
from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Format a datetime the way Close does: microseconds and an explicit +00:00 offset."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def now_iso() -> str:
    """Return the current time as a Close timestamp string."""
    return iso(utcnow())


def parse_tz_offset(raw: str | None) -> float:
    """Parse an X-TZ-Offset header (hours, may be fractional); bad values mean UTC."""
    try:
        offset = float(raw or 0)
    except ValueError:
        return 0.0
    # Real offsets lie within -12..+14 hours; anything else is noise, not a timezone.
    return offset if -12 <= offset <= 14 else 0.0


def today(tz_offset_hours: float = 0.0) -> date:
    """Return today's date in the caller's timezone (Close honours X-TZ-Offset for this)."""
    return (utcnow() + timedelta(hours=tz_offset_hours)).date()


def parse_when(value: object) -> datetime | None:
    """Parse a date or datetime string into an aware UTC datetime; None when unparseable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    # Naive values (date-only or without offset) are UTC, as Close's newer objects imply.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_date(value: object) -> bool:
    """Tell whether a value is a plain YYYY-MM-DD date string."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def rfc2822(moment: datetime) -> str:
    """Format a datetime as an RFC 2822 mail date, as in an email activity's envelope."""
    return email.utils.format_datetime(moment.astimezone(UTC))
