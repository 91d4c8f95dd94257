"""Close email templates: listed without archived ones, filled in by Close for a contact."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient
from addon.close.templates import list_templates, template_text

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
