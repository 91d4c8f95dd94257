"""Bulk updates, live: edits staged in the store, listed, sent together, refused or discarded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from addon import create_app
from addon.store import SECTIONS
from sandbox.demo_data.constants import COWORKERS, DemoUser
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.editing import (
    field_id,
    lead_in_close,
    line,
    lines,
    make_lead,
    navigations,
    open_lead,
    puts,
    save,
    status_id,
    tap,
    updated_card,
)

pytestmark = pytest.mark.usefixtures("own_leads")

SAM, RILEY = COWORKERS[2], COWORKERS[3]


def _bulk_user(live: Live, user: DemoUser) -> Browser:
    """Connect a coworker with immediate updates off and nothing staged."""
    browser = Browser(live, email=user.email)
    browser.click("connect", form={"api_key": user.api_key})
    settings = {"view": "lead", "sections": list(SECTIONS), "activities_per_page": "8"}
    browser.click("save_settings", form=settings)  # the switch left off: bulk updates
    return browser


@pytest.fixture
def sam(gmail: Browser, live: Live) -> Browser:
    return _bulk_user(live, SAM)


@pytest.fixture
def riley(gmail: Browser, live: Live) -> Browser:
    return _bulk_user(live, RILEY)


def _section(card: dict[str, Any], title: str) -> dict[str, Any] | None:
    return next((s for s in card["sections"] if s.get("header") == title), None)


def _waiting(card: dict[str, Any]) -> list[str]:
    """Return the lines of the "N changes waiting" section, as the user reads them."""
    section = next((s for s in card["sections"] if "waiting" in s.get("header", "")), None)
    if section is None:
        return []
    out = []
    for widget in section["widgets"]:
        line_ = widget.get("decoratedText")
        if line_:
            text = line_["text"].replace("<b>", "").replace("</b>", "")
            out.append(f"{text} | {line_['bottomLabel']}" if "bottomLabel" in line_ else text)
    return out


def _stage_status_and_industry(user: Browser, live: Live, lead: dict[str, Any]) -> dict[str, Any]:
    card = open_lead(user, live, lead["id"])
    body = save(user, tap(user, line(card, "Lead status")), value=status_id(live, "Qualified"))
    assert navigations(body) == ["pop", "updateCard"]
    assert "stateChanged" not in body  # Close has not changed
    assert notification(body) == f"{lead['name']} · Lead status → Qualified · 1 change waiting"
    card = updated_card(body)
    body = save(user, tap(user, line(card, "Industry")), value="Logistics")
    assert notification(body) == f"{lead['name']} · Industry → Logistics · 2 changes waiting"
    return updated_card(body)


def _press(user: Browser, card: dict[str, Any], label: str) -> dict[str, Any]:
    name, params = action_of(find_button(card, label))
    return user.click(name, params=params)


def test_two_staged_edits_are_listed_then_sent_together(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = _stage_status_and_industry(sam, live, lead)

    assert _section(card, "2 changes waiting") is not None
    assert _waiting(card) == [
        f"{lead['name']} · Lead status → Qualified",
        f"{lead['name']} · Industry → Logistics",
    ]
    status = line(card, "Lead status")
    assert status["text"] == 'Qualified <font color="#b06000">(waiting)</font>'
    assert status["bottomLabel"] == f"In Close: {lead['status_label']}"
    assert lead_in_close(live, lead["id"])["status_label"] == lead["status_label"]
    assert puts(live) == {}

    body = _press(sam, card, "Send")

    assert notification(body) == "2 changes sent"
    assert body.get("stateChanged") is True
    held = lead_in_close(live, lead["id"])
    assert held["status_label"] == "Qualified"
    assert held[f"custom.{field_id(live, 'Industry')}"] == "Logistics"
    assert puts(live) == {"PUT /lead/{id}/": 1}  # two fields of one record: one update
    sent = updated_card(body)
    assert _waiting(sent) == []
    assert line(sent, "Lead status")["text"] == "Qualified"


def test_changes_to_several_records_are_sent_record_by_record(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = open_lead(sam, live, lead["id"])
    card = updated_card(save(sam, tap(sam, line(card, "Title")), value="Treasurer"))
    card = updated_card(
        save(sam, tap(sam, line(card, "Lead status")), value=status_id(live, "Customer"))
    )
    card = updated_card(save(sam, tap(sam, line(card, "Employees")), value="75"))
    assert _waiting(card) == [
        "Robin Vale · Title → Treasurer",
        f"{lead['name']} · Lead status → Customer",
        f"{lead['name']} · Employees → 75",
    ]
    body = _press(sam, card, "Send")
    assert notification(body) == "3 changes sent"
    assert puts(live) == {"PUT /contact/{id}/": 1, "PUT /lead/{id}/": 1}
    assert api(live, "GET", f"contact/{lead['contacts'][0]['id']}/")["title"] == "Treasurer"
    assert lead_in_close(live, lead["id"])[f"custom.{field_id(live, 'Employees')}"] == 75


def test_staging_a_field_again_replaces_it_and_setting_it_back_drops_it(
    sam: Browser, live: Live
) -> None:
    lead = make_lead(live)
    card = _stage_status_and_industry(sam, live, lead)
    edit = tap(sam, line(card, "Lead status"))
    dropdown = edit["sections"][0]["widgets"][0]["selectionInput"]
    assert [i["text"] for i in dropdown["items"] if i["selected"]] == ["Qualified"]
    assert f"In Close now: {lead['status_label']}" in card_text(edit)

    card = updated_card(save(sam, edit, value=status_id(live, "Customer")))
    assert _waiting(card) == [
        f"{lead['name']} · Lead status → Customer",
        f"{lead['name']} · Industry → Logistics",
    ]

    edit = tap(sam, line(card, "Lead status"))
    body = save(sam, edit, value=lead["status_id"])  # back to what Close holds
    assert _waiting(updated_card(body)) == [f"{lead['name']} · Industry → Logistics"]
    assert (
        notification(body)
        == f"{lead['name']} · Lead status back to {lead['status_label']} · 1 change waiting"
    )

    edit = tap(sam, line(updated_card(body), "Employees"))
    body = save(sam, edit)  # saved as it was (empty): nothing to stage
    assert notification(body) == "Nothing changed · 1 change waiting"
    assert _waiting(updated_card(body)) == [f"{lead['name']} · Industry → Logistics"]


def test_a_refused_change_stays_with_closes_reason_and_the_rest_is_sent(
    sam: Browser, live: Live
) -> None:
    lead = make_lead(live)
    card = open_lead(sam, live, lead["id"])
    card = updated_card(save(sam, tap(sam, line(card, "Lead Source")), value="Event"))
    card = updated_card(
        save(sam, tap(sam, line(card, "Lead status")), value=status_id(live, "Qualified"))
    )
    source = live.sandbox.close.custom_fields[field_id(live, "Lead Source")]
    with live.sandbox.close.lock:
        choices = list(source["choices"])
        source["choices"] = [c for c in choices if c != "Event"]  # an admin removes it
    try:
        body = _press(sam, card, "Send")
    finally:
        with live.sandbox.close.lock:
            source["choices"] = choices

    assert notification(body) == "1 sent, 1 refused by Close"
    held = lead_in_close(live, lead["id"])
    assert held["status_label"] == "Qualified"
    assert f"custom.{source['id']}" not in held
    assert puts(live) == {"PUT /lead/{id}/": 2}  # refused as a whole, then without it
    after = updated_card(body)
    reason = 'Close refused: Not a valid choice: "Event".'
    refused = f'{lead["name"]} · Lead Source → Event | <font color="#c5221f">{reason}</font>'
    assert _waiting(after) == [refused]
    assert line(after, "Lead Source")["bottomLabel"].startswith('<font color="#c5221f">')


def test_discard_all_and_discard_one(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = _stage_status_and_industry(sam, live, lead)
    waiting = _section(card, "2 changes waiting")
    assert waiting is not None
    industry = next(
        w["decoratedText"] for w in waiting["widgets"] if "Industry" in str(w.get("decoratedText"))
    )
    name, params = action_of(industry["button"])  # its small ×
    body = sam.click(name, params=params)
    assert notification(body) == f"Discarded: {lead['name']} · Industry → Logistics"
    card = updated_card(body)
    assert _waiting(card) == [f"{lead['name']} · Lead status → Qualified"]

    body = _press(sam, card, "Discard")
    assert notification(body) == "1 change discarded"
    assert _waiting(updated_card(body)) == []
    assert puts(live) == {}
    assert lead_in_close(live, lead["id"])["status_label"] == lead["status_label"]


@pytest.mark.parametrize(
    "fault",
    [{"error_rate": {"status": 503, "rate": 1.0}}, {"hang_ms": 5000}],
    ids=["5xx", "timeout"],
)
def test_close_not_answering_stops_the_batch_and_keeps_the_rest(
    sam: Browser, live: Live, fault: dict[str, Any]
) -> None:
    lead = make_lead(live)
    card = open_lead(sam, live, lead["id"])
    card = updated_card(
        save(sam, tap(sam, line(card, "Lead status")), value=status_id(live, "Qualified"))
    )
    card = updated_card(save(sam, tap(sam, line(card, "Title")), value="Treasurer"))
    live.faults(**fault, paths=["/contact/"], methods=["PUT"])

    body = _press(sam, card, "Send")

    assert notification(body) == "Close did not answer: 1 sent, 1 still waiting. Send again."
    assert lead_in_close(live, lead["id"])["status_label"] == "Qualified"
    assert _waiting(updated_card(body)) == ["Robin Vale · Title → Treasurer"]
    assert puts(live) == {"PUT /lead/{id}/": 1, "PUT /contact/{id}/": 1}  # never resent blindly

    live.faults()  # a hung write may still land in Close: sending it again changes nothing
    body = _press(sam, updated_card(body), "Send")
    assert notification(body) == "1 change sent"
    assert api(live, "GET", f"contact/{lead['contacts'][0]['id']}/")["title"] == "Treasurer"


def test_emails_staged_one_at_a_time_are_sent_as_one_list(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    first, second = (e["email"] for e in lead["contacts"][0]["emails"])
    card = open_lead(sam, live, lead["id"])
    card = updated_card(
        save(sam, tap(sam, find_button(card, "Add email")), value="new@vale.example", type="office")
    )
    remove = tap(sam, line(card, "Home", text=second))
    card = updated_card(_press(sam, remove, "Remove this email"))
    assert _waiting(card) == [f"Robin Vale · Emails → add new@vale.example; remove {second}"]
    body = _press(sam, card, "Send")
    assert notification(body) == "1 change sent"
    emails = api(live, "GET", f"contact/{lead['contacts'][0]['id']}/")["emails"]
    assert [e["email"] for e in emails] == [first, "new@vale.example"]


def test_a_task_switch_stages_done_and_flipping_back_drops_it(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    api(live, "POST", "task/", {"lead_id": lead["id"], "text": "Book the pilot kickoff"})
    card = open_lead(sam, live, lead["id"])
    task = next(d for d in lines(card) if d["text"] == "Book the pilot kickoff")
    body = _flip(sam, task["switchControl"])
    card = updated_card(body)
    assert _waiting(card) == ["Task “Book the pilot kickoff” → Done"]
    task = next(d for d in lines(card) if d["text"].startswith("Book the pilot kickoff"))
    assert task["switchControl"]["selected"] is True
    assert "(done, waiting)" in task["text"]

    card = updated_card(_flip(sam, task["switchControl"]))
    assert _waiting(card) == []
    assert puts(live) == {}


def test_a_staged_deal_change_names_the_deal_by_its_value(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    body = {"lead_id": lead["id"], "value": 100_000, "confidence": 10}
    opp = api(live, "POST", "opportunity/", body)
    edit = tap(sam, line(open_lead(sam, live, lead["id"]), "Sales", text="$1,000")["button"])
    assert edit["header"] == {"title": "Opportunity", "subtitle": "$1,000"}
    form = {"status_id": opp["status_id"], "value": "1000", "confidence": "40"}
    card = updated_card(save(sam, edit, **form))
    assert _waiting(card) == ["Opportunity $1,000 · Confidence → 40%"]
    # The waiting line reopens the deal's card, named from the record it belongs to.
    waiting = next(d for d in lines(card) if d["text"].startswith("<b>Opportunity"))
    again = tap(sam, waiting)
    assert again["header"] == {"title": "Opportunity", "subtitle": "$1,000"}
    assert puts(live) == {}


def test_staged_changes_survive_a_restart(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    _stage_status_and_industry(sam, live, lead)
    config = live.app.extensions["close_addon"].services.config
    restarted = create_app(config)  # a new instance on the same database

    with _served_by(live, restarted) as served:
        card = card_of(sam.click("open_lead", params={"lead_id": lead["id"]}))
        assert _waiting(card) == [
            f"{lead['name']} · Lead status → Qualified",
            f"{lead['name']} · Industry → Logistics",
        ]
        body = _press(sam, card, "Send")
    assert served == ["/actions/open_lead", "/actions/send_staged"]
    assert notification(body) == "2 changes sent"
    assert lead_in_close(live, lead["id"])["status_label"] == "Qualified"


def test_only_the_users_own_changes_are_seen_and_sent(
    sam: Browser, riley: Browser, live: Live
) -> None:
    lead = make_lead(live)
    sams = _stage_status_and_industry(sam, live, lead)
    theirs = open_lead(riley, live, lead["id"])
    assert _waiting(theirs) == []
    assert "(waiting)" not in card_text(theirs)

    params = {"lead_id": lead["id"]}
    assert notification(riley.click("send_staged", params=params)) == "Nothing waiting to send"
    assert notification(riley.click("discard_staged", params=params)) == "0 changes discarded"
    waiting = _section(sams, "2 changes waiting")
    assert waiting is not None
    _, discard = action_of(waiting["widgets"][0]["decoratedText"]["button"])
    body = riley.click("discard_change", params=discard)  # Sam's change id, from Riley
    assert notification(body) == "That change was already gone"
    assert puts(live) == {}

    assert _waiting(open_lead(sam, live, lead["id"])) == [
        f"{lead['name']} · Lead status → Qualified",
        f"{lead['name']} · Industry → Logistics",
    ]


@dataclass
class _Reply:
    """What Browser reads of a reply: its status and JSON body."""

    status_code: int
    body: Any

    def json(self) -> Any:
        return self.body


def _flip(user: Browser, switch: dict[str, Any]) -> dict[str, Any]:
    name, params = action_of({"onClick": {"action": switch["onChangeAction"]}})
    return user.click(name, params=params)


@contextmanager
def _served_by(live: Live, app: Any) -> Iterator[list[str]]:
    """Send the add-on's routes to another app instance; the stand-ins stay where they are."""
    client = app.test_client()
    original = live.http.post
    served: list[str] = []

    def post(url: str, *args: Any, json: Any = None, headers: Any = None, **kwargs: Any) -> Any:
        path = url.removeprefix(live.base_url)
        if not path.startswith(("/actions/", "/message", "/homepage")):
            return original(url, *args, json=json, headers=headers, **kwargs)  # type: ignore[misc]
        served.append(path)
        reply = client.post(path, json=json, headers=headers)
        return _Reply(reply.status_code, reply.get_json())

    live.http.post = post  # type: ignore[method-assign,assignment]
    try:
        yield served
    finally:
        del live.http.post


def test_discarding_several_changes_asks_first(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = _stage_status_and_industry(sam, live, lead)

    body = _press(sam, card, "Discard")
    assert navigations(body) == ["pushCard"] and notification(body) is None
    question = card_of(body)
    assert "Discard 2 changes waiting?" in card_text(question)
    assert navigations(_press(sam, question, "Cancel")) == ["pop"]
    assert len(_waiting(open_lead(sam, live, lead["id"]))) == 2  # Cancel kept them

    body = _press(sam, question, "Discard")
    assert navigations(body) == ["pop", "updateCard"]
    assert notification(body) == "2 changes discarded"
    assert _waiting(updated_card(body)) == []
    assert puts(live) == {}


def test_a_change_to_a_deleted_record_is_dropped_on_send(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    opp = api(live, "POST", "opportunity/", {"lead_id": lead["id"], "value": 100_000})
    card = open_lead(sam, live, lead["id"])
    form = {"status_id": opp["status_id"], "value": "1000", "confidence": "40"}
    card = updated_card(save(sam, tap(sam, line(card, "Sales", text="$1,000")["button"]), **form))
    card = updated_card(
        save(sam, tap(sam, line(card, "Lead status")), value=status_id(live, "Qualified"))
    )
    assert len(_waiting(card)) == 2
    api(live, "DELETE", f"opportunity/{opp['id']}/")  # deleted in Close meanwhile

    body = _press(sam, card, "Send")

    assert notification(body) == "1 change sent; 1 change dropped: record no longer in Close"
    assert _waiting(updated_card(body)) == []
    assert lead_in_close(live, lead["id"])["status_label"] == "Qualified"


def test_changes_to_a_deleted_lead_are_dropped_and_the_user_taken_back(
    sam: Browser, live: Live
) -> None:
    lead = make_lead(live)
    card = open_lead(sam, live, lead["id"])
    card = updated_card(
        save(sam, tap(sam, line(card, "Lead status")), value=status_id(live, "Qualified"))
    )
    api(live, "DELETE", f"lead/{lead['id']}/")

    body = _press(sam, card, "Send")

    assert navigations(body) == ["popToRoot"]
    assert notification(body) == "1 change dropped: record no longer in Close"
    again = sam.click("send_staged", params={"lead_id": lead["id"]})
    assert notification(again) == "Nothing waiting to send"  # dropped for good


def test_a_waiting_phone_reads_as_on_the_card(sam: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = open_lead(sam, live, lead["id"])
    body = save(sam, tap(sam, find_button(card, "Add phone")), value="312 555 0000", type="mobile")
    # As the card writes numbers of the user's country, not as Close stores them (E.164).
    assert "add (312) 555-0000" in (notification(body) or "")
    assert "+13125550000" not in (notification(body) or "")
    waiting = _waiting(updated_card(body))
    assert any("add (312) 555-0000" in w for w in waiting), waiting
    assert not any("+1312" in w for w in waiting), waiting
