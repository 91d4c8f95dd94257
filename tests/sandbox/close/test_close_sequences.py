"""The emulator's sequences, subscriptions and unsubscribes, over HTTP."""

from __future__ import annotations

from typing import Any

from sandbox.demo_data import FREEMAIL_CONTACT_EMAIL, KNOWN_SENDER_EMAIL, THREAD_CONTACTS

from .live import LiveClose, email_query

ELENA, TOM, AISHA, PROCUREMENT = THREAD_CONTACTS


def _contact(live: LiveClose, email: str) -> dict[str, Any]:
    body = {"query": email_query(email), "_fields": {"contact": ["id", "emails"]}}
    found = live.search(body).json()["data"]
    (hit,) = [c for c in found if c["emails"][0]["email"] == email]
    contact: dict[str, Any] = live.get(f"/contact/{hit['id']}/").json()
    return contact


def _sequence(live: LiveClose, name: str) -> dict[str, Any]:
    return next(s for s in live.get("/sequence/").json()["data"] if s["name"] == name)


def _sender(live: LiveClose) -> dict[str, str]:
    me = live.get("/me/").json()
    account = live.get("/connected_account/", params={"user_id": me["id"]}).json()["data"][0]
    identity = account["default_identity"]
    return {
        "sender_account_id": account["id"],
        "sender_name": identity["name"],
        "sender_email": identity["email"],
    }


def _subscribe(live: LiveClose, contact: dict[str, Any], sequence: str, **over: Any) -> Any:
    body = {
        "sequence_id": _sequence(live, sequence)["id"],
        "contact_id": contact["id"],
        "contact_email": contact["emails"][0]["email"],
        **_sender(live),
    }
    return live.post("/sequence_subscription/", body | over)


def test_sequences_list_their_email_steps_with_templates(demo_ro: LiveClose) -> None:
    listed = demo_ro.get("/sequence/").json()["data"]

    assert {s["name"] for s in listed} >= {"Enterprise follow-up", "Re-engage quiet leads"}
    for sequence in listed:
        assert sequence["id"].startswith("seq_") and sequence["status"] == "active"
        emails = [s for s in sequence["steps"] if s["step_type"] == "email"]
        assert emails and all(s["email_template_id"].startswith("tmpl_") for s in emails)


def test_a_contact_carries_its_subscriptions_and_unsubscribed_addresses(demo_ro: LiveClose) -> None:
    dana = _contact(demo_ro, KNOWN_SENDER_EMAIL)
    elena = _contact(demo_ro, ELENA.email)
    marcus = _contact(demo_ro, FREEMAIL_CONTACT_EMAIL)

    (active,) = dana["subscriptions"]
    assert (active["sequence_name"], active["subscription_status"]) == (
        "Enterprise follow-up",
        "active",
    )
    (paused,) = elena["subscriptions"]
    assert (paused["subscription_status"], paused["subscription_status_reason"]) == (
        "paused",
        "reply-received",
    )
    assert [e["is_unsubscribed"] for e in marcus["emails"]] == [True]
    assert [e["is_unsubscribed"] for e in dana["emails"]] == [False]


def test_the_search_brings_subscriptions_when_asked(demo_ro: LiveClose) -> None:
    fields = {"contact": ["id", "emails", "subscriptions"]}
    body = {"query": email_query(KNOWN_SENDER_EMAIL), "_fields": fields}

    found = demo_ro.search(body).json()["data"]

    (dana,) = [c for c in found if c["emails"][0]["email"] == KNOWN_SENDER_EMAIL]
    assert dana["subscriptions"][0]["sequence_name"] == "Enterprise follow-up"


def test_subscriptions_list_by_contact_lead_or_sequence(demo_ro: LiveClose) -> None:
    dana = _contact(demo_ro, KNOWN_SENDER_EMAIL)

    by_contact = demo_ro.get("/sequence_subscription/", params={"contact_id": dana["id"]})
    by_lead = demo_ro.get("/sequence_subscription/", params={"lead_id": dana["lead_id"]})
    sequence = _sequence(demo_ro, "Enterprise follow-up")["id"]
    by_sequence = demo_ro.get("/sequence_subscription/", params={"sequence_id": sequence})
    unfiltered = demo_ro.get("/sequence_subscription/")

    assert [s["contact_id"] for s in by_contact.json()["data"]] == [dana["id"]]
    assert [s["contact_id"] for s in by_lead.json()["data"]] == [dana["id"]]
    assert dana["id"] in {s["contact_id"] for s in by_sequence.json()["data"]}
    assert unfiltered.status_code == 400


def test_subscribing_starts_an_active_subscription_once(demo: LiveClose) -> None:
    procurement = _contact(demo, PROCUREMENT.email)

    made = _subscribe(demo, procurement, "Re-engage quiet leads")
    again = _subscribe(demo, procurement, "Re-engage quiet leads")

    assert made.status_code == 200
    assert (made.json()["status"], made.json()["contact_email"]) == ("active", PROCUREMENT.email)
    assert again.status_code == 400
    assert "contact_id" in again.json()["field-errors"]
    listed = _contact(demo, PROCUREMENT.email)["subscriptions"]
    assert [s["subscription_id"] for s in listed] == [made.json()["id"]]


def test_subscribing_refuses_bad_input_by_field(demo: LiveClose) -> None:
    procurement = _contact(demo, PROCUREMENT.email)
    marcus = _contact(demo, FREEMAIL_CONTACT_EMAIL)

    def errors(response: Any) -> dict[str, str]:
        assert response.status_code == 400
        return dict(response.json()["field-errors"])

    assert set(errors(demo.post("/sequence_subscription/", {}))) >= {
        "sequence_id",
        "contact_id",
        "contact_email",
        "sender_account_id",
    }
    assert "sequence_id" in errors(
        _subscribe(demo, procurement, "Re-engage quiet leads", sequence_id="seq_nope")
    )
    assert "contact_id" in errors(
        _subscribe(demo, procurement, "Re-engage quiet leads", contact_id="cont_nope")
    )
    assert "contact_email" in errors(
        _subscribe(demo, procurement, "Re-engage quiet leads", contact_email="someone@else.com")
    )
    assert errors(_subscribe(demo, marcus, "Re-engage quiet leads"))["contact_email"] == (
        "This email address is unsubscribed."
    )


def test_pause_and_resume_change_the_status(demo: LiveClose) -> None:
    (sub,) = _contact(demo, KNOWN_SENDER_EMAIL)["subscriptions"]
    path = f"/sequence_subscription/{sub['subscription_id']}/"

    paused = demo.put(path, {"status": "paused"}).json()
    resumed = demo.put(path, {"status": "active"}).json()

    assert (paused["status"], paused["status_reason"]) == ("paused", "manual")
    assert (resumed["status"], resumed["status_reason"]) == ("active", None)
    assert demo.get(path).json()["status"] == "active"


def test_status_changes_the_subscription_cannot_take_are_refused(demo: LiveClose) -> None:
    (finished,) = _contact(demo, AISHA.email)["subscriptions"]
    (bounced,) = _contact(demo, TOM.email)["subscriptions"]
    (replied,) = _contact(demo, ELENA.email)["subscriptions"]

    def put(sub: dict[str, Any], status: str) -> Any:
        return demo.put(f"/sequence_subscription/{sub['subscription_id']}/", {"status": status})

    assert put(finished, "active").status_code == 400
    assert put(bounced, "active").status_code == 400
    assert put(finished, "paused").status_code == 400
    assert put(replied, "finished").status_code == 400
    assert put(replied, "active").json()["status"] == "active"  # a reply pauses; one may resume
    assert demo.put("/sequence_subscription/sub_nope/", {"status": "paused"}).status_code == 404


def test_unsubscribe_and_resubscribe_an_address(demo: LiveClose) -> None:
    assert demo.post("/unsubscribe/email/", {"email": PROCUREMENT.email.upper()}).status_code == 200
    assert _contact(demo, PROCUREMENT.email)["emails"][0]["is_unsubscribed"] is True

    assert demo.delete(f"/unsubscribe/email/{PROCUREMENT.email}/").status_code == 200
    assert _contact(demo, PROCUREMENT.email)["emails"][0]["is_unsubscribed"] is False
    assert demo.delete(f"/unsubscribe/email/{PROCUREMENT.email}/").status_code == 404
    assert demo.post("/unsubscribe/email/", {"email": ""}).status_code == 400
