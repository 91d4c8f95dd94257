"""Helpers for the edit tests: a lead of the test's own, its lines, and their edit cards.

Each test makes its own lead through the emulator's API (with the demo key) and deletes it
afterwards, so it neither depends on nor disturbs what other tests read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.addon_client import action_of
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of

_numbers = itertools.count(1)


def field_id(live: Live, name: str) -> str:
    """Return a custom field's id by name."""
    with live.sandbox.close.lock:
        fields = live.sandbox.close.custom_fields.values()
        return str(next(f["id"] for f in fields if f["name"] == name))


def status_id(live: Live, label: str, *, kind: str = "lead") -> str:
    """Return a lead (or opportunity) status id by label."""
    state = live.sandbox.close
    with state.lock:
        table = state.lead_statuses if kind == "lead" else state.opportunity_statuses
        return str(next(s["id"] for s in table.values() if s["label"] == label))


def user_id(live: Live, email: str) -> str:
    """Return a Close user's id by email."""
    with live.sandbox.close.lock:
        users = live.sandbox.close.users.values()
        return str(next(u["id"] for u in users if u["email"] == email))


def make_lead(live: Live, **extra: Any) -> dict[str, Any]:
    """Create a lead with one contact (two emails, one phone); return Close's answer."""
    tag = f"{next(_numbers)}{uuid.uuid4().hex[:6]}"
    contact = {
        "name": "Robin Vale",
        "title": "CFO",
        "emails": [
            {"email": f"robin.{tag}@vale-{tag}.example", "type": "office"},
            {"email": f"rv.{tag}@home-{tag}.example", "type": "home"},
        ],
        "phones": [{"phone": "+1 415 555 0100", "type": "office"}],
    }
    body = {"name": f"Vale {tag} Ltd", "url": "https://vale.example", "contacts": [contact]}
    return dict(api(live, "POST", "lead/", body | extra))


def lead_in_close(live: Live, lead_id: str) -> dict[str, Any]:
    """Return what the emulator holds for a lead."""
    return dict(api(live, "GET", f"lead/{lead_id}/"))


def open_lead(gmail: Browser, live: Live, lead_id: str) -> dict[str, Any]:
    """Open a lead's record card (as from search); return it, call counts reset."""
    card = card_of(gmail.click("open_lead", params={"lead_id": lead_id}))
    assert card["name"] == "record", card_text(card)
    live.reset_stats()
    return card


def lines(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every decorated line of a card."""
    return [
        w["decoratedText"] for s in card["sections"] for w in s["widgets"] if "decoratedText" in w
    ]


def line(card: dict[str, Any], top: str, *, text: str | None = None) -> dict[str, Any]:
    """Return the line with this top label (and text containing `text`)."""
    found = [
        d
        for d in lines(card)
        if d.get("topLabel") == top and (text is None or text in d.get("text", ""))
    ]
    assert found, f"no line {top!r} {text or ''} in:\n{card_text(card)}"
    return found[0]


def tap(gmail: Browser, target: dict[str, Any]) -> dict[str, Any]:
    """Tap a line (or press a button) and return the card it pushes."""
    name, params = action_of(target)
    return card_of(gmail.click(name, params=params))


def save(
    gmail: Browser,
    edit: dict[str, Any],
    *,
    dates: dict[str, dt.date | None] | None = None,
    **form: Any,
) -> dict[str, Any]:
    """Press Save on an edit card with these inputs; return the response."""
    primary = edit["fixedFooter"]["primaryButton"]
    assert primary["text"] == "Save"
    name, params = action_of(primary)
    with date_inputs(gmail.live, dates or {}):
        return gmail.click(name, params=params, form=form or None)


@contextmanager
def date_inputs(live: Live, dates: dict[str, dt.date | None]) -> Iterator[None]:
    """Send date pickers' values ({"dateInput": …}) with the next events, as Gmail does."""
    if not dates:
        yield
        return
    original = live.http.post

    def post(url: str, *args: Any, json: Any = None, **kwargs: Any) -> Any:
        if isinstance(json, dict) and "commonEventObject" in json:
            inputs = json["commonEventObject"].setdefault("formInputs", {})
            for name, day in dates.items():
                if day is not None:
                    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
                    ms = str(int(moment.timestamp() * 1000))
                    inputs[name] = {"dateInput": {"msSinceEpoch": ms}}
        return original(url, *args, json=json, **kwargs)  # type: ignore[misc]

    live.http.post = post  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        del live.http.post  # back to the session's own method


def navigations(body: dict[str, Any]) -> list[str]:
    """Return the kinds of navigation a response makes, in order."""
    return [next(iter(n)) for n in body["renderActions"]["action"].get("navigations", [])]


def updated_card(body: dict[str, Any]) -> dict[str, Any]:
    """Return the card a response updates."""
    for navigation in body["renderActions"]["action"]["navigations"]:
        if "updateCard" in navigation:
            return navigation["updateCard"]  # type: ignore[no-any-return]
    raise AssertionError(f"no updateCard in {body}")


def puts(live: Live) -> dict[str, int]:
    """Return the PUT call counts since the last reset."""
    return {k: v for k, v in live.stats().items() if k.startswith("PUT ")}
