"""Connecting and saving settings change the cards the user returns to, not just the top one."""

from __future__ import annotations

import email.utils
import itertools
from typing import Any

from addon.store import SECTIONS
from sandbox.demo_data.constants import COWORKERS, KNOWN_SENDER, ORG_DOMAIN
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, card_of
from tests.integration.editing import navigations

JORDAN = COWORKERS[0]
_users = itertools.count(1)


def _new_user(live: Live) -> Browser:
    """A Gmail user of its own, never connected: its settings touch no other test."""
    return Browser(live, email=f"new.rep{next(_users)}@{ORG_DOMAIN}")


def _mail_from_dana(live: Live, browser: Browser) -> str:
    headers = {
        "From": email.utils.formataddr((KNOWN_SENDER.name, KNOWN_SENDER.email)),
        "To": browser.email,
        "Subject": "Renewal",
    }
    return live.sandbox.inbox.add(headers, case="settings-flow", owner=browser.email).id


def _headers(card: dict[str, Any]) -> list[str]:
    return [s.get("header", "") for s in card["sections"]]


def test_connecting_with_no_email_open_shows_the_homepage(gmail: Browser, live: Live) -> None:
    browser = _new_user(live)
    body = browser.click("connect", form={"api_key": JORDAN.api_key})
    assert navigations(body) == ["updateCard"]
    card = card_of(body)
    # Search and my tasks: the card the user comes back to after closing an email.
    assert card["name"] == "home"
    assert find_button(card, "Search")
    assert any(h.startswith("My tasks") for h in _headers(card))
    assert notification(body) == "Connected to Close"


def test_connecting_with_an_email_open_shows_its_person(gmail: Browser, live: Live) -> None:
    browser = _new_user(live)
    browser.message_id = _mail_from_dana(live, browser)
    body = browser.click("connect", form={"api_key": JORDAN.api_key})
    card = card_of(body)
    assert card["header"]["title"] == KNOWN_SENDER.lead_name
    assert KNOWN_SENDER.name in card_text(card)
    assert "Open any email" not in card_text(card)
    assert notification(body) == "Connected to Close"


def test_saved_settings_redraw_the_open_emails_card_underneath(gmail: Browser, live: Live) -> None:
    browser = _new_user(live)
    browser.click("connect", form={"api_key": JORDAN.api_key})
    lean = {"view": "contact", "sections": [], "activities_per_page": "8"}
    browser.click("save_settings", form=lean)
    browser.message_id = _mail_from_dana(live, browser)
    before = card_of(browser.trigger("/message"))
    assert before["header"]["title"] == KNOWN_SENDER.name  # the contact view: the person
    assert "Opportunities" not in " | ".join(_headers(before))

    settings = card_of(browser.trigger("/menu/settings"))
    name, params = action_of(find_button(settings, "Save"))
    full = {"view": "lead", "sections": list(SECTIONS), "activities_per_page": "8"}
    body = browser.click(name, params=params, form=full)

    # The email's card (the root of its stack) is drawn anew with the saved settings, and
    # settings stay on top: Back shows the new layout without reopening the email.
    assert navigations(body) == ["popToRoot", "updateCard", "pushCard"]
    navs = body["renderActions"]["action"]["navigations"]
    underneath, on_top = navs[1]["updateCard"], navs[2]["pushCard"]
    assert underneath["header"]["title"] == KNOWN_SENDER.lead_name
    shown = " | ".join(_headers(underneath))
    assert "Opportunities" in shown and "Tasks" in shown and "Latest activity" in shown
    assert on_top["name"] == "settings"
    assert notification(body) == "Settings saved"
    assert body["stateChanged"] is True  # the homepage's stack reloads too


def test_saved_settings_with_no_email_open_stay_on_screen(gmail: Browser, live: Live) -> None:
    browser = _new_user(live)
    browser.click("connect", form={"api_key": JORDAN.api_key})
    full = {"view": "lead", "sections": list(SECTIONS), "activities_per_page": "8"}
    body = browser.click("save_settings", form=full)
    assert navigations(body) == ["updateCard"]
    assert card_of(body)["name"] == "settings"
    assert notification(body) == "Settings saved"


def test_settings_are_saved_while_close_cannot_redraw_the_card(gmail: Browser, live: Live) -> None:
    browser = _new_user(live)
    browser.click("connect", form={"api_key": JORDAN.api_key})
    browser.message_id = _mail_from_dana(live, browser)
    live.faults(error_rate={"status": 503, "rate": 1.0})
    full = {"view": "contact", "sections": ["tasks"], "activities_per_page": "5"}
    body = browser.click("save_settings", form=full)
    live.faults()
    # The settings are kept and said so; the email's card follows them when next drawn.
    assert navigations(body) == ["updateCard"]
    assert card_of(body)["name"] == "settings"
    assert notification(body) == "Settings saved"
    again = card_of(browser.trigger("/menu/settings"))
    view = next(
        w["selectionInput"]
        for s in again["sections"]
        for w in s["widgets"]
        if w.get("selectionInput", {}).get("name") == "view"
    )
    assert [i["value"] for i in view["items"] if i["selected"]] == ["contact"]
