"""Display formatting: Close's ``value_formatted`` money text, and plain text <-> simple HTML."""

from __future__ import annotations

import html
import re

from sandbox.close.org import CURRENCY_SYMBOLS

PERIODS = ("one_time", "monthly", "annual")
_PERIOD_SUFFIX = {"one_time": "", "monthly": " monthly", "annual": " annually"}
_PERIODS_PER_YEAR = {"one_time": 1, "monthly": 12, "annual": 1}


def format_money(cents: int, currency: str, period: str = "one_time") -> str:
    """Format cents as Close shows them, e.g. 50000 USD monthly -> "$500 monthly"."""
    amount = cents / 100
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    shown = f"{symbol}{text}" if symbol else f"{currency} {text}"
    return shown + _PERIOD_SUFFIX.get(period, "")


def annualized(cents: int, period: str) -> int:
    """Return the yearly value of a one-time, monthly or annual amount."""
    return cents * _PERIODS_PER_YEAR.get(period, 1)


def expected(cents: int, confidence: int) -> int:
    """Return the value weighted by the confidence percentage."""
    return round(cents * confidence / 100)


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    """Strip tags from HTML, keeping paragraph breaks as newlines."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", markup))
    lines = [line.strip() for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


def text_to_html(text: str) -> str:
    """Wrap each line of plain text in an escaped ``<p>``."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


def preview(text: str, size: int = 150) -> str:
    """Return the first ``size`` characters of text on one line (an email's body_preview)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"
