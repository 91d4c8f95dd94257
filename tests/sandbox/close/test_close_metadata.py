"""Statuses, pipelines, custom-field definitions, and email templates (list, visibility, render)."""

from __future__ import annotations

from sandbox.demo_data import COWORKERS, KNOWN_SENDER

from .live import LiveClose


def test_statuses_and_pipelines(demo_ro: LiveClose) -> None:
    lead_statuses = demo_ro.get("/status/lead/").json()
    assert lead_statuses["has_more"] is False
    assert {"Potential", "Qualified", "Customer", "Bad Fit"} <= {
        s["label"] for s in lead_statuses["data"]
    }
    opp_statuses = demo_ro.get("/status/opportunity/").json()["data"]
    assert all(s["type"] in ("active", "won", "lost") and s["pipeline_id"] for s in opp_statuses)
    pipelines = demo_ro.get("/pipeline/").json()["data"]
    assert [p["name"] for p in pipelines] == ["Sales", "Renewals"]
    nested = {s["id"] for p in pipelines for s in p["statuses"]}
    assert nested == {s["id"] for s in opp_statuses}


def test_custom_field_lists_and_schema(demo_ro: LiveClose) -> None:
    lead_fields = demo_ro.get("/custom_field/lead/").json()["data"]
    assert {f["type"] for f in lead_fields} == {
        "text",
        "number",
        "date",
        "datetime",
        "choices",
        "user",
    }
    multi = next(f for f in lead_fields if f["name"] == "Tech Stack")
    assert multi["accepts_multiple_values"] is True and "Snowflake" in multi["choices"]
    schema = demo_ro.get("/custom_field_schema/lead/").json()
    names = {f["name"] for f in schema["fields"]}
    assert "Region" in names and "Region" not in {f["name"] for f in lead_fields}  # shared field
    contact_schema = demo_ro.get("/custom_field_schema/contact/").json()["fields"]
    assert {"Role in Deal", "NPS Score", "Region"} <= {f["name"] for f in contact_schema}
    one = demo_ro.get(f"/custom_field/lead/{multi['id']}/").json()
    assert one["name"] == "Tech Stack"
    missing = demo_ro.get("/custom_field/lead/cf_missing/")
    assert missing.json() == {
        "error": "Empty query: LeadCustomField matching query does not exist."
    }
    assert demo_ro.get("/custom_field_schema/planet/").status_code == 404


def test_templates_respect_archive_and_personal_visibility(demo_ro: LiveClose) -> None:
    mine = {t["name"] for t in demo_ro.get("/email_template/").json()["data"]}
    assert {"Intro — first touch", "My quick check-in", "Q3 webinar invite (old)"} <= mine
    assert "Jordan's break-up email" not in mine  # Jordan's personal template
    active = demo_ro.get("/email_template/", params={"is_archived": "false"}).json()["data"]
    assert "Q3 webinar invite (old)" not in {t["name"] for t in active}
    jordans = demo_ro.get("/email_template/", key=COWORKERS[0].api_key).json()["data"]
    assert "Jordan's break-up email" in {t["name"] for t in jordans}
    assert "My quick check-in" not in {t["name"] for t in jordans}
    personal = next(t for t in jordans if t["name"] == "Jordan's break-up email")
    assert demo_ro.get(f"/email_template/{personal['id']}/").status_code == 404
    shared = demo_ro.get("/email_template/", params={"is_shared": "true"}).json()["data"]
    assert shared and all(t["is_shared"] for t in shared)


def test_template_render(demo_ro: LiveClose) -> None:
    lead = next(
        lead for lead in demo_ro.state.leads.values() if lead["name"] == KNOWN_SENDER.lead_name
    )
    contact_id = demo_ro.state.lead_children(lead["id"]).contacts[0]
    template = next(
        t
        for t in demo_ro.get("/email_template/").json()["data"]
        if t["name"] == "Intro — first touch"
    )
    path = f"/email_template/{template['id']}/render/"
    rendered = demo_ro.get(path, params={"lead_id": lead["id"], "contact_id": contact_id}).json()
    assert rendered["subject"] == "Quick intro, Dana"
    assert "Brightlane Logistics" in rendered["body"] and rendered["body"].endswith("Alex")
    assert "{{" not in rendered["body"]
    assert rendered["email"] == KNOWN_SENDER.email and rendered["lead_display_name"] == lead["name"]
    assert rendered["contact_display_name"] == KNOWN_SENDER.name
    missing = demo_ro.get(path, params={"lead_id": lead["id"]})
    assert missing.json()["field-errors"] == {"contact_id": "This field is required."}
    other = next(c for c in demo_ro.state.contacts.values() if c["lead_id"] != lead["id"])
    wrong = demo_ro.get(path, params={"lead_id": lead["id"], "contact_id": other["id"]})
    assert wrong.status_code == 400
