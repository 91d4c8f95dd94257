"""Add to Close in the browser: an unknown sender becomes a lead with its first opportunity.

Connect (when the demo user is not yet), turn on "Create an opportunity with new leads" in
Settings, open the email of a sender nobody knows, press Add to Close, fill in the deal,
and see the new record card with the opportunity on it. The lead is deleted afterwards and
the user disconnected, so the shared demo is left as it was found.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from sandbox.demo_data.constants import UNKNOWN_COMPANY_SENDER
from tests.e2e.conftest import Console
from tests.e2e.demo import act, card_title, connect, disconnect, get_json, open_settings

pytestmark = pytest.mark.e2e


def test_add_an_unknown_sender_with_an_opportunity(
    page: Page, demo_url: str, console: Console
) -> None:
    demo_key = get_json(f"{demo_url}/sandbox/close/_demo")["apiKey"]
    inbox = get_json(f"{demo_url}/sandbox/gmail/messages")
    mail = next(m for m in inbox if m["case"] == "unknown-company-sender")
    page.goto(f"{demo_url}/preview")
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_attribute("data-responses", "1", timeout=15_000)
    try:
        connect(sidebar, demo_key)
        open_settings(sidebar)
        switch = sidebar.locator('input[name="create_initial_opportunity"]')
        if not switch.is_checked():
            sidebar.locator('label[data-name="create_initial_opportunity"]').click()
        expect(switch).to_be_checked()
        act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Save"))
        sidebar.get_by_role("button", name="Back").click()

        act(sidebar, page.locator(".mail-row", has_text=mail["subject"]))
        expect(card_title(sidebar)).to_have_text(UNKNOWN_COMPANY_SENDER.name)
        act(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Add to Close"))
        expect(card_title(sidebar)).to_have_text("Add to Close")
        expect(sidebar.get_by_label("First name")).to_have_value("Jamie")
        expect(sidebar.get_by_label("Lead (company)")).to_have_value("Vantagepoint Labs")
        sidebar.get_by_label("Title").fill(UNKNOWN_COMPANY_SENDER.title)
        sidebar.get_by_label("Value (USD)").fill("25,000")
        sidebar.get_by_label("Confidence (%)").fill("40")
        sidebar.get_by_label("Expected close date").fill("2026-10-15")
        act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Add to Close"))

        expect(card_title(sidebar)).to_have_text("Vantagepoint Labs")
        body = sidebar.locator(".sb-body")
        expect(body).to_contain_text("Opportunities (1 open)")
        expect(body).to_contain_text("$25,000")
        expect(body).to_contain_text("40%")
        expect(sidebar.locator(".sb-toast")).to_have_text(
            "Added Jamie Ross (Vantagepoint Labs) to Close"
        )
        assert [e for e in console.errors if "[preview]" in e] == []
    finally:
        _delete_leads_of(demo_url, demo_key, UNKNOWN_COMPANY_SENDER.email)
        disconnect(sidebar)


def _delete_leads_of(demo_url: str, key: str, email: str) -> None:
    """Delete, through Close's API, every lead with a contact at this address."""
    api = f"{demo_url}/sandbox/close/api/v1"
    auth = "Basic " + base64.b64encode(f"{key}:".encode()).decode()
    query = urllib.parse.quote(f'email_address:"{email}"')
    for lead in _call("GET", f"{api}/lead/?query={query}&_fields=id", auth)["data"]:
        _call("DELETE", f"{api}/lead/{lead['id']}/", auth)


def _call(method: str, url: str, auth: str) -> dict[str, object]:
    request = urllib.request.Request(url, method=method, headers={"Authorization": auth})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback URL
        body = response.read()
    return dict(json.loads(body or b"{}"))
