"""Email template writes: create, partial update, share rules, archive, delete."""

from __future__ import annotations

from typing import Any

from sandbox.demo_data import COWORKERS

from .live import LiveClose


def _create(demo: LiveClose, **fields: Any) -> dict[str, Any]:
    body = {"name": "Intro 2", "subject": "Hi {{ contact.first_name }}", "body": "Text"} | fields
    reply = demo.post("/email_template/", body)
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_create_needs_a_name_and_is_personal_unless_shared(demo: LiveClose) -> None:
    for blank in ({}, {"name": ""}, {"name": "  "}):
        refused = demo.post("/email_template/", {"subject": "S", **blank})
        assert refused.status_code == 400
        assert refused.json()["field-errors"] == {"name": "This field is required."}
    wrong = demo.post("/email_template/", {"name": "N", "is_shared": "yes", "subject": 3})
    assert set(wrong.json()["field-errors"]) == {"is_shared", "subject"}
    made = _create(demo)
    assert made["is_shared"] is False and made["is_archived"] is False
    assert made["used_by_sequences"] == [] and made["id"].startswith("tmpl_")
    jordan = COWORKERS[0].api_key
    assert demo.get(f"/email_template/{made['id']}/", key=jordan).status_code == 404


def test_update_changes_only_the_fields_sent(demo: LiveClose) -> None:
    made = _create(demo)
    reply = demo.put(f"/email_template/{made['id']}/", {"subject": "New subject"})
    assert reply.status_code == 200
    after = demo.get(f"/email_template/{made['id']}/").json()
    assert after["subject"] == "New subject"
    assert (after["name"], after["body"]) == (made["name"], made["body"])
    blank = demo.put(f"/email_template/{made['id']}/", {"name": ""})
    assert blank.json()["field-errors"] == {"name": "This field is required."}
    assert demo.put("/email_template/tmpl_nope/", {"name": "x"}).status_code == 404


def test_only_the_creator_edits_a_personal_template_anyone_a_shared_one(
    demo: LiveClose,
) -> None:
    jordan = COWORKERS[0].api_key
    personal = _create(demo)
    assert (
        demo.put(f"/email_template/{personal['id']}/", {"name": "x"}, key=jordan).status_code == 404
    )
    shared = _create(demo, is_shared=True)
    edited = demo.put(f"/email_template/{shared['id']}/", {"name": "By Jordan"}, key=jordan)
    assert edited.status_code == 200 and edited.json()["name"] == "By Jordan"


def test_a_template_a_sequence_sends_cannot_be_unshared_nor_deleted(demo: LiveClose) -> None:
    made = _create(demo, is_shared=True)
    demo.state.sequences = {
        "seq_1": {"name": "Onboarding", "steps": [{"email_template_id": made["id"]}]}
    }
    used = demo.get(f"/email_template/{made['id']}/").json()["used_by_sequences"]
    assert used == [{"id": "seq_1", "name": "Onboarding"}]
    refused = demo.put(f"/email_template/{made['id']}/", {"is_shared": False})
    assert refused.status_code == 400
    assert "not shared" in refused.json()["errors"][0]
    assert demo.delete(f"/email_template/{made['id']}/").status_code == 400
    assert demo.get(f"/email_template/{made['id']}/").json()["is_shared"] is True


def test_archive_hides_it_from_the_active_list_and_delete_removes_it(demo: LiveClose) -> None:
    made = _create(demo)
    demo.put(f"/email_template/{made['id']}/", {"is_archived": True})
    active = demo.get("/email_template/", params={"is_archived": "false"}).json()["data"]
    assert made["id"] not in {t["id"] for t in active}
    assert demo.delete(f"/email_template/{made['id']}/").status_code == 200
    assert demo.get(f"/email_template/{made['id']}/").status_code == 404


def test_a_tag_the_emulator_does_not_know_renders_as_nothing(demo: LiveClose) -> None:
    body = "Hi {{ contact.first_name }}, {{ bogus }}{{ Contact.First_Name }}{{ user.x | y }}."
    made = _create(demo, subject="{{ nothing }}About {{ lead.display_name }}", body=body)
    contact = next(c for c in demo.state.contacts.values() if c["name"] and c["lead_id"])
    params = {"lead_id": contact["lead_id"], "contact_id": contact["id"]}
    rendered = demo.get(f"/email_template/{made['id']}/render/", params=params).json()
    first = contact["name"].partition(" ")[0]
    assert rendered["body"] == f"Hi {first}, ."
    assert rendered["subject"].startswith("About ") and "{{" not in rendered["subject"]
