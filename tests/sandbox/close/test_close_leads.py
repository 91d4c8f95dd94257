"""Leads: create/read/update/delete, cascades, paging and ``_fields``."""

from __future__ import annotations

from typing import Any

from .live import LiveClose


def _field_id(live: LiveClose, object_type: str, name: str) -> str:
    fields = live.get(f"/custom_field_schema/{object_type}/").json()["fields"]
    return next(f["id"] for f in fields if f["name"] == name)


def _new_lead(live: LiveClose, **extra: Any) -> dict[str, Any]:
    body = {
        "name": "Bluth Company",
        "url": "http://thebluthcompany.tumblr.com/",
        "contacts": [
            {
                "name": "Gob Bluth",
                "title": "Magician",
                "emails": [{"email": "gob@bluth.example", "type": "office"}],
                "phones": [{"phone": "8004445555", "type": "office"}],
            }
        ],
    } | extra
    response = live.post("/lead/", body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_create_lead_with_nested_contact(empty: LiveClose) -> None:
    lead = _new_lead(empty)
    assert lead["id"].startswith("lead_")
    assert lead["html_url"] == f"https://app.close.com/lead/{lead['id']}/"
    assert lead["display_name"] == "Bluth Company"
    assert lead["status_label"] == "Potential"  # the first status is the default
    contact = lead["contacts"][0]
    assert contact["lead_id"] == lead["id"] and lead["contact_ids"] == [contact["id"]]
    assert contact["phones"][0]["phone"] == "+18004445555"
    assert contact["phones"][0]["phone_formatted"] == "+1 800-444-5555"
    assert contact["emails"][0] == {
        "email": "gob@bluth.example",
        "type": "office",
        "is_unsubscribed": False,
    }
    assert empty.get(f"/lead/{lead['id']}/").json()["name"] == "Bluth Company"


def test_status_by_label_or_id_and_bad_status(empty: LiveClose) -> None:
    statuses = empty.get("/status/lead/").json()["data"]
    by_label = _new_lead(empty, status="qualified")
    assert by_label["status_label"] == "Qualified"
    by_id = _new_lead(empty, status_id=statuses[3]["id"])
    assert by_id["status_id"] == statuses[3]["id"]
    bad = empty.post("/lead/", {"name": "X", "status": "foo"})
    assert bad.status_code == 400
    assert bad.json()["errors"] == []
    assert "foo" in bad.json()["field-errors"]["status"]


def test_custom_fields_on_create_and_update(demo: LiveClose) -> None:
    employees = _field_id(demo, "lead", "Employees")
    stack = _field_id(demo, "lead", "Tech Stack")
    lead = _new_lead(demo, **{f"custom.{employees}": "250", f"custom.{stack}": ["Snowflake"]})
    assert lead[f"custom.{employees}"] == 250
    path = f"/lead/{lead['id']}/"
    updated = demo.put(path, {f"custom.{stack}.add": "Postgres"}).json()
    assert updated[f"custom.{stack}"] == ["Snowflake", "Postgres"]
    cleared = demo.put(path, {f"custom.{employees}": None}).json()
    assert f"custom.{employees}" not in cleared
    bad = demo.put(path, {f"custom.{employees}": "lots"})
    assert bad.status_code == 400
    assert bad.json()["field-errors"] == {f"custom.{employees}": "Enter a number."}


def test_put_is_a_partial_update_and_logs_status_change(empty: LiveClose) -> None:
    lead = _new_lead(empty, description="Best. Show. Ever.")
    updated = empty.put(f"/lead/{lead['id']}/", {"name": "Bluth Co", "status": "Customer"}).json()
    assert updated["name"] == "Bluth Co" and updated["description"] == "Best. Show. Ever."
    assert updated["status_label"] == "Customer"
    assert updated["date_updated"] >= lead["date_updated"]
    changes = empty.get("/activity/", params={"lead_id": lead["id"], "_type": "LeadStatusChange"})
    change = changes.json()["data"][0]
    assert (change["old_status_label"], change["new_status_label"]) == ("Potential", "Customer")
    nested = empty.put(f"/lead/{lead['id']}/", {"contacts": []})
    assert nested.status_code == 400 and nested.json()["errors"]


def test_delete_cascades_to_children(empty: LiveClose) -> None:
    lead = _new_lead(empty)
    contact_id = lead["contacts"][0]["id"]
    opp = empty.post("/opportunity/", {"lead_id": lead["id"], "value": 1000}).json()
    task = empty.post("/task/", {"lead_id": lead["id"], "text": "Call"}).json()
    note = empty.post("/activity/note/", {"lead_id": lead["id"], "note": "hi"}).json()
    deleted = empty.delete(f"/lead/{lead['id']}/")
    assert deleted.status_code == 200 and deleted.json() == {}
    for path in (
        f"/lead/{lead['id']}/",
        f"/contact/{contact_id}/",
        f"/opportunity/{opp['id']}/",
        f"/task/{task['id']}/",
        f"/activity/note/{note['id']}/",
    ):
        assert empty.get(path).status_code == 404, path
    assert empty.get("/activity/").json()["data"] == []


def test_paging_through_leads(demo_ro: LiveClose) -> None:
    seen: list[str] = []
    skip = 0
    while True:
        page = demo_ro.get("/lead/", params={"_skip": skip, "_limit": 7, "_fields": "id"}).json()
        seen += [lead["id"] for lead in page["data"]]
        skip += len(page["data"])
        if not page["has_more"]:
            break
    assert len(seen) == len(set(seen)) == page["total_results"] == len(demo_ro.state.leads)
    too_big = demo_ro.get("/lead/", params={"_limit": 1000})
    assert too_big.status_code == 400 and too_big.json()["errors"]
    assert demo_ro.get("/lead/", params={"_limit": "x"}).status_code == 400


def test_fields_trim_objects_but_keep_id(demo_ro: LiveClose) -> None:
    page = demo_ro.get("/lead/", params={"_limit": 3, "_fields": "display_name,custom"}).json()
    for lead in page["data"]:
        assert {"id", "display_name"} <= set(lead)
        assert all(key in ("id", "display_name") or key.startswith("custom.") for key in lead)
    one = demo_ro.get(f"/lead/{page['data'][0]['id']}/", params={"_fields": "status_label"}).json()
    assert set(one) == {"id", "status_label"}


def test_legacy_query_by_email(demo_ro: LiveClose) -> None:
    found = demo_ro.get("/lead/", params={"query": 'email_address:"casey@tallpines.vc"'}).json()
    assert found["total_results"] == 2
    assert demo_ro.get("/lead/", params={"query": "custom.x:1"}).status_code == 400
