"""Close email templates: listed without archived ones, filled in by Close for a contact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient
from addon.close.templates import (
    archive_template,
    create_template,
    find_created_template,
    list_templates,
    template_text,
    update_template,
)

BASE = "https://api.close.test/api/v1/"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def client() -> CloseClient:
    return CloseClient("key", base_url=BASE)


def test_templates_are_listed_without_archived_ones(rsps: responses.RequestsMock) -> None:
    rsps.get(
        BASE + "email_template/",
        json={"data": [{"id": "tmpl_1", "name": "Intro", "subject": "Hi", "is_shared": True}]},
    )
    (template,) = list_templates(client())
    query = parse_qs(urlsplit(rsps.calls[0].request.url).query)
    assert query["is_archived"] == ["false"]
    assert (template.id, template.name, template.is_shared) == ("tmpl_1", "Intro", True)


def test_a_template_for_a_contact_is_rendered_by_close(rsps: responses.RequestsMock) -> None:
    rsps.get(
        BASE + "email_template/tmpl_1/render/",
        json={"subject": "Hi Dana", "body": "Dear Dana"},
        match=[
            responses.matchers.query_param_matcher({"lead_id": "lead_1", "contact_id": "cont_1"})
        ],
    )
    text = template_text(client(), "tmpl_1", lead_id="lead_1", contact_id="cont_1")
    assert (text.subject, text.body) == ("Hi Dana", "Dear Dana")


def test_without_a_contact_the_template_comes_as_written(rsps: responses.RequestsMock) -> None:
    rsps.get(
        BASE + "email_template/tmpl_1/",
        json={"id": "tmpl_1", "subject": None, "body": "Dear {{ contact.first_name }}"},
    )
    text = template_text(client(), "tmpl_1", lead_id="lead_1")
    assert text.subject is None and text.body == "Dear {{ contact.first_name }}"


def _sent(rsps: responses.RequestsMock) -> object:
    return json.loads(rsps.calls[0].request.body or b"{}")


def test_a_template_is_created_with_its_name_subject_body_and_sharing(
    rsps: responses.RequestsMock,
) -> None:
    rsps.post(
        BASE + "email_template/",
        json={"id": "tmpl_2", "name": "New", "subject": None, "body": "B", "used_by_sequences": []},
    )
    made = create_template(client(), name="New", subject="", body="B", shared=True)
    assert _sent(rsps) == {"name": "New", "subject": "", "body": "B", "is_shared": True}
    assert (made.id, made.subject, made.used_by_sequences) == ("tmpl_2", "", ())


def test_an_update_sends_only_the_fields_changed(rsps: responses.RequestsMock) -> None:
    rsps.put(BASE + "email_template/tmpl_1/", json={"id": "tmpl_1", "subject": "New"})
    updated = update_template(client(), "tmpl_1", subject="New")
    assert _sent(rsps) == {"subject": "New"}
    assert updated.subject == "New"
    with pytest.raises(ValueError, match="not a template field"):
        update_template(client(), "tmpl_1", created_by="user_x")


def test_archiving_puts_is_archived(rsps: responses.RequestsMock) -> None:
    rsps.put(BASE + "email_template/tmpl_1/", json={"id": "tmpl_1", "is_archived": True})
    assert archive_template(client(), "tmpl_1").is_archived is True
    assert _sent(rsps) == {"is_archived": True}


def test_an_unanswered_create_is_found_by_the_users_name_subject_and_body(
    rsps: responses.RequestsMock,
) -> None:
    same = {"name": "N", "subject": "S", "body": "B"}
    rsps.get(
        BASE + "email_template/",
        json={
            "data": [
                {"id": "tmpl_other", **same, "created_by": "user_other"},
                {"id": "tmpl_near", **same, "body": "B2", "created_by": "user_me"},
                {"id": "tmpl_mine", **same, "created_by": "user_me"},
            ]
        },
    )
    found = find_created_template(client(), user_id="user_me", **same)
    assert found is not None and found.id == "tmpl_mine"
