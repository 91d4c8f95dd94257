"""Actions on a lead, live: log this email (with its body, once), add a note, a task, a deal."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from addon.ui.format import TOAST
from sandbox.close.state import CloseState
from sandbox.demo_data.constants import COWORKERS
from sandbox.inbox import DEMO_USER_EMAIL
from tests.addon_client import action_of, find_button, notification
from tests.cardcheck import card_text
from tests.integration.conftest import Browser, Live, api, card_of
from tests.integration.records import (
    ME,
    OwnLead,
    mail,
    make_lead,
    menu_item,
    open_lead_mail,
    press,
)

pytestmark = pytest.mark.usefixtures("own_leads")


def _user_id(state: CloseState, address: str) -> str:
    with state.lock:
        return next(u for u, user in state.users.items() if user["email"] == address)


def _emails(state: CloseState, lead_id: str) -> list[dict[str, Any]]:
    with state.lock:
        ids = state.lead_children(lead_id).activities
        return [dict(state.activities[i]) for i in ids if state.activities[i]["_type"] == "Email"]


def _open(gmail: Browser, live: Live, case: str) -> dict[str, Any]:
    card = gmail.open(case)
    live.reset_stats()
    return card


def _person(lead: OwnLead) -> str:
    return email.utils.formataddr((lead.person, lead.email))


# ---- logging this email ------------------------------------------------------------------


def test_the_body_is_read_only_when_the_user_logs(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    case, _ = mail(live, _person(lead))
    live.sandbox.inbox.reset_reads()
    card = gmail.open(case)
    assert live.sandbox.inbox.read_counts() == {"metadata": 1}  # headers only, on open
    press(gmail, card, "Log email")
    assert live.sandbox.inbox.read_counts() == {"metadata": 1, "full": 1}


def test_log_a_received_email_with_its_body(gmail: Browser, live: Live) -> None:
    lead = make_lead(live, contacts=2)
    body = "Hello Alex,\n\nCould you send the revised MSA by Friday?\n\nRobin"
    case, rfc_id = mail(live, _person(lead), cc="Kim <kim@acme.example>", body=body)
    card = _open(gmail, live, case)
    reply = press(gmail, card, "Log email")
    assert notification(reply) == f"Email logged to {lead.name}"
    assert live.stats()["POST /activity/email/"] == 1
    (logged,) = _emails(live.sandbox.close, lead.id)
    assert (logged["status"], logged["direction"]) == ("inbox", "incoming")
    assert logged["contact_id"] == lead.contact_ids[0]
    assert logged["subject"] == f"Revised MSA ({case})"
    assert "send the revised MSA by Friday" in logged["body_text"]
    assert "<p>Could you send the revised MSA by Friday?</p>" in logged["body_html"]
    assert lead.email in logged["sender"]
    assert logged["to"] == [DEMO_USER_EMAIL] and logged["cc"] == ["kim@acme.example"]
    assert logged["envelope"]["message_id"] == rfc_id
    # The rebuilt card says so, and offers no second log.
    again = card_of(reply)
    assert f"Logged to {lead.name}" in card_text(again)
    with pytest.raises(AssertionError):
        find_button(again, "Log email")


def test_log_a_sent_email_as_sent_never_outbox(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    case, _ = mail(live, ME, to=_person(lead), body="Hi Robin,\n\nHere is the MSA.\n\nAlex")
    card = _open(gmail, live, case)
    press(gmail, card, "Log email")
    (logged,) = _emails(live.sandbox.close, lead.id)
    assert (logged["status"], logged["direction"]) == ("sent", "outgoing")
    assert logged["sandbox_not_sent"] is False  # "outbox" would have really sent it
    assert logged["to"] == [lead.email]
    assert "Here is the MSA." in logged["body_text"]


def test_logging_twice_makes_one_activity(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = _open(gmail, live, mail(live, _person(lead))[0])
    name, params = action_of(find_button(card, "Log email"))
    gmail.click(name, params=params)
    second = gmail.click(name, params=params)  # a double click, or a stale card
    assert notification(second) == f"Already logged to {lead.name}"
    assert live.stats()["POST /activity/email/"] == 1
    assert len(_emails(live.sandbox.close, lead.id)) == 1


def test_an_email_close_synced_itself_is_not_logged_again(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    case, rfc_id = mail(live, _person(lead))
    synced = {"lead_id": lead.id, "status": "inbox", "sender": lead.email, "subject": "MSA"}
    api(live, "POST", "activity/email/", synced | {"envelope": {"message_id": rfc_id}})
    reply = press(gmail, _open(gmail, live, case), "Log email")
    assert notification(reply) == f"Already in Close on {lead.name}"
    assert "POST /activity/email/" not in live.stats()
    assert f"Logged to {lead.name}" in card_text(card_of(reply))


def test_already_logged_on_reopen_and_for_a_coworker(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    case, rfc_id = mail(live, _person(lead), to=f"{ME}, sam.okafor@northwind-analytics.com")
    press(gmail, _open(gmail, live, case), "Log email")
    live.cold()
    assert f"Logged to {lead.name}" in card_text(gmail.open(case))
    # The same email, in a coworker's own mailbox: logged already, for the whole org.
    sam = COWORKERS[2]
    copy, _ = mail(live, _person(lead), to=sam.email, owner=sam.email, message_id=rfc_id)
    coworker = Browser(live, email=sam.email)
    coworker.click("connect", form={"api_key": sam.api_key})
    coworker.message_id = next(m.id for m in live.sandbox.inbox.list(sam.email) if m.case == copy)
    seen = coworker.trigger("/message")["action"]["navigations"][0]["pushCard"]
    assert f"Logged to {lead.name}" in card_text(seen)
    with pytest.raises(AssertionError):
        find_button(seen, "Log email")


# ---- notes, tasks and opportunities --------------------------------------------------------


def _form(gmail: Browser, card: dict[str, Any], opener: str) -> dict[str, Any]:
    if opener == "Create opportunity":
        name, params = menu_item(card, opener)
        return card_of(gmail.click(name, params=params))
    return card_of(press(gmail, card, opener))


def test_add_a_note_to_the_lead_and_contact(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Note")
    assert form["header"] == {"title": "Add a note", "subtitle": f"{lead.person} · {lead.name}"}
    reply = press(gmail, form, "Save", note="Prefers calls after 3 pm.\nBudget approved.")
    assert notification(reply) == f"Note added to {lead.name}"
    navigations = reply["renderActions"]["action"]["navigations"]
    assert navigations[0] == {"pop": True} and navigations[1]["updateCard"]["name"] == "record"
    assert "Budget approved." in card_text(navigations[1]["updateCard"])  # in Latest activity
    state = live.sandbox.close
    with state.lock:
        notes = [
            state.activities[i]
            for i in state.lead_children(lead.id).activities
            if state.activities[i]["_type"] == "Note"
        ]
    assert [(n["note"], n["contact_id"]) for n in notes] == [
        ("Prefers calls after 3 pm.\nBudget approved.", lead.contact_ids[0])
    ]


def test_a_note_on_a_lead_deleted_meanwhile_says_the_lead_is_gone(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Note")
    api(live, "DELETE", f"lead/{lead.id}/")  # deleted in Close while the form is open

    reply = press(gmail, form, "Save", note="Call back Monday")

    gone = card_of(reply)
    assert gone["name"] == "error" and gone["header"]["title"] == "Not found in Close"
    text = card_text(gone)
    assert "no longer in Close" in text and "Object does not exist" not in text
    name, params = action_of(find_button(gone, "Back"))
    assert gmail.click(name, params=params)["renderActions"]["action"]["navigations"] == [
        {"pop": True}
    ]


def _tomorrow_ms() -> int:
    tomorrow = dt.datetime.now(ZoneInfo("America/New_York")).date() + dt.timedelta(days=1)
    return int(dt.datetime.combine(tomorrow, dt.time(), tzinfo=dt.UTC).timestamp() * 1000)


def _widget(card: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    widgets = [w[kind] for s in card["sections"] for w in s["widgets"] if kind in w]
    return next(w for w in widgets if w["name"] == name)


def test_create_a_task_for_me_due_tomorrow_by_default(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Task")
    me = _user_id(live.sandbox.close, DEMO_USER_EMAIL)
    picker = _widget(form, "dateTimePicker", "date")
    assert picker["valueMsEpoch"] == str(_tomorrow_ms())  # tomorrow in the user's zone
    people = _widget(form, "selectionInput", "assigned_to")["items"]
    assert people[0] == {"text": "Alex Morgan (me)", "value": me, "selected": True}
    live.reset_stats()
    reply = press(
        gmail,
        form,
        "Save",
        text="Send revised MSA",
        date={"dateInput": {"msSinceEpoch": picker["valueMsEpoch"]}},
        assigned_to=me,
    )
    assert notification(reply) == f"Task created on {lead.name}, due tomorrow"
    state = live.sandbox.close
    with state.lock:
        (task,) = [state.tasks[t] for t in state.lead_children(lead.id).tasks]
    tomorrow = dt.datetime.fromtimestamp(_tomorrow_ms() / 1000, dt.UTC).date().isoformat()
    assert (task["text"], task["assigned_to"], task["date"]) == ("Send revised MSA", me, tomorrow)
    assert "Send revised MSA" in card_text(card_of(reply))
    # Just after a write, the card's lead (and its nested tasks) is read from the lead's
    # own endpoint: Close's search index may not show the new task yet.
    assert live.stats()["GET /lead/{id}/"] == 1


def test_a_long_lead_name_is_cut_so_the_toast_still_says_when_the_task_is_due(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live, name="Northern Hemisphere Refrigerated Freight " * 5)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Task")
    live.reset_stats()
    tomorrow = {"dateInput": {"msSinceEpoch": str(_tomorrow_ms())}}
    said = notification(press(gmail, form, "Save", text="Send revised MSA", date=tomorrow))
    assert said.startswith("Task created on Northern Hemisphere Refrigerated Freight")
    assert said.endswith("…, due tomorrow")
    assert len(said) <= TOAST
    # The name comes from the record the form was opened on: the one read of the lead is
    # the rebuilt card's.
    assert live.stats()["GET /lead/{id}/"] == 1


def test_create_a_task_for_a_coworker(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Task")
    jordan = _user_id(live.sandbox.close, COWORKERS[0].email)
    reply = press(gmail, form, "Save", text="Call about pricing", assigned_to=jordan)
    assert notification(reply) == f"Task created for Jordan Lee on {lead.name}"  # none due
    state = live.sandbox.close
    with state.lock:
        (task,) = [state.tasks[t] for t in state.lead_children(lead.id).tasks]
    assert task["assigned_to"] == jordan and task["is_dateless"] is True


def test_create_an_opportunity_with_its_value_in_cents(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Create opportunity")
    statuses = _widget(form, "selectionInput", "status_id")["items"]
    chosen = next(s for s in statuses if s["text"].endswith("Negotiation"))
    reply = press(
        gmail,
        form,
        "Save",
        status_id=chosen["value"],
        value="$72,000",
        value_period="annual",
        confidence="70",
        note="Signed off by the CFO",
    )
    assert notification(reply) == f"Opportunity created for {lead.name}"
    state = live.sandbox.close
    with state.lock:
        (opp,) = [state.opportunities[o] for o in state.lead_children(lead.id).opportunities]
    assert (opp["value"], opp["value_period"], opp["confidence"]) == (7_200_000, "annual", 70)
    assert opp["status_id"] == chosen["value"] and opp["note"] == "Signed off by the CFO"
    assert "$72,000 annually" in card_text(card_of(reply))


@pytest.mark.parametrize(
    ("opener", "form", "path"),
    [
        ("Note", {"note": "Once only"}, "POST /activity/note/"),
        ("Task", {"text": "Once only"}, "POST /task/"),
        ("Create opportunity", {"value": "1,000"}, "POST /opportunity/"),
    ],
)
def test_each_form_sent_twice_creates_once(
    gmail: Browser, live: Live, opener: str, form: dict[str, str], path: str
) -> None:
    lead = make_lead(live)
    card = _form(gmail, open_lead_mail(gmail, live, lead), opener)
    first = press(gmail, card, "Save", **form)
    second = press(gmail, card, "Save", **form)  # the same form again: a double click
    assert notification(second) == notification(first)
    assert live.stats()[path] == 1


def test_a_refused_task_comes_back_with_what_was_typed(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Task")
    # The chosen coworker left the org after the form was shown: Close answers 400.
    reply = press(gmail, form, "Save", text="Send revised MSA", assigned_to="user_gone")
    again = reply["renderActions"]["action"]["navigations"][0]["updateCard"]
    assert again["name"] == "task_form"
    assert _widget(again, "textInput", "text")["value"] == "Send revised MSA"
    assert "Object does not exist." in card_text(again)
    with live.sandbox.close.lock:
        assert live.sandbox.close.lead_children(lead.id).tasks == []


def test_an_unanswered_save_is_kept_and_the_retry_does_not_double(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Task")
    # Close saves the task but answers after our timeout: whether it acted is unknown.
    live.faults(latency_ms=2500, paths=["/task/"], methods=["POST"])
    reply = press(gmail, form, "Save", text="Send revised MSA")
    live.faults()
    again = reply["renderActions"]["action"]["navigations"][0]["updateCard"]
    assert "Close did not answer" in card_text(again)
    assert _widget(again, "textInput", "text")["value"] == "Send revised MSA"
    retried = press(gmail, again, "Save", text="Send revised MSA")
    assert notification(retried) == f"Task created on {lead.name}"
    assert live.stats()["POST /task/"] == 1  # the retry found it instead of posting again
    with live.sandbox.close.lock:
        assert len(live.sandbox.close.lead_children(lead.id).tasks) == 1


def test_logging_asks_for_the_content_scope_when_the_user_declined_it(
    gmail: Browser, live: Live
) -> None:
    from addon.deployment import SCOPES
    from addon.screens.forms.handlers import MESSAGE_ACTION_SCOPE

    lead = make_lead(live)
    case, _ = mail(live, _person(lead))
    gmail.scopes = [s for s in SCOPES if s != MESSAGE_ACTION_SCOPE]
    card = _open(gmail, live, case)
    reply = press(gmail, card, "Log email")
    assert reply == {"requesting_google_scopes": {"scopes": [MESSAGE_ACTION_SCOPE]}}
    assert "POST /activity/email/" not in live.stats()
    assert _emails(live.sandbox.close, lead.id) == []


def test_a_task_saved_after_fixing_its_text_is_created_its_past_date_only_hinted(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Task")
    live.reset_stats()
    past = {"dateInput": {"msSinceEpoch": "1577836800000"}}  # 2020-01-01
    marked = card_of(press(gmail, form, "Save", text=" ", date=past))
    assert "Say what needs doing." in card_text(marked)
    assert "Jan 1, 2020 is in the past." in card_text(marked)  # a hint beside the date
    # Nothing runs as a field changes: Gmail would drop the Save pressed meanwhile.
    assert "onChangeAction" not in json.dumps(marked)
    assert live.stats() == {}
    reply = press(gmail, marked, "Save", text="Send the MSA", date=past)
    assert notification(reply).startswith("Task created")
    with live.sandbox.close.lock:
        (task,) = [
            live.sandbox.close.tasks[t] for t in live.sandbox.close.lead_children(lead.id).tasks
        ]
    assert (task["text"], task["date"]) == ("Send the MSA", "2020-01-01")


def test_an_opportunity_saved_after_fixing_one_field_shows_only_the_other_error(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    form = _form(gmail, open_lead_mail(gmail, live, lead), "Create opportunity")
    status = _widget(form, "selectionInput", "status_id")["items"][0]["value"]
    typed = {"status_id": status, "value": "lots", "confidence": "140"}
    marked = card_of(press(gmail, form, "Save", **typed))
    assert "Enter an amount" in card_text(marked) and "Enter a whole" in card_text(marked)
    assert "onChangeAction" not in json.dumps(marked)
    live.reset_stats()
    now = card_of(press(gmail, marked, "Save", **typed | {"value": "72,000"}))
    assert "Enter an amount" not in card_text(now) and "Enter a whole" in card_text(now)
    assert live.stats() == {}  # still wrong: nothing is sent to Close
    reply = press(gmail, now, "Save", **typed | {"value": "72,000", "confidence": "40"})
    assert notification(reply) == f"Opportunity created for {lead.name}"
    state = live.sandbox.close
    with state.lock:
        (opp,) = [state.opportunities[o] for o in state.lead_children(lead.id).opportunities]
    assert (opp["value"], opp["confidence"]) == (7_200_000, 40)
