"""Opportunity money: cents, currency symbols and Close's ``value_formatted`` text."""

from __future__ import annotations

from addon.sandbox.close.org import CURRENCY_SYMBOLS

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
