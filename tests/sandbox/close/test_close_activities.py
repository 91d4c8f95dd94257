"""Activities: the timeline (filters, order, paging), per-type create/get/delete, email rules."""

from __future__ import annotations

from typing import Any

from sandbox.demo_data import KNOWN_SENDER, THREAD_LEAD_NAME

from .live import LiveClose

ALL_TYPES = {
    "Email",
    "Call",
    "Note",
    "Meeting",
    "SMS",
    "LeadStatusChange",
    "OpportunityStatusChange",
    "TaskCompleted",
    "Created",
}


def _lead_named(live: LiveClose, name: str) -> dict[str, Any]:
    return next(lead for lead in live.state.leads.values() if lead["name"] == name)


def _when(activity: dict[str, Any]) -> str:
    return str(activity.get("activity_at") or activity["date_created"])


def test_timeline_is_newest_first_and_pages(demo_ro: LiveClose) -> None:
    lead = _lead_named(demo_ro, KNOWN_SENDER.lead_name)
    items: list[dict[str, Any]] = []
    skip = 0
    while True:
        page = demo_ro.get(
            "/activity/", params={"lead_id": lead["id"], "_skip": skip, "_limit": 25}
        )
        body = page.json()
        items += body["data"]
        skip += len(body["data"])
        if not body["has_more"]:
            break
    assert len(items) >= 60
    stamps = [_when(a) for a in items]
    assert stamps == sorted(stamps, reverse=True)
    assert {a["_type"] for a in items} == ALL_TYPES


def test_timeline_filters(demo_ro: LiveClose) -> None:
    lead = _lead_named(demo_ro, THREAD_LEAD_NAME)
    base = {"lead_id": lead["id"], "_limit": 200}
    emails = demo_ro.get("/activity/", params=base | {"_type": "Email"}).json()["data"]
    assert emails and {a["_type"] for a in emails} == {"Email"}
    mixed = demo_ro.get("/activity/", params=base | {"_type__in": "Call,Note"}).json()["data"]
    assert {a["_type"] for a in mixed} == {"Call", "Note"}
    contact_id = emails[0]["contact_id"]
    theirs = demo_ro.get("/activity/", params=base | {"contact_id": contact_id}).json()["data"]
    assert theirs and {a["contact_id"] for a in theirs} == {contact_id}
    per_type = demo_ro.get("/activity/email/", params=base).json()["data"]
    assert [a["id"] for a in per_type] == [a["id"] for a in emails]


def test_single_lead_filters_need_lead_id(demo_ro: LiveClose) -> None:
    for params in ({"contact_id": "cont_x"}, {"_type": "Email"}, {"_order_by": "-activity_at"}):
        response = demo_ro.get("/activity/", params=params)
        assert response.status_code == 400 and response.json()["errors"], params
    assert (
        demo_ro.get("/activity/", params={"lead_id": "lead_x", "_type": "Fax"}).status_code == 400
    )


def test_seeded_activity_fields(demo_ro: LiveClose) -> None:
    lead = _lead_named(demo_ro, KNOWN_SENDER.lead_name)
    base = {"lead_id": lead["id"], "_limit": 200}
    emails = demo_ro.get("/activity/", params=base | {"_type": "Email"}).json()["data"]
    templated = [e for e in emails if e["template_id"]]
    assert templated and templated[0]["template_name"] == "Intro — first touch"
    inbound = next(e for e in emails if e["direction"] == "incoming")
    envelope = inbound["envelope"]
    assert envelope["message_id"].startswith("<") and envelope["from"][0]["email"]
    assert inbound["status"] == "inbox" and inbound["body_preview"]
    call = demo_ro.get("/activity/call/", params=base).json()["data"][0]
    assert call["duration"] > 0 and call["direction"] in ("inbound", "outbound") and call["note"]
    meeting = demo_ro.get("/activity/meeting/", params=base).json()["data"][0]
    assert meeting["title"] and meeting["starts_at"] < meeting["ends_at"] and meeting["attendees"]
    note = demo_ro.get("/activity/note/", params=base).json()["data"][0]
    assert note["note_html"].startswith("<p>") and "<" not in note["note"]


def test_note_create_get_delete(empty: LiveClose) -> None:
    lead = empty.post("/lead/", {"name": "Acme"}).json()
    body = {"lead_id": lead["id"], "note": "plain", "note_html": "<p>Rich &amp; <b>bold</b></p>"}
    note = empty.post("/activity/note/", body).json()
    assert note["_type"] == "Note" and note["note"] == "Rich & bold"  # note_html wins
    path = f"/activity/note/{note['id']}/"
    assert empty.get(path).json()["id"] == note["id"]
    assert empty.get(f"/activity/call/{note['id']}/").status_code == 404  # wrong type
    edited = empty.put(path, {"note": "edited"}).json()
    assert edited["note"] == "edited" and edited["note_html"] == "<p>edited</p>"
    assert empty.delete(path).json() == {}
    assert empty.get(path).status_code == 404
    assert empty.post("/activity/note/", {"note": "x"}).json()["field-errors"] == {
        "lead": "This field is required."
    }


def test_email_logging_rules(empty: LiveClose) -> None:
    lead = empty.post(
        "/lead/",
        {"name": "Acme", "contacts": [{"name": "Jo", "emails": [{"email": "jo@acme.com"}]}]},
    )
    lead_id = lead.json()["id"]
    base = {"lead_id": lead_id, "subject": "Hi", "body_text": "Hello there", "to": ["jo@acme.com"]}
    sent = empty.post("/activity/email/", base | {"status": "sent"}).json()
    assert sent["direction"] == "outgoing" and "sandy@sandbox.example" in sent["sender"]
    assert sent["sandbox_not_sent"] is False and sent["envelope"]["to"][0]["email"] == "jo@acme.com"
    no_sender = empty.post("/activity/email/", base | {"status": "inbox"})
    assert no_sender.json()["field-errors"] == {"sender": "This field is required."}
    inbox = empty.post("/activity/email/", base | {"status": "inbox", "sender": "Jo <jo@acme.com>"})
    assert inbox.json()["direction"] == "incoming"
    outbox = empty.post("/activity/email/", base | {"status": "outbox", "sender": "s@x.io"}).json()
    assert outbox["status"] == "outbox" and outbox["sandbox_not_sent"] is True
    assert empty.post("/activity/email/", base | {"status": "shouted"}).status_code == 400
    sent_path = f"/activity/email/{sent['id']}/"
    assert empty.put(sent_path, {"subject": "Changed"}).status_code == 400  # only drafts change
    draft = empty.post("/activity/email/", base | {"status": "draft"}).json()
    edited = empty.put(f"/activity/email/{draft['id']}/", {"subject": "Changed"}).json()
    assert edited["subject"] == "Changed" and edited["envelope"]["subject"] == "Changed"


def test_email_from_template_is_rendered(demo: LiveClose) -> None:
    lead = _lead_named(demo, KNOWN_SENDER.lead_name)
    contact_id = demo.state.lead_children(lead["id"]).contacts[0]
    template = demo.get("/email_template/").json()["data"][0]
    body = {
        "lead_id": lead["id"],
        "contact_id": contact_id,
        "status": "draft",
        "template_id": template["id"],
    }
    email = demo.post("/activity/email/", body).json()
    assert email["template_name"] == template["name"]
    assert "Dana" in email["subject"] and "Brightlane Logistics" in email["body_text"]


def test_call_logging(empty: LiveClose) -> None:
    lead = empty.post("/lead/", {"name": "Acme"}).json()
    body = {
        "lead_id": lead["id"],
        "direction": "inbound",
        "duration": 95,
        "phone": "+44 20 7946 0000",
    }
    call = empty.post("/activity/call/", body | {"note": "Asked about pricing"}).json()
    assert (
        call["_type"] == "Call" and call["duration"] == 95 and call["note"] == "Asked about pricing"
    )
    assert call["remote_phone"] == "+442079460000"
    assert empty.post("/activity/call/", body | {"duration": -1}).status_code == 400
    assert empty.call("POST", "/activity/meeting/", json=body).status_code == 405
