"""What one record costs in calls, and how nested deals and tasks are ordered and trimmed."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from addon.close import CloseClient
from addon.close.metadata import FieldSchema
from addon.close.models import Lead
from addon.close.records import MAX_OPPORTUNITIES, RecordData, load_record
from addon.close.search import search_body

BASE = "https://api.close.test/api/v1/"
ALL = frozenset({"opportunities", "tasks", "activities"})


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=4) as executor:
        yield executor


def no_schema(object_type: str) -> FieldSchema:
    raise AssertionError(f"custom fields are off; {object_type} schema not wanted")


def load(pool: ThreadPoolExecutor, sections: frozenset[str], lead: Lead | None) -> RecordData:
    client = CloseClient("key", base_url=BASE)
    return load_record(
        client,
        pool,
        lead_id="lead_1",
        sections=sections,
        page_size=8,
        field_schema=no_schema,
        known_lead=lead,
    )


def deal(n: int, updated: str | None) -> dict[str, Any]:
    return {"id": f"oppo_{n}", "date_updated": updated}


def task(n: int, date: str | None, done: bool = False) -> dict[str, Any]:
    return {"id": f"task_{n}", "date": date, "is_complete": done}


def activities(rsps: responses.RequestsMock) -> None:
    rsps.add(responses.GET, BASE + "activity/", json={"data": [], "has_more": False})


def test_a_searched_lead_with_nested_sections_costs_only_the_activities_call(
    rsps: responses.RequestsMock, pool: ThreadPoolExecutor
) -> None:
    activities(rsps)
    lead = Lead.model_validate(
        {
            "id": "lead_1",
            "opportunities": [
                deal(1, "2026-01-01T00:00:00+00:00"),
                deal(2, None),
                deal(3, "2026-03-01T00:00:00+00:00"),
            ],
            "tasks": [
                task(1, None),
                task(2, "2026-05-02"),
                task(3, "2026-05-01T09:00:00+00:00"),
                task(4, "2026-04-01", done=True),
            ],
        }
    )

    data = load(pool, ALL, lead)

    assert [c.request.method + " " + urlsplit(c.request.url or "").path for c in rsps.calls] == [
        "GET /api/v1/activity/"
    ]
    assert [o.id for o in data.opportunities or ()] == ["oppo_3", "oppo_1", "oppo_2"]
    assert [t.id for t in data.tasks or ()] == ["task_3", "task_2", "task_1"]


def test_nested_deals_are_trimmed_to_the_newest(
    rsps: responses.RequestsMock, pool: ThreadPoolExecutor
) -> None:
    many = [deal(n, f"2026-01-{n:02d}T00:00:00+00:00") for n in range(1, 29)]
    lead = Lead.model_validate({"id": "lead_1", "opportunities": many, "tasks": []})

    data = load(pool, frozenset({"opportunities"}), lead)

    kept = [o.id for o in data.opportunities or ()]
    assert len(kept) == MAX_OPPORTUNITIES
    assert kept[0] == "oppo_28" and kept[-1] == f"oppo_{28 - MAX_OPPORTUNITIES + 1}"
    assert data.tasks is None and data.activities is None


def test_a_search_answer_without_the_nested_lists_fetches_them_beside_the_activities(
    rsps: responses.RequestsMock, pool: ThreadPoolExecutor
) -> None:
    activities(rsps)
    rsps.add(responses.GET, BASE + "opportunity/", json={"data": [deal(7, None)]})
    rsps.add(responses.GET, BASE + "task/", json={"data": [task(8, "2026-06-01")]})

    data = load(pool, ALL, Lead(id="lead_1"))

    assert [o.id for o in data.opportunities or ()] == ["oppo_7"]
    assert [t.id for t in data.tasks or ()] == ["task_8"]


def test_an_unknown_lead_is_fetched_with_only_the_nested_sections_shown(
    rsps: responses.RequestsMock, pool: ThreadPoolExecutor
) -> None:
    rsps.add(
        responses.GET,
        BASE + "lead/lead_1/",
        json={"id": "lead_1", "display_name": "Acme", "tasks": [task(1, "2026-01-01")]},
    )

    data = load(pool, frozenset({"tasks"}), None)

    fields = parse_qs(urlsplit(rsps.calls[0].request.url or "").query)["_fields"][0]
    assert "tasks" in fields.split(",") and "opportunities" not in fields.split(",")
    assert data.lead.label == "Acme"
    assert [t.id for t in data.tasks or ()] == ["task_1"]
    assert data.opportunities is None


@pytest.mark.parametrize(
    ("sections", "nested"),
    [
        (frozenset(), set()),
        (frozenset({"tasks", "activities"}), {"tasks"}),
        (ALL, {"opportunities", "tasks"}),
    ],
)
def test_the_lead_search_asks_for_the_nested_sections_shown(
    sections: frozenset[str], nested: set[str]
) -> None:
    fields = set(search_body(["a@b.test"], "lead", sections)["_fields"]["lead"])

    assert fields & {"opportunities", "tasks"} == nested
    assert {"id", "contacts", "custom"} <= fields


def test_the_contact_search_never_asks_for_lead_sections() -> None:
    body = search_body(["a@b.test"], "contact", ALL)

    assert list(body["_fields"]) == ["contact"]


def test_activities_are_asked_for_what_their_lines_show_and_never_email_bodies(
    rsps: responses.RequestsMock, pool: ThreadPoolExecutor
) -> None:
    activities(rsps)

    load(pool, frozenset({"activities"}), Lead(id="lead_1", opportunities=(), tasks=()))

    query = parse_qs(urlsplit(rsps.calls[0].request.url or "").query)
    fields = set(query["_fields"][0].split(","))
    assert {"_type", "subject", "direction", "note", "old_status_label"} <= fields
    assert not fields & {"body_text", "body_html", "attachments"}
    assert query["lead_id"] == ["lead_1"] and query["_limit"] == ["8"]
