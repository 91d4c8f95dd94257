"""POST /data/search/: email lookups (one and many), name search, paging, errors; legacy query."""

from __future__ import annotations

from typing import Any

from sandbox.demo_data import (
    FREEMAIL_CONTACT_EMAIL,
    KNOWN_SENDER,
    KNOWN_SENDER_EMAIL,
    NEAR_MATCH_EMAIL,
    SHARED_EMAIL,
    SHARED_EMAIL_LEAD_NAMES,
    THREAD_CONTACT_EMAILS,
    UNKNOWN_COMPANY_SENDER_EMAIL,
)

from .live import LiveClose, email_query

CONTACT_FIELDS = {"contact": ["id", "lead_id", "name", "emails"]}


def _emails(item: dict[str, Any]) -> set[str]:
    return {e["email"] for e in item["emails"]}


def test_contact_by_email_finds_target_and_token_near_matches(demo_ro: LiveClose) -> None:
    for mode in ("phrase", "full_words"):
        body = {"query": email_query(KNOWN_SENDER_EMAIL, mode=mode), "_fields": CONTACT_FIELDS}
        data = demo_ro.search(body).json()["data"]
        found = [item for item in data if KNOWN_SENDER_EMAIL in _emails(item)]
        assert len(found) == 1 and found[0]["__object_type"] == "contact"
        assert found[0]["lead_id"].startswith("lead_") and found[0]["name"] == KNOWN_SENDER.name
        # Tokenised matching also returns the ".com.au" address; exactness is the client's job.
        assert any(NEAR_MATCH_EMAIL in _emails(item) for item in data), mode


def test_exact_value_mode_and_case(demo_ro: LiveClose) -> None:
    body = {
        "query": email_query(KNOWN_SENDER_EMAIL.upper(), mode="exact_value"),
        "_fields": CONTACT_FIELDS,
    }
    data = demo_ro.search(body).json()["data"]
    assert [_emails(item) & {KNOWN_SENDER_EMAIL} for item in data] == [{KNOWN_SENDER_EMAIL}]


def test_default_projection_is_id_and_object_type(demo_ro: LiveClose) -> None:
    data = demo_ro.search({"query": email_query(FREEMAIL_CONTACT_EMAIL)}).json()["data"]
    assert data and set(data[0]) == {"id", "__object_type"}


def test_leads_by_email_through_contacts(demo_ro: LiveClose) -> None:
    nested = {
        "type": "has_related",
        "this_object_type": "lead",
        "related_object_type": "contact",
        "related_query": email_query(SHARED_EMAIL),
    }
    query = {"type": "and", "queries": [{"type": "object_type", "object_type": "lead"}, nested]}
    body = {"query": query, "_fields": {"lead": ["display_name", "html_url"]}}
    names = {item["display_name"] for item in demo_ro.search(body).json()["data"]}
    assert names == set(SHARED_EMAIL_LEAD_NAMES)
    direct = {"query": email_query(SHARED_EMAIL, target="lead"), "_fields": {"lead": ["name"]}}
    assert {i["name"] for i in demo_ro.search(direct).json()["data"]} == set(
        SHARED_EMAIL_LEAD_NAMES
    )


def test_several_emails_at_once(demo_ro: LiveClose) -> None:
    wanted = [*THREAD_CONTACT_EMAILS, UNKNOWN_COMPANY_SENDER_EMAIL]
    body = {
        "query": email_query(*wanted, mode="full_words"),
        "_fields": CONTACT_FIELDS,
        "_limit": 50,
    }
    data = demo_ro.search(body).json()["data"]
    found = set().union(*(_emails(item) for item in data))
    assert set(THREAD_CONTACT_EMAILS) <= found
    assert UNKNOWN_COMPANY_SENDER_EMAIL not in found
    assert (
        len({item["lead_id"] for item in data if _emails(item) & set(THREAD_CONTACT_EMAILS)}) == 1
    )


def test_lead_name_search(demo_ro: LiveClose) -> None:
    condition = {
        "type": "field_condition",
        "field": {"type": "regular_field", "object_type": "lead", "field_name": "name"},
        "condition": {"type": "text", "mode": "beginning_of_words", "value": "bright"},
    }
    query = {"type": "and", "queries": [{"type": "object_type", "object_type": "lead"}, condition]}
    body = {"query": query, "_fields": {"lead": ["name"]}}
    names = {item["name"] for item in demo_ro.search(body).json()["data"]}
    assert names == {"Brightlane Logistics", "Brightlane Logistics Australia"}
    text = {"query": {"type": "text", "value": "quillfeather"}, "_fields": {"lead": ["name"]}}
    assert [i["name"] for i in demo_ro.search(text).json()["data"]] == ["Quillfeather Software"]
    negated = {
        "query": {"type": "and", "queries": [query["queries"][0], condition | {"negate": True}]}
    }
    assert (
        len(demo_ro.search(negated | {"_limit": 200}).json()["data"])
        == len(demo_ro.state.leads) - 2
    )


def test_cursor_paging_and_sort(demo_ro: LiveClose) -> None:
    query = {"type": "object_type", "object_type": "contact"}
    sort = [
        {
            "direction": "asc",
            "field": {"type": "regular_field", "object_type": "contact", "field_name": "name"},
        }
    ]
    body: dict[str, Any] = {
        "query": query,
        "_limit": 40,
        "sort": sort,
        "_fields": {"contact": ["name"]},
    }
    names: list[str] = []
    while True:
        page = demo_ro.search(body).json()
        names += [item["name"] for item in page["data"]]
        if not page["cursor"]:
            break
        body["cursor"] = page["cursor"]
    assert len(names) == len(demo_ro.state.contacts) and names == sorted(names)
    capped = demo_ro.search({"query": query, "results_limit": 5, "_limit": 3}).json()
    assert len(capped["data"]) == 3 and capped["cursor"]
    other = {"query": {"type": "object_type", "object_type": "lead"}, "cursor": capped["cursor"]}
    assert demo_ro.search(other).status_code == 400  # a cursor belongs to its query


def test_unsupported_searches_are_400_never_a_full_list(demo_ro: LiveClose) -> None:
    email_condition = email_query(KNOWN_SENDER_EMAIL)["queries"][1]["related_query"]
    bad_bodies = [
        {},
        {"query": {"type": "geo_radius", "km": 5}},
        {
            "query": {
                "type": "and",
                "queries": [{"type": "object_type", "object_type": "contact"}, email_condition],
            }
        },
        {"query": email_query(KNOWN_SENDER_EMAIL, mode="fuzzy")},
        {"query": email_query(KNOWN_SENDER_EMAIL), "_fields": "id,name"},
        {"query": email_query(KNOWN_SENDER_EMAIL), "fields": {"contact": ["id"]}},
        {"query": email_query(KNOWN_SENDER_EMAIL), "_limit": 5000},
        {"query": {"type": "object_type", "object_type": "opportunity"}},
        {"query": {"type": "and", "queries": {"not": "a list"}}},
    ]
    for body in bad_bodies:
        response = demo_ro.search(body)
        assert response.status_code == 400, body
        assert response.json()["errors"] and isinstance(response.json()["errors"][0], str)


def test_legacy_lead_query(demo_ro: LiveClose) -> None:
    found = demo_ro.get("/lead/", params={"query": f'email_address:"{KNOWN_SENDER_EMAIL}"'}).json()
    assert KNOWN_SENDER.lead_name in {lead["name"] for lead in found["data"]}
    named = demo_ro.get("/lead/", params={"query": "quillfeather", "_fields": "name"}).json()
    assert [lead["name"] for lead in named["data"]] == ["Quillfeather Software"]


def _by_email(email: str) -> dict[str, Any]:
    nested = {
        "type": "has_related",
        "this_object_type": "lead",
        "related_object_type": "contact",
        "related_query": email_query(email),
    }
    return {"type": "and", "queries": [{"type": "object_type", "object_type": "lead"}, nested]}


def test_search_lag_hides_new_records_until_the_index_catches_up(demo: LiveClose) -> None:
    demo.control("POST", "_faults", {"search_lag_ms": 60_000})
    made = demo.post(
        "/lead/", {"name": "Fresh Co", "contacts": [{"emails": [{"email": "new@fresh.example"}]}]}
    )
    old = demo.search({"query": _by_email(SHARED_EMAIL)}).json()["data"][0]["id"]
    demo.post("/contact/", {"lead_id": old, "emails": [{"email": "joined@old.example"}]})

    assert demo.search({"query": _by_email("new@fresh.example")}).json()["data"] == []
    assert demo.search({"query": _by_email("joined@old.example")}).json()["data"] == []
    assert demo.get(f"/lead/{made.json()['id']}/").status_code == 200  # its endpoint knows it

    demo.control("POST", "_faults", {})
    assert len(demo.search({"query": _by_email("new@fresh.example")}).json()["data"]) == 1
    assert [
        i["id"] for i in demo.search({"query": _by_email("joined@old.example")}).json()["data"]
    ] == [old]
