"""In the browser: edit a template's subject on the Templates screen, then insert it.

Opens the known sender's email in /preview, goes from the record card to the templates,
edits one template's subject on its form, sees it rendered for the sender, and inserts
the template into a draft to the sender from the compose window. The preview has no reply
draft (a compose window carries no thread), so the draft is a new email to the person.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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
    labelled_line,
    send_json,
)

pytestmark = pytest.mark.e2e


@dataclass
class Scene:
    api: str
    key: str
    template: dict[str, Any]
    sidebar: Locator


@pytest.fixture
def scene(page: Page, demo_url: str) -> Iterator[Scene]:
    key = demo_key(demo_url)
    api = f"{demo_url}/sandbox/close/api/v1"
    body = {
        "name": f"Browser test {uuid.uuid4().hex[:6]}",
        "subject": "Old subject",
        "body": "Hi {{ contact.first_name }},\nabout {{ lead.display_name }}.",
        "is_shared": True,
    }
    template = send_json(f"{api}/email_template/", "POST", body, key)
    with connected_preview(page, demo_url, key) as sidebar:
        try:
            yield Scene(api, key, template, sidebar)
        finally:
            send_json(f"{api}/email_template/{template['id']}/", "DELETE", key=key)


def test_edit_a_templates_subject_then_insert_it_for_the_sender(
    page: Page, demo_url: str, scene: Scene, console: Console
) -> None:
    sidebar, name = scene.sidebar, scene.template["name"]
    first_name = KNOWN_SENDER.name.split()[0]
    known = demo_message(demo_url, "known-sender")
    act(sidebar, page.locator(".mail-row", has_text=known["subject"]))

    act(sidebar, card_line(sidebar, "Email templates"))
    expect(card_title(sidebar)).to_have_text("Email templates")
    act(sidebar, card_line(sidebar, name))
    expect(card_title(sidebar)).to_have_text(name)
    expect(sidebar.locator(".sb-body")).to_contain_text(f"Hi {first_name},")

    act(sidebar, labelled_line(sidebar, "Subject").get_by_role("button", name="Edit"))
    subject = sidebar.get_by_label("Subject")
    expect(subject).to_have_value("Old subject")
    subject.fill("A question for {{ contact.first_name }} 🚀")
    act(sidebar, sidebar.locator(".sb-footer").get_by_role("button", name="Save"))
    expect(sidebar.locator(".sb-toast")).to_have_text("Subject saved")
    expect(card_title(sidebar)).to_have_text(name)
    expect(labelled_line(sidebar, "Subject")).to_contain_text(f"A question for {first_name} 🚀")
    held = send_json(f"{scene.api}/email_template/{scene.template['id']}/", key=scene.key)
    assert held["subject"] == "A question for {{ contact.first_name }} 🚀"

    page.get_by_role("button", name="Compose").click()
    draft = page.locator(".compose")
    draft.locator('input[name="to"]').fill(f"{KNOWN_SENDER.name} <{KNOWN_SENDER.email}>")
    act(sidebar, page.locator(".compose-addon"))
    act(sidebar, card_line(sidebar, name).get_by_role("button", name="Insert"))
    expect(draft.locator('input[name="subject"]')).to_have_value(f"A question for {first_name} 🚀")
    expect(draft.locator(".compose-body")).to_contain_text(f"Hi {first_name},")
    expect(draft.locator(".compose-body")).to_contain_text(KNOWN_SENDER.lead_name)
    assert [e for e in console.errors if "[preview]" in e] == []
