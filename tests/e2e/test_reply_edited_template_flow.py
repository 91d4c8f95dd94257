"""In the browser: edit a template's subject on the Templates screen, then reply with it.

From the add-on menu's Templates, the user edits one template's subject on its form and
sees it on the list; from the open email's record card, "Reply with template" with it
opens Close's reply as a draft in the thread: the thread's "Re:" subject, the template's
body rendered for the sender. Opening the add-on in that reply draft and inserting the
template again adds its text and leaves the "Re:" subject alone.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from sandbox.demo_data.constants import KNOWN_SENDER
from tests.e2e.conftest import Console
from tests.e2e.demo import (
    act,
    card_line,
    card_title,
    connected_preview,
    demo_key,
    demo_message,
    get_json,
    labelled_line,
    refreshed_after,
    send_json,
)

pytestmark = pytest.mark.e2e

EDITED = "Next steps for {{ lead.display_name }} 🚀"


@pytest.fixture
def template(demo_url: str) -> Iterator[dict[str, Any]]:
    """A shared template of the demo user's, archived again after the test."""
    key = demo_key(demo_url)
    api = f"{demo_url}/sandbox/close/api/v1"
    body = {
        "name": f"Reply test {uuid.uuid4().hex[:6]}",
        "subject": "Old subject",
        "body": "Hi {{ contact.first_name }},\nthe plan for {{ lead.display_name }} is ready.",
        "is_shared": True,
    }
    made = send_json(f"{api}/email_template/", "POST", body, key)
    yield {**made, "api": api, "key": key}
    send_json(f"{api}/email_template/{made['id']}/", "DELETE", key=key)


def _edit_subject_on_templates_screen(sidebar: Locator, name: str) -> None:
    sidebar.get_by_role("button", name="More options").click()
    act(sidebar, sidebar.get_by_role("menuitem", name="Templates"))
    expect(card_title(sidebar)).to_have_text("Email templates")
    # The template was made in Close behind the add-on's cache: Refresh shows it.
    act(sidebar, sidebar.locator(".sb-body").get_by_role("button", name="Refresh"))
    act(sidebar, card_line(sidebar, name))
    expect(card_title(sidebar)).to_have_text(name)
    act(sidebar, labelled_line(sidebar, "Subject").get_by_role("button", name="Edit"))
    subject = sidebar.get_by_label("Subject")
    expect(subject).to_have_value("Old subject")
    subject.fill(EDITED)
    act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Save"))
    expect(sidebar.locator(".sb-toast")).to_have_text("Subject saved")


def test_edit_a_templates_subject_then_reply_with_it(
    page: Page, demo_url: str, template: dict[str, Any], console: Console
) -> None:
    name, first_name = template["name"], KNOWN_SENDER.name.split()[0]
    known = demo_message(demo_url, "known-sender")
    thread_subject = (
        known["subject"] if known["subject"].startswith("Re:") else f"Re: {known['subject']}"
    )
    with (
        connected_preview(page, demo_url, template["key"]) as sidebar,
        refreshed_after(page, sidebar, known),
    ):
        act(sidebar, page.locator(".mail-row", has_text=known["subject"]))
        _edit_subject_on_templates_screen(sidebar, name)
        rendered = f"Next steps for {KNOWN_SENDER.lead_name} 🚀"
        expect(labelled_line(sidebar, "Subject")).to_contain_text(rendered)
        sidebar.get_by_role("button", name="Back").first.click()
        expect(card_title(sidebar)).to_have_text("Email templates")
        expect(card_line(sidebar, name)).to_contain_text("Next steps for")  # as written, no person
        expect(card_line(sidebar, name)).to_contain_text("🚀")
        held = send_json(f"{template['api']}/email_template/{template['id']}/", key=template["key"])
        assert held["subject"] == EDITED

        # Reply with it from the open email's record card.
        act(sidebar, page.locator(".mail-row", has_text=known["subject"]))
        act(sidebar, sidebar.get_by_role("button", name="Reply with template"))
        expect(card_line(sidebar, name)).to_contain_text(rendered)  # the edit, filled in for her
        act(sidebar, card_line(sidebar, name).get_by_role("button", name="Reply"))
        compose = page.locator(".compose")
        expect(compose.locator(".compose-title span").first).to_have_text("Reply (draft)")
        expect(page.get_by_label("Subject")).to_have_value(thread_subject)
        body = compose.locator(".compose-body")
        expect(body).to_contain_text(f"Hi {first_name},")
        expect(body).to_contain_text(f"the plan for {KNOWN_SENDER.lead_name} is ready.")
        expect(body).not_to_contain_text("{{")
        drafts = get_json(f"{demo_url}/sandbox/gmail/drafts")
        assert drafts[-1]["threadId"] == known["threadId"]
        assert drafts[-1]["subject"] == thread_subject

        # The add-on opened in the reply draft: an insert keeps the reply's subject.
        act(sidebar, page.locator(".compose-addon"))
        act(sidebar, card_line(sidebar, name).get_by_role("button", name="Insert"))
        expect(sidebar.locator(".sb-toast")).to_have_text(f"Inserted “{name}”")
        expect(page.get_by_label("Subject")).to_have_value(thread_subject)
        expect(body).to_have_text(re.compile(rf"Hi {first_name},[\s\S]*Hi {first_name},"))
        assert [e for e in console.errors if "[preview]" in e] == []
