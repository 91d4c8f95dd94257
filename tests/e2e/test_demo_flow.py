"""The real demo, end to end in a browser: `the demo` and its /preview page.

Walks the first-run flow through the add-on's own cards: welcome → paste the demo key →
Connect → the homepage → an email's record card → Settings → save a change → Back to the
card, redrawn with it → reopen Settings → Disconnect → back to the welcome card. Saves
docs/sidebar.png and docs/preview.png on the way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sandbox.demo_data.constants import KNOWN_SENDER
from tests.e2e.conftest import Console
from tests.e2e.demo import act, card_title, get_json, open_settings

pytestmark = pytest.mark.e2e

# The README's screenshots are refreshed only when asked (ADDON_SCREENSHOTS=1), so a test
# run leaves the working tree as it found it.
DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOTS = DOCS if os.environ.get("ADDON_SCREENSHOTS") == "1" else None


def test_first_run_connect_settings_disconnect(
    page: Page, demo_url: str, console: Console, tmp_path: Path
) -> None:
    demo_key = get_json(f"{demo_url}/sandbox/close/_demo")["apiKey"]
    inbox = get_json(f"{demo_url}/sandbox/gmail/messages")
    known = next((m for m in inbox if m.get("case") == "known-sender"), inbox[0])

    page.goto(f"{demo_url}/preview")
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_attribute("data-responses", "1", timeout=15_000)
    expect(sidebar.locator(".problem")).to_have_count(0)
    expect(page.locator("#demo-key-value")).to_have_text(demo_key)

    # Welcome card → paste the key → Connect → the homepage.
    sidebar.get_by_label("Close API key").fill(demo_key)
    act(sidebar, sidebar.get_by_role("button", name="Connect"))
    expect(card_title(sidebar)).to_have_text("Close for Gmail")  # the homepage

    # An email with a known sender: the contextual trigger shows its Close record.
    act(sidebar, page.locator(".mail-row", has_text=known["subject"]))
    expect(sidebar.locator(".sb-body .card-header")).to_be_visible()
    # The screenshots show the card, not the toast left over from Connect.
    sidebar.locator(".sb-toast").evaluate("toast => { toast.hidden = true; }")
    shots = SHOTS or tmp_path
    page.screenshot(path=str(shots / "preview.png"))
    sidebar.screenshot(path=str(shots / "sidebar.png"))
    assert (shots / "sidebar.png").stat().st_size > 0

    # Closing the email brings back the homepage, not a "connected" confirmation.
    page.locator("#inbox-nav").click()
    expect(card_title(sidebar)).to_have_text("Close for Gmail")
    act(sidebar, page.locator(".mail-row", has_text=known["subject"]))

    # Settings from the add-on menu: change one setting and save.
    open_settings(sidebar)
    per_page = sidebar.get_by_label("Activities per page")
    new_value = "5" if per_page.input_value() != "5" else "10"
    per_page.select_option(new_value)
    sidebar.get_by_label("Contacts (the person)").check()
    act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Save"))

    # Back: the email's card already follows the saved settings (the contact view).
    sidebar.get_by_role("button", name="Back").click()
    expect(card_title(sidebar)).to_have_text(KNOWN_SENDER.name)

    # Reopen Settings: the change was kept.
    open_settings(sidebar)
    expect(sidebar.get_by_label("Activities per page")).to_have_value(new_value)

    # Disconnect (confirmed) → back to the welcome card.
    act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Disconnect"))
    act(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Disconnect"))
    expect(sidebar.get_by_label("Close API key")).to_be_visible()
    assert [e for e in console.errors if "[preview]" in e] == []
