"""In the browser: edit a field in place, and stage two edits with bulk updates, then send.

Each test makes its own lead and email in the running demo, opens the email in /preview,
presses a line's Edit button, edits the field on its small card and saves. It leaves the
demo as it found it: its lead deleted, immediate updates back on, and disconnected if it
had to connect.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Console
from tests.e2e.demo import act, card_title, connect, disconnect, get_json, open_settings, send_json

pytestmark = pytest.mark.e2e


@dataclass
class Scene:
    """A lead of the test's own, an email from its contact, and the open preview."""

    api: str
    key: str
    lead: dict[str, Any]
    subject: str
    sidebar: Locator

    def close(self, path: str) -> Any:
        return send_json(f"{self.api}/{path}", "GET", key=self.key)


@pytest.fixture
def scene(page: Page, demo_url: str) -> Iterator[Scene]:
    key = get_json(f"{demo_url}/sandbox/close/_demo")["apiKey"]
    api = f"{demo_url}/sandbox/close/api/v1"
    tag = uuid.uuid4().hex[:6]
    address = f"robin.{tag}@vale-{tag}.example"
    contact = {"name": "Robin Vale", "title": "CFO", "emails": [{"email": address}]}
    lead = send_json(f"{api}/lead/", "POST", {"name": f"Vale {tag}", "contacts": [contact]}, key)
    subject = f"Pilot scope {tag}"
    user = get_json(f"{demo_url}/sandbox/user")["email"]
    mail = {"From": f"Robin Vale <{address}>", "To": user, "Subject": subject}
    send_json(f"{demo_url}/sandbox/gmail/messages", "POST", {"headers": mail, "case": "edit-e2e"})

    page.goto(f"{demo_url}/preview")
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_attribute("data-responses", "1", timeout=15_000)
    connected_here = connect(sidebar, key)
    try:
        yield Scene(api, key, lead, subject, sidebar)
    finally:
        send_json(f"{api}/lead/{lead['id']}/", "DELETE", key=key)
        if connected_here:  # the first-run flow expects to find the demo disconnected
            disconnect(sidebar)


def _open_mail(page: Page, scene: Scene) -> None:
    act(scene.sidebar, page.locator(".mail-row", has_text=scene.subject))
    expect(card_title(scene.sidebar)).to_have_text(scene.lead["display_name"])


def _line(sidebar: Locator, top: str) -> Locator:
    """Return the record card's line labelled `top`."""
    line = sidebar.locator(".sb-body .w-decorated").filter(
        has=sidebar.page.locator(".dt-top", has_text=top)
    )
    return line.first


def _field(sidebar: Locator, top: str) -> Locator:
    """Return the text part of the record card's line labelled `top`."""
    return _line(sidebar, top).locator(".dt-body")


def _edit(sidebar: Locator, top: str) -> Locator:
    """Return the Edit button of the record card's line labelled `top`."""
    return _line(sidebar, top).get_by_role("button", name="Edit")


def _save(sidebar: Locator) -> None:
    act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Save"))


def _immediate_updates(sidebar: Locator, on: bool) -> None:
    open_settings(sidebar)
    switch = sidebar.locator('input[name="immediate_updates"]')
    if switch.is_checked() != on:
        sidebar.locator('label[data-name="immediate_updates"]').click()
    expect(switch).to_be_checked(checked=on)
    _save(sidebar)
    sidebar.get_by_role("button", name="Back").click()


def test_edit_a_custom_field_in_place(page: Page, scene: Scene, console: Console) -> None:
    sidebar = scene.sidebar
    _open_mail(page, scene)

    act(sidebar, _edit(sidebar, "Employees"))
    expect(card_title(sidebar)).to_have_text("Employees")
    sidebar.get_by_label("Employees").fill("250")
    _save(sidebar)

    expect(sidebar.locator(".sb-toast")).to_have_text("Employees set to 250")
    expect(card_title(sidebar)).to_have_text(scene.lead["display_name"])
    expect(_field(sidebar, "Employees")).to_contain_text("250")
    held = scene.close(f"lead/{scene.lead['id']}/")
    assert 250 in [v for k, v in held.items() if k.startswith("custom.")]
    assert [e for e in console.errors if "[preview]" in e] == []


def test_stage_two_edits_and_send_them(page: Page, scene: Scene, console: Console) -> None:
    sidebar = scene.sidebar
    _immediate_updates(sidebar, on=False)
    try:
        _open_mail(page, scene)
        act(sidebar, _edit(sidebar, "Lead status"))
        sidebar.get_by_label("Lead status").select_option(label="Qualified")
        _save(sidebar)
        expect(sidebar.locator(".sb-toast")).to_contain_text("1 change waiting")

        act(sidebar, _edit(sidebar, "Title"))
        expect(sidebar.get_by_label("Title")).to_have_value("CFO")
        sidebar.get_by_label("Title").fill("Treasurer")
        _save(sidebar)

        body = sidebar.locator(".sb-body")
        expect(body).to_contain_text("2 changes waiting")
        expect(body).to_contain_text(f"{scene.lead['display_name']} · Lead status → Qualified")
        expect(body).to_contain_text("Robin Vale · Title → Treasurer")
        assert scene.close(f"lead/{scene.lead['id']}/")["status_label"] != "Qualified"

        act(sidebar, body.get_by_role("button", name="Send"))
        expect(sidebar.locator(".sb-toast")).to_have_text("2 changes sent")
        expect(body).not_to_contain_text("changes waiting")
        expect(_field(sidebar, "Lead status").locator(".dt-text")).to_have_text("Qualified")
        assert scene.close(f"lead/{scene.lead['id']}/")["status_label"] == "Qualified"
        contact_id = scene.lead["contacts"][0]["id"]
        assert scene.close(f"contact/{contact_id}/")["title"] == "Treasurer"
        assert [e for e in console.errors if "[preview]" in e] == []
    finally:
        _immediate_updates(sidebar, on=True)
