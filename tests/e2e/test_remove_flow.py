"""In the browser: delete a task from an email's record card, behind its confirmation.

The test makes its own lead, contact, task and email in the running demo, opens the email
in /preview, picks the task from "More → Delete an opportunity or task…", reads the
confirmation, deletes, and sees the record card without the task. It leaves the demo as
it found it: its lead deleted, and disconnected again if it had to connect.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Console
from tests.e2e.demo import act, card_title, connect, disconnect, get_json, send_json

pytestmark = pytest.mark.e2e


def test_delete_a_task_with_its_confirmation(page: Page, demo_url: str, console: Console) -> None:
    key = get_json(f"{demo_url}/sandbox/close/_demo")["apiKey"]
    api = f"{demo_url}/sandbox/close/api/v1"
    tag = uuid.uuid4().hex[:6]
    address = f"robin.{tag}@harbor-{tag}.example"
    contact = {"name": "Robin Vale", "emails": [{"email": address}]}
    lead = send_json(f"{api}/lead/", "POST", {"name": f"Harbor {tag}", "contacts": [contact]}, key)
    send_json(f"{api}/task/", "POST", {"lead_id": lead["id"], "text": "Send revised MSA"}, key)
    subject = f"Revised MSA {tag}"
    user = get_json(f"{demo_url}/sandbox/user")["email"]
    mail = {"From": f"Robin Vale <{address}>", "To": user, "Subject": subject}
    send_json(f"{demo_url}/sandbox/gmail/messages", "POST", {"headers": mail, "case": "remove-e2e"})

    page.goto(f"{demo_url}/preview")
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_attribute("data-responses", "1", timeout=15_000)
    connected_here = connect(sidebar, key)
    try:
        act(sidebar, page.locator(".mail-row", has_text=subject))
        expect(card_title(sidebar)).to_have_text(f"Harbor {tag}")
        expect(sidebar.locator(".sb-body")).to_contain_text("Send revised MSA")

        removal = sidebar.locator(".card-section", has_text="Remove from Close")
        removal.get_by_role("button", name="Show more").click()
        act(sidebar, removal.get_by_text("Delete an opportunity or task…"))
        expect(card_title(sidebar)).to_have_text("Delete an opportunity or task")
        act(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Delete"))

        expect(card_title(sidebar)).to_have_text("Delete task?")
        expect(sidebar.locator(".sb-body")).to_contain_text("Delete task 'Send revised MSA'?")
        act(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Delete"))

        expect(sidebar.locator(".sb-toast")).to_have_text("Task deleted")
        expect(card_title(sidebar)).to_have_text(f"Harbor {tag}")
        expect(sidebar.locator(".sb-body")).not_to_contain_text("Send revised MSA")
        tasks = send_json(f"{api}/task/?lead_id={lead['id']}", "GET", key=key)
        assert tasks["data"] == []
        assert [e for e in console.errors if "[preview]" in e] == []
    finally:
        send_json(f"{api}/lead/{lead['id']}/", "DELETE", key=key)
        if connected_here:  # the first-run flow expects to find the demo disconnected
            disconnect(sidebar)
