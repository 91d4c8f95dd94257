"""The homepage's Close calls: leads found by typed words, and the user's tasks due."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient
from addon.close.due_tasks import load_due_tasks
from addon.close.search import find_leads, phone_condition

BASE = "https://api.close.test/api/v1/"


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


def test_typed_words_find_leads_by_the_start_of_words_newest_first(
    rsps: responses.RequestsMock,
) -> None:
    rsps.post(
        BASE + "data/search/",
        json={"data": [{"id": "lead_1", "display_name": "Brightlane"}], "cursor": "next"},
    )
    found = find_leads(CloseClient("key", base_url=BASE), "bright lane", limit=5)

    sent = json.loads(rsps.calls[0].request.body or b"{}")
    assert {"type": "text", "mode": "beginning_of_words", "value": "bright lane"} in sent["query"][
        "queries"
    ]
    assert sent["sort"][0]["direction"] == "desc" and sent["_limit"] == 5
    assert [lead.label for lead in found.leads] == ["Brightlane"] and found.has_more


def test_a_search_without_a_cursor_has_no_more(rsps: responses.RequestsMock) -> None:
    rsps.post(BASE + "data/search/", json={"data": []})
    found = find_leads(CloseClient("key", base_url=BASE), "nobody")
    assert found.leads == () and not found.has_more


def test_due_tasks_are_the_users_open_ones_before_the_day_and_never_dateless(
    rsps: responses.RequestsMock,
) -> None:
    rsps.get(
        BASE + "task/",
        json={
            "data": [
                {"id": "task_1", "date": "2024-05-02", "text": "Call back"},
                {"id": "task_2", "date": "2024-05-03T09:00:00+00:00", "text": "Due that day"},
                {"id": "task_3", "date": "2024-05-01", "is_dateless": True, "text": "Someday"},
                {"id": "task_4", "date": None, "text": "No date"},
            ]
        },
    )
    tasks = load_due_tasks(CloseClient("key", base_url=BASE), "user_ann", dt.date(2024, 5, 3))

    query = parse_qs(urlsplit(rsps.calls[0].request.url).query)
    assert query["assigned_to"] == ["user_ann"] and query["is_complete"] == ["false"]
    assert query["date__lt"] == ["2024-05-03"]
    assert [t.id for t in tasks] == ["task_1"]


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("020 7946 0018", "GB", "+442079460018"),
        ("(312) 555-0199", "US", "+13125550199"),
        ("+49 30 901820", None, "+4930901820"),
    ],
)
def test_a_typed_phone_number_is_looked_for_in_e164(typed: str, region: str, e164: str) -> None:
    condition = phone_condition(typed, region)
    assert condition is not None and condition["condition"]["value"] == e164


@pytest.mark.parametrize("typed", ["60601", "Suite 12", "Acme 2024", "555-0199 x", "(312) 555"])
def test_words_and_short_numbers_are_not_phone_numbers(typed: str) -> None:
    assert phone_condition(typed, "US") is None


def test_a_phone_search_asks_for_leads_with_a_contact_of_that_number(
    rsps: responses.RequestsMock,
) -> None:
    rsps.post(BASE + "data/search/", json={"data": [{"id": "lead_1", "display_name": "Quill"}]})
    find_leads(CloseClient("key", base_url=BASE), "312 555 0199", region="US")
    sent = json.dumps(json.loads(rsps.calls[0].request.body or b"{}"))
    assert '"contact_phone"' in sent and '"+13125550199"' in sent and "beginning_of" not in sent
