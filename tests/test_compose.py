"""Inserting a template: only a Close template id reaches Close's URL."""

from __future__ import annotations

from typing import Any

import pytest
import responses

from addon.crm.template_variables import fill_template
from tests.addon_client import Gmail, action_of, cards, find_button
from tests.cardcheck import card_text
from tests.conftest import CLOSE_API
from tests.test_flow import ME, connect


@pytest.mark.parametrize("template_id", ["../lead/lead_1", "tmpl_1/render", "", "lead_1"])
def test_a_template_id_not_shaped_like_closes_is_a_400(
    gmail: Gmail, upstream: responses.RequestsMock, template_id: str
) -> None:
    connect(gmail, upstream)
    response = gmail.post(
        "/actions/insert_template", gmail.event(params={"template_id": template_id})
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_parameters"
    assert not [c for c in upstream.calls if "email_template" in (c.request.url or "")]


def _draft(body: dict[str, Any]) -> dict[str, Any]:
    markup = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    return markup  # type: ignore[no-any-return]


def test_a_reply_keeps_its_subject(gmail: Gmail, upstream: responses.RequestsMock) -> None:
    connect(gmail, upstream)
    upstream.get(
        CLOSE_API + "email_template/tmpl_1/render/",
        json={"subject": "Quick intro, Dana", "body": "Hi Dana"},
    )
    gmail.message_id = "18c2f0a1b2c3d4e5"  # a reply: the draft has the thread's "Re:" subject
    params = {"template_id": "tmpl_1", "lead_id": "lead_1", "contact_id": "cont_1"}
    markup = _draft(gmail.click("insert_template", params=params))
    assert "updateSubject" not in markup
    assert markup["updateBody"]["insertContents"][0]["content"] == "Hi Dana"


def test_without_a_recipient_the_users_variables_come_from_close(
    gmail: Gmail, upstream: responses.RequestsMock
) -> None:
    connect(gmail, upstream)
    upstream.get(
        CLOSE_API + "email_template/tmpl_1/",
        json={"subject": "From {{ user.first_name }}", "body": "Hi {{contact.first_name}},"},
    )
    asked = gmail.click("insert_template", params={"template_id": "tmpl_1"})
    (confirm,) = cards(asked)
    assert "{{ contact.first_name }}" in card_text(confirm)
    name, params = action_of(find_button(confirm, "Insert anyway (left blank)"))
    markup = _draft(gmail.click(name, params=params))
    assert markup["updateSubject"]["subject"] == f"From {ME['first_name']}"
    assert markup["updateBody"]["insertContents"][0]["content"] == "Hi,"


def test_filling_leaves_unknown_tags_blank_and_lists_them() -> None:
    filled = fill_template(
        "{{ user.first_name }} for {{ lead.display_name }}",
        "Hi {{ contact.first_name|default:'there' }}, {{ lead.display_name }}"
        "<br>{{user.first_name}}",
        {"user.first_name": "Ann & co"},
    )
    assert filled.subject == "Ann & co for"
    assert filled.body_html == "Hi there<br>Ann &amp; co"
    assert filled.unfilled == ("lead.display_name",)
