"""The demo organization: deterministic, believable, with the special people the inbox needs."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from sandbox.close import CloseState
from sandbox.close.tasks import due_day
from sandbox.demo_data import (
    COWORKER_EMAILS,
    DEMO_USER_EMAIL,
    FREEMAIL_CONTACT,
    KNOWN_SENDER,
    LARGE_LEAD_COUNT,
    LONG_HISTORY_LEAD_NAMES,
    NEAR_MATCH,
    SHARED_EMAIL,
    SHARED_EMAIL_LEAD_NAMES,
    THREAD_CONTACT_EMAILS,
    THREAD_LEAD_NAME,
    UNKNOWN_COMPANY_DOMAINS,
    UNKNOWN_COMPANY_SENDER_EMAIL,
    UNKNOWN_FREEMAIL_EMAIL,
    load_demo_org,
)


@pytest.fixture(scope="module")
def state() -> CloseState:
    return CloseState.from_demo()


def _leads_with_email(state: CloseState, email: str) -> set[str]:
    return {
        state.leads[c["lead_id"]]["name"]
        for c in state.contacts.values()
        if email in {e["email"] for e in c["emails"]}
    }


def _snapshot(state: CloseState) -> list[Any]:
    return [(lead_id, lead["name"], lead["status_id"]) for lead_id, lead in state.leads.items()] + [
        (cid, c["name"], [e["email"] for e in c["emails"]]) for cid, c in state.contacts.items()
    ]


def test_demo_is_deterministic(state: CloseState) -> None:
    assert _snapshot(CloseState.from_demo()) == _snapshot(state)


def test_sizes_look_like_a_real_sales_org(state: CloseState) -> None:
    assert 45 <= len(state.leads) <= 55
    assert 110 <= len(state.contacts) <= 150
    statuses = Counter(
        state.lead_statuses[lead["status_id"]]["label"] for lead in state.leads.values()
    )
    assert {"Potential", "Qualified", "Customer", "Bad Fit"} <= set(statuses)
    assert all(c["title"] and c["emails"] for c in state.contacts.values())
    types = {e["type"] for c in state.contacts.values() for e in c["emails"]}
    assert {"office", "home"} <= types


def test_activity_history(state: CloseState) -> None:
    by_name = {lead["name"]: lead["id"] for lead in state.leads.values()}
    for name in LONG_HISTORY_LEAD_NAMES:
        assert len(state.lead_children(by_name[name]).activities) >= 60, name
    busy = [lid for lid in state.leads if len(state.lead_children(lid).activities) >= 2]
    assert len(busy) >= 0.8 * len(state.leads)
    types = {a["_type"] for a in state.activities.values()}
    assert types == {
        "Email", "Call", "Note", "Meeting", "SMS", "LeadStatusChange",
        "OpportunityStatusChange", "TaskCompleted", "Created",
    }  # fmt: skip
    now = datetime.now(UTC).isoformat()
    past = [a for a in state.activities.values() if a["_type"] != "Meeting"]
    assert all(a["activity_at"] <= now for a in past)


def test_special_people(state: CloseState) -> None:
    assert _leads_with_email(state, KNOWN_SENDER.email) == {KNOWN_SENDER.lead_name}
    assert _leads_with_email(state, NEAR_MATCH.email) == {NEAR_MATCH.lead_name}
    assert _leads_with_email(state, SHARED_EMAIL) == set(SHARED_EMAIL_LEAD_NAMES)
    assert _leads_with_email(state, FREEMAIL_CONTACT.email) == {FREEMAIL_CONTACT.lead_name}
    assert FREEMAIL_CONTACT.email.endswith("@gmail.com")
    for email in THREAD_CONTACT_EMAILS:
        assert _leads_with_email(state, email) == {THREAD_LEAD_NAME}
    assert not _leads_with_email(state, UNKNOWN_FREEMAIL_EMAIL)
    assert not _leads_with_email(state, UNKNOWN_COMPANY_SENDER_EMAIL)
    all_emails = [e["email"] for c in state.contacts.values() for e in c["emails"]]
    assert not [e for e in all_emails if e.split("@")[1] in UNKNOWN_COMPANY_DOMAINS]
    users = {u["email"] for u in state.users.values()}
    assert users == {DEMO_USER_EMAIL, *COWORKER_EMAILS}


def test_tasks_span_overdue_today_and_future(state: CloseState) -> None:
    today = datetime.now(UTC).date()
    open_tasks = [t for t in state.tasks.values() if not t["is_complete"]]
    main = next(u for u, user in state.users.items() if user["email"] == DEMO_USER_EMAIL)
    mine = [due_day(t) for t in open_tasks if t["assigned_to"] == main]
    assert min(mine) < today < max(mine) and today in mine
    others = {t["assigned_to"] for t in open_tasks} - {main}
    assert len(others) >= 3
    assert any(t["is_complete"] for t in state.tasks.values())


def test_deals_fields_and_templates(state: CloseState) -> None:
    opps = list(state.opportunities.values())
    stages = {state.opportunity_statuses[o["status_id"]]["label"] for o in opps}
    assert len(stages) >= 5 and {"Won", "Lost"} <= stages
    assert {o["value_currency"] for o in opps} >= {"USD", "EUR", "GBP"}
    assert all(isinstance(o["value"], int) and o["value"] % 100 == 0 for o in opps)
    used = {
        cf
        for record in [*state.leads.values(), *state.contacts.values()]
        for cf in record["custom"]
    }
    kinds = {state.custom_fields[cf]["type"] for cf in used}
    assert kinds == {"text", "number", "date", "datetime", "choices", "user"}
    shared = [t for t in state.templates.values() if t["is_shared"]]
    personal = [t for t in state.templates.values() if not t["is_shared"]]
    assert len(shared) >= 3 and len(personal) >= 2


def test_load_needs_an_empty_state() -> None:
    with pytest.raises(ValueError):
        load_demo_org(CloseState.empty())


def test_large_org_has_every_lead_and_the_known_sender() -> None:
    big = CloseState.from_demo(large=True)
    assert len(big.leads) == LARGE_LEAD_COUNT
    assert len({lead["name"] for lead in big.leads.values()}) == LARGE_LEAD_COUNT
    assert len(big.email_index.search("phrase", KNOWN_SENDER.email)) == 2  # and its near match


def test_bulk_records_have_the_api_shape() -> None:
    big = CloseState.from_demo(large=True)
    api_lead = next(iter(big.leads.values()))  # the first leads come through the API paths
    bulk_lead = list(big.leads.values())[-1]
    assert set(bulk_lead) == set(api_lead)
    api_contact = big.contacts[big.lead_children(api_lead["id"]).contacts[0]]
    bulk_contact = big.contacts[big.lead_children(bulk_lead["id"]).contacts[0]]
    assert set(bulk_contact) == set(api_contact)
    assert set(bulk_contact["phones"][0]) == set(api_contact["phones"][0])
