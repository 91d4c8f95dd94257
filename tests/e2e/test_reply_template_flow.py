"""In the browser: Reply with template from an email's record card opens Close's reply as a
draft in the thread, and a scheduling link goes into a new email as a link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sandbox.demo_data.constants import KNOWN_SENDER
from tests.e2e.conftest import Console
from tests.e2e.demo import (
    act,
    connected_preview,
    demo_key,
    demo_message,
    get_json,
    refreshed_after,
)

pytestmark = pytest.mark.e2e


def test_reply_with_template_opens_the_drafted_reply(
    page: Page, demo_url: str, console: Console
) -> None:
    known = demo_message(demo_url, "known-sender")
    before = len(get_json(f"{demo_url}/sandbox/gmail/drafts"))
    with (
        connected_preview(page, demo_url, demo_key(demo_url)) as sidebar,
        refreshed_after(page, sidebar, known),
    ):
        act(sidebar, page.locator(".mail-row", has_text=known["subject"]))
        act(sidebar, sidebar.get_by_role("button", name="Reply with template"))
        act(sidebar, sidebar.get_by_role("button", name="Reply").first)

        compose = page.locator(".compose")
        expect(compose.locator(".compose-title span").first).to_have_text("Reply (draft)")
        expect(page.get_by_label("To")).to_have_value(f"{KNOWN_SENDER.name} <{KNOWN_SENDER.email}>")
        subject = (
            known["subject"] if known["subject"].startswith("Re:") else f"Re: {known['subject']}"
        )
        expect(page.get_by_label("Subject")).to_have_value(subject)
        expect(page.locator(".compose-body")).to_contain_text(f"Hi {KNOWN_SENDER.name.split()[0]}")
        expect(sidebar.locator(".sb-toast")).to_contain_text("Reply drafted with")
        drafts = get_json(f"{demo_url}/sandbox/gmail/drafts")
        assert len(drafts) == before + 1 and drafts[-1]["threadId"] == known["threadId"]

        # A new email: the scheduling link goes in as a link.
        page.locator("#compose-open").click()
        page.get_by_label("To").fill(KNOWN_SENDER.email)
        act(sidebar, page.locator(".compose-addon"))
        links = sidebar.locator(".sb-body").get_by_text("Intro call (20 min)")
        expect(links).to_be_visible()
        row = sidebar.locator(".sb-body .w-decorated", has_text="Intro call (20 min)")
        act(sidebar, row.get_by_role("button", name="Insert"))
        expect(page.locator(".compose-body a")).to_have_text("Intro call (20 min)")
        assert console.errors == []
