"""Contacts, opportunities and tasks: create/update/delete, validation and list filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .live import LiveClose


def _lead(live: LiveClose) -> dict[str, Any]:
    return dict(live.post("/lead/", {"name": "Acme"}).json())


def test_contact_requires_an_existing_lead(empty: LiveClose) -> None:
    missing = empty.post("/contact/", {"name": "Jane"})
    assert missing.status_code == 400
    assert missing.json() == {"errors": [], "field-errors": {"lead": "This field is required."}}
    unknown = empty.post("/contact/", {"name": "Jane", "lead_id": "lead_nope"})
    assert unknown.json()["field-errors"] == {"lead": "Object does not exist."}


def test_contact_crud_replaces_email_list_whole(empty: LiveClose) -> None:
    lead = _lead(empty)
    body = {"lead_id": lead["id"], "name": "Jane Doe", "title": "CTO"}
    body["emails"] = [
        {"email": "jane@acme.com", "type": "office"},
        {"email": "j@home.net", "type": "home"},
    ]
    contact = empty.post("/contact/", body).json()
    assert [e["email"] for e in contact["emails"]] == ["jane@acme.com", "j@home.net"]
    path = f"/contact/{contact['id']}/"
    updated = empty.put(path, {"emails": [{"email": "jane.doe@acme.com"}]}).json()
    assert [e["email"] for e in updated["emails"]] == ["jane.doe@acme.com"]
    assert updated["emails"][0]["type"] == "office" and updated["title"] == "CTO"
    listed = empty.get("/contact/", params={"lead_id": lead["id"]}).json()["data"]
    assert [c["id"] for c in listed] == [contact["id"]]
    bad = empty.put(path, {"emails": [{"email": "not-an-email"}]})
    assert bad.status_code == 400 and "emails" in bad.json()["field-errors"]
    assert empty.delete(path).json() == {}
    assert empty.get(path).json() == {
        "error": "Empty query: Contact matching query does not exist."
    }


def test_contact_custom_fields_validate_by_type(demo: LiveClose) -> None:
    schema = demo.get("/custom_field_schema/contact/").json()["fields"]
    by_name = {f["name"]: f["id"] for f in schema}
    lead_id = next(iter(demo.state.leads))
    body = {"lead_id": lead_id, "name": "Pat"}
    ok = demo.post("/contact/", body | {f"custom.{by_name['NPS Score']}": 9}).json()
    assert ok[f"custom.{by_name['NPS Score']}"] == 9
    cases = {
        "NPS Score": "nine",
        "Role in Deal": "Wizard",
        "Last Event Attended": "next tuesday",
        "Relationship Owner": "user_unknown",
        "Region": ["NA", "EMEA"],  # a single-value shared field
    }
    for name, value in cases.items():
        key = f"custom.{by_name[name]}"
        response = demo.post("/contact/", body | {key: value})
        assert response.status_code == 400, name
        assert key in response.json()["field-errors"], name
    unknown = demo.post("/contact/", body | {"custom.cf_unknown": 1})
    assert unknown.status_code == 400


def test_opportunity_money_status_and_date_won(empty: LiveClose) -> None:
    lead = _lead(empty)
    statuses = {s["label"]: s["id"] for s in empty.get("/status/opportunity/").json()["data"]}
    body = {"lead_id": lead["id"], "value": 50000, "value_period": "monthly", "confidence": 90}
    opp = empty.post("/opportunity/", body).json()
    assert opp["value_formatted"] == "$500 monthly"
    assert (opp["status_label"], opp["status_type"], opp["pipeline_name"]) == (
        "Active",
        "active",
        "Sales",
    )
    assert opp["expected_value"] == 45000 and opp["annualized_value"] == 600000
    assert opp["date_won"] is None
    won = empty.put(f"/opportunity/{opp['id']}/", {"status_id": statuses["Won"]}).json()
    assert won["status_type"] == "won" and won["date_won"] == datetime.now(UTC).date().isoformat()
    back = empty.put(f"/opportunity/{opp['id']}/", {"status_id": statuses["Active"]}).json()
    assert back["date_won"] == won["date_won"]  # reverting does not clear it
    changes = empty.get(
        "/activity/", params={"lead_id": lead["id"], "_type": "OpportunityStatusChange"}
    )
    assert len(changes.json()["data"]) == 2
    bad = empty.post("/opportunity/", {"lead_id": lead["id"], "confidence": 120, "value": "lots"})
    assert set(bad.json()["field-errors"]) == {"confidence", "value"}
    assert empty.post("/opportunity/", {"value": 1}).json()["field-errors"] == {
        "lead": "This field is required."
    }


def test_opportunity_filters_and_ordering(demo_ro: LiveClose) -> None:
    won = demo_ro.get("/opportunity/", params={"status_type": "won", "_limit": 100}).json()
    assert won["data"] and all(o["status_type"] == "won" for o in won["data"])
    assert won["total_results"] == len(won["data"])
    ordered = demo_ro.get("/opportunity/", params={"_order_by": "-value", "_limit": 100}).json()
    values = [o["value"] for o in ordered["data"]]
    assert values == sorted(values, reverse=True)
    lead_id = won["data"][0]["lead_id"]
    per_lead = demo_ro.get("/opportunity/", params={"lead_id": lead_id}).json()["data"]
    assert per_lead and {o["lead_id"] for o in per_lead} == {lead_id}
    assert demo_ro.get("/opportunity/", params={"_order_by": "colour"}).status_code == 400


def test_task_create_defaults_and_completion(empty: LiveClose) -> None:
    lead = _lead(empty)
    me = empty.get("/me/").json()
    task = empty.post(
        "/task/", {"_type": "lead", "lead_id": lead["id"], "text": "Follow up"}
    ).json()
    assert task["assigned_to"] == me["id"] and task["assigned_to_name"] == "Sandy Tester"
    assert task["is_dateless"] is True and task["view"] == "inbox" and task["is_complete"] is False
    done = empty.put(f"/task/{task['id']}/", {"is_complete": True}).json()
    assert done["is_complete"] is True and done["view"] == "archive"
    logged = empty.get("/activity/", params={"lead_id": lead["id"], "_type": "TaskCompleted"})
    assert logged.json()["data"][0]["task_id"] == task["id"]
    assert (
        empty.post("/task/", {"text": "x"}).json()["field-errors"]["lead"]
        == "This field is required."
    )
    bad_date = empty.post("/task/", {"lead_id": lead["id"], "text": "x", "date": "soon"})
    assert bad_date.status_code == 400
    assert empty.delete(f"/task/{task['id']}/").json() == {}
    assert empty.get(f"/task/{task['id']}/").status_code == 404


def test_task_filters(demo_ro: LiveClose) -> None:
    me = demo_ro.get("/me/").json()["id"]
    today = datetime.now(UTC).date()
    mine = {"assigned_to": me, "is_complete": "false", "_limit": 200}
    overdue = demo_ro.get("/task/", params=mine | {"date__lt": today.isoformat()}).json()["data"]
    assert overdue and all(t["date"][:10] < today.isoformat() for t in overdue)
    future = demo_ro.get("/task/", params=mine | {"view": "future"}).json()["data"]
    assert future and all(t["date"][:10] > today.isoformat() for t in future)
    inbox = demo_ro.get("/task/", params=mine | {"view": "inbox"}).json()["data"]
    assert {t["id"] for t in overdue} <= {t["id"] for t in inbox}
    due_today = [t for t in inbox if t["date"][:10] == today.isoformat()]
    assert due_today
    done = demo_ro.get("/task/", params={"is_complete": "true", "_limit": 200}).json()["data"]
    assert done and all(t["is_complete"] for t in done)
    tomorrow = (today + timedelta(days=1)).isoformat()
    window = demo_ro.get("/task/", params=mine | {"date__gte": tomorrow}).json()["data"]
    assert {t["id"] for t in window} == {t["id"] for t in future}
    ordered = demo_ro.get("/task/", params=mine | {"_order_by": "-date"}).json()["data"]
    assert [t["date"][:10] for t in ordered] == sorted(
        (t["date"][:10] for t in ordered), reverse=True
    )
