"""In the browser: pressing "Reply" again on the template picker, with its reply draft open
and typed in, opens the same draft and keeps what the user typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Console
from tests.e2e.demo import act, connected_preview, demo_key, demo_message, get_json

pytestmark = pytest.mark.e2e


def test_a_second_reply_click_keeps_the_open_drafts_text(
    page: Page, demo_url: str, console: Console
) -> None:
    known = demo_message(demo_url, "known-sender")
    before = len(get_json(f"{demo_url}/sandbox/gmail/drafts"))
    with connected_preview(page, demo_url, demo_key(demo_url)) as sidebar:
        act(sidebar, page.locator(".mail-row", has_text=known["subject"]))
        act(sidebar, sidebar.get_by_role("button", name="Reply with template"))
        reply = sidebar.get_by_role("button", name="Reply").first
        act(sidebar, reply)
        body = page.locator(".compose .compose-body")
        expect(body).to_contain_text("Hi ")
        body.click()
        page.keyboard.press("End")
        page.keyboard.type(" Typed before the second click.")

        act(sidebar, reply)  # the user presses it again: the same draft, already open
        expect(sidebar.locator(".sb-toast")).to_contain_text("Reply drafted with")
        expect(page.locator(".compose")).to_have_count(1)
        expect(body).to_contain_text("Typed before the second click.")
        assert len(get_json(f"{demo_url}/sandbox/gmail/drafts")) == before + 1
        assert [e for e in console.errors if "[preview]" in e] == []
