"""The record card's actions, the forms and the removal cards: valid, escaped, carrying context."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from addon.close.additions import (
    NoteDraft,
    OpportunityDraft,
    TaskDraft,
    note_payload,
    opportunity_payload,
    task_payload,
)
from addon.close.emails import LOGGED_AS, email_activity
from addon.close.models import Activity, Contact, Lead, Opportunity, Task
from addon.close.records import RecordData
from addon.crm.editing import Editing
from addon.email_log import log_form_id
from addon.gmail import Address, MessageBody, MessageHeaders
from addon.registry import click
from addon.screens.activities import activity_widget
from addon.screens.forms.card import FormFrame, note_form, opportunity_form, task_form
from addon.screens.forms.handlers import FormArgs, add_note
from addon.screens.record.card import record_card
from addon.screens.record.lines import task_switch
from addon.screens.record.view import Lines, RecordView
from addon.screens.refs import OnRecord, RemoveArgs
from addon.screens.remove import (
    confirm_remove,
    confirm_remove_card,
    contact_question,
    lead_question,
    opportunity_question,
    removable_card,
    remove,
    task_question,
)
from addon.screens.reply import reply_card
from addon.ui.format import LINE, Formatter
from addon.ui.widgets import DANGER_RED
from tests.addon_client import action_of, find_button, split_function
from tests.cardcheck import card_text, validate_card
from tests.integration.records import overflow

FMT = Formatter.for_user("Europe/Vienna", "en-US", now=dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC))
DANA = Contact(
    id="cont_1", lead_id="lead_1", name="Dana <Whitfield>", emails=({"email": "d@x.io"},)
)  # type: ignore[arg-type]
LEAD = Lead(id="lead_1", display_name="Brightlane & Co", contacts=(DANA,))


def _record(
    *, email: str | None = "d@x.io", logged: bool | None = None, view: str = "lead", total: int = 1
) -> dict[str, Any]:
    shown = RecordView(
        view=view,
        data=RecordData(lead=LEAD),
        contact=DANA,
        email=email,
        position=1,
        total=total,
        lead_url="https://app.close.com/lead/lead_1/",
        org=None,
        participants=(),
        fmt=FMT,
        logged=logged,
    )
    card = record_card(shown)
    validate_card(card)
    return card


def _menu(card: dict[str, Any]) -> list[dict[str, Any]]:
    return overflow(card)


def test_actions_offer_logging_the_open_email_first() -> None:
    card = _record(logged=False)
    # The actions row is the card's first section: under the name, above the details.
    row = next(
        w["buttonList"]["buttons"] for w in card["sections"][0]["widgets"] if "buttonList" in w
    )
    assert [b.get("text") for b in row] == ["Log email", "Note", "Task", "Opportunity"]
    assert [b.get("altText") for b in row[1:]] == [
        "Add a note",
        "Create a task",
        "Create an opportunity",
    ]
    assert "color" in row[0]  # the likeliest action is filled
    name, params = action_of(row[0])
    assert name == "log_email"
    # The card it was pressed on (index 0, the default, left out), and no names.
    assert params == {"email": "d@x.io", "lead_id": "lead_1", "contact_id": "cont_1"}
    assert [i["text"] for i in _menu(card)] == [
        "Create opportunity",
        "Delete an opportunity or task…",
        "Delete contact Dana &lt;Whitfield&gt;",
        "Delete lead Brightlane &amp; Co",
    ]


def test_an_email_logged_before_shows_so_instead_of_the_button() -> None:
    card = _record(logged=True)
    assert "Logged to Brightlane &amp; Co" in card_text(card)
    assert "Already" not in card_text(card)
    with pytest.raises(AssertionError):
        find_button(card, "Log email")


def test_a_lead_opened_by_name_has_no_email_to_log_and_no_contact_to_delete() -> None:
    card = _record(email=None)
    with pytest.raises(AssertionError):
        find_button(card, "Log email")
    assert not any(i["text"].startswith("Delete contact") for i in _menu(card))
    assert action_of(find_button(card, "Note"))[1] == {"lead_id": "lead_1"}


SAVE = click(add_note, FormArgs(lead_id="lead_1", form_id="f1"), persist_values=True)
FRAME = FormFrame(subject="Dana · Brightlane", save=SAVE)


def test_forms_validate_and_save_with_their_form_id() -> None:
    members = (("Alex Morgan (me)", "user_1"), ("Jordan Lee", "user_2"))
    statuses = (("Sales · Discovery", "stat_1"), ("Sales · Negotiation", "stat_2"))
    forms = [
        note_form(FRAME, NoteDraft("Call <b>back</b>")),
        task_form(FRAME, TaskDraft("Send MSA", dt.date(2026, 5, 5), "user_1"), members),
        opportunity_form(FRAME, OpportunityDraft(status_id="stat_2"), statuses, "EUR"),
    ]
    for form in forms:
        validate_card(form)
        save = find_button(form, "Save")
        assert save["onClick"]["action"]["persistValues"] is True
        assert action_of(save)[1] == {"lead_id": "lead_1", "form_id": "f1"}
        assert action_of(find_button(form, "Cancel"))[0] == "back"
    picker = forms[1]["sections"][0]["widgets"][1]["dateTimePicker"]
    assert picker["valueMsEpoch"] == "1777939200000"  # 2026-05-05 00:00 UTC
    assert "Value (EUR)" in card_text(forms[2])


def test_the_opportunity_forms_value_example_is_in_the_users_locale() -> None:
    statuses = (("Sales · Discovery", "stat_1"),)
    german = replace(FRAME, locale="de-DE")
    assert "e.g. 72,000" in str(opportunity_form(FRAME, OpportunityDraft(), statuses, "EUR"))
    assert "e.g. 72.000" in str(opportunity_form(german, OpportunityDraft(), statuses, "EUR"))


def test_a_refused_form_shows_each_problem_under_its_field() -> None:
    frame = FormFrame(
        subject="Brightlane",
        save=SAVE,
        problem="Close did not accept this.",
        field_errors={"assigned_to": "Object does not exist.", "lead": "Gone <now>"},
    )
    members = (("Alex Morgan (me)", "user_1"),)
    form = task_form(frame, TaskDraft("Send MSA", None, "user_gone"), members)
    widgets = form["sections"][0]["widgets"]
    banner = widgets[0]["textParagraph"]["text"]
    assert "Close did not accept this." in banner and "lead: Gone &lt;now&gt;" in banner
    picker_at = next(i for i, w in enumerate(widgets) if "selectionInput" in w)
    assert "Object does not exist." in widgets[picker_at + 1]["textParagraph"]["text"]
    assert widgets[1]["textInput"]["value"] == "Send MSA"


def test_confirmations_name_exactly_what_goes() -> None:
    assert lead_question("Acme Inc.", 3, 2, 0).question == (
        "Delete lead Acme Inc. with 3 contacts and 2 opportunities?"
    )
    assert lead_question("Acme", 1, 1, 1).question == (
        "Delete lead Acme with 1 contact, 1 opportunity and 1 open task?"
    )
    assert lead_question("Acme", 0, 0, 0).question == "Delete lead Acme?"
    assert contact_question("Dana Whitfield", "Brightlane Logistics").question == (
        "Delete contact Dana Whitfield from Brightlane Logistics?"
    )
    deal = Opportunity(id="oppo_1", value_formatted="$72,000 annually", status_label="Negotiation")
    assert (
        opportunity_question(deal).question == "Delete opportunity $72,000 annually · Negotiation?"
    )
    assert task_question(Task(id="task_1", text="Send revised MSA")).question == (
        "Delete task 'Send revised MSA'?"
    )


def test_the_confirmation_card_has_a_red_delete_and_a_cancel() -> None:
    view = lead_question("<script>Acme</script>", 1, 0, 0)
    lead = RemoveArgs(lead_id="lead_1", kind="lead", object_id="lead_1")
    card = confirm_remove_card(view, delete=click(remove, lead))
    validate_card(card)
    assert "&lt;script&gt;" in card_text(card) and "<script>" not in card_text(card)
    delete = find_button(card, "Delete")
    assert delete["color"] == DANGER_RED
    assert action_of(delete) == (
        "remove",
        {"lead_id": "lead_1", "kind": "lead", "object_id": "lead_1"},
    )
    assert action_of(find_button(card, "Cancel"))[0] == "back"


def test_the_list_to_delete_from_validates_and_replaces_itself() -> None:
    card = removable_card(
        lead_name="Brightlane",
        opportunities=(Opportunity(id="oppo_1", value=500000, value_currency="USD"),),
        tasks=(Task(id="task_1", text="Call", date=dt.date(2026, 5, 5)),),
        delete=lambda kind, object_id: click(
            confirm_remove, RemoveArgs(lead_id="lead_1", kind=kind, object_id=object_id)
        ),
        fmt=FMT,
    )
    validate_card(card)
    assert "$5,000" in card_text(card) and "Due tomorrow" in card_text(card)
    name, params = action_of(find_button(card, "Delete"))
    assert name == "confirm_remove"
    assert params == {"lead_id": "lead_1", "kind": "opportunity", "object_id": "oppo_1"}


def test_payload_checks_keep_bad_input_out_of_close() -> None:
    assert note_payload(NoteDraft("  "), "lead_1", "")[1] == {"note": "Write the note first."}
    assert task_payload(TaskDraft(""), "lead_1", "")[1] == {"text": "Say what needs doing."}
    payload, errors = task_payload(
        TaskDraft("Call", dt.date(2026, 5, 5), "user_2"), "lead_1", "cont_1"
    )
    assert errors == {} and payload == {
        "lead_id": "lead_1",
        "contact_id": "cont_1",
        "_type": "lead",
        "text": "Call",
        "assigned_to": "user_2",
        "date": "2026-05-05",
    }
    _, errors = opportunity_payload(OpportunityDraft(value="lots", confidence="120"), "l", "", None)
    assert set(errors) == {"value", "confidence"}
    payload, _ = opportunity_payload(
        OpportunityDraft(value="1,000", confidence="70%"), "l", "", 100000
    )
    assert (payload["value"], payload["confidence"]) == (100000, 70)


def _headers(sender: str) -> MessageHeaders:
    return MessageHeaders(
        message_id="18c1",
        thread_id="18c1",
        sender=Address(sender, "Sender Name"),
        reply_to=(),
        to=(Address("to@x.io"),),
        cc=(Address("cc@x.io", "Cc Person"),),
        subject="Pricing",
        date=dt.datetime(2026, 5, 4, 8, 30, tzinfo=dt.UTC),
        rfc_message_id="<abc@mail.example>",
    )


def test_an_email_is_logged_as_received_or_sent_never_to_be_sent_again() -> None:
    assert {status for status, _ in LOGGED_AS.values()} == {"inbox", "sent"}
    body = MessageBody(text="Hi", html="<p>Hi</p>")
    received = email_activity(_headers("dana@x.io"), body, "received", "lead_1", "cont_1")
    assert received["status"] == "inbox" and received["direction"] == "incoming"
    assert received["sender"] == "Sender Name <dana@x.io>"
    assert (received["to"], received["cc"]) == (["to@x.io"], ["cc@x.io"])
    assert received["envelope"]["message_id"] == "<abc@mail.example>"
    assert received["envelope"]["date"] == "Mon, 04 May 2026 08:30:00 +0000"
    assert received["activity_at"] == "2026-05-04T08:30:00+00:00"
    assert (received["body_text"], received["body_html"]) == ("Hi", "<p>Hi</p>")
    sent = email_activity(_headers("me@ourco.io"), body, "sent", "lead_1", "")
    assert (sent["status"], sent["direction"]) == ("sent", "outgoing") and "contact_id" not in sent


def test_the_log_form_id_fits_the_ledger_and_is_per_email_and_lead() -> None:
    one = log_form_id("<" + "x" * 900 + "@mail>", "lead_" + "y" * 60)
    assert len(one) <= 64
    assert log_form_id("<a@m>", "lead_1") != log_form_id("<a@m>", "lead_2")
    assert log_form_id("<a@m>", "lead_1") == log_form_id("<a@m>", "lead_1")


def test_edits_of_the_cards_own_lead_and_contact_leave_them_unnamed() -> None:
    lines = Lines(
        at=OnRecord(lead_id="lead_1", contact_id="cont_1", email="d@x.io"), editing=Editing()
    )
    own = lines.target("contact", "cont_1", "title")
    # The fields every record button carries travel under one letter each.
    assert own.params() == {
        "l": "lead_1",
        "c": "cont_1",
        "e": "d@x.io",
        "t": "contact",
        "f": "title",
    }
    assert own.record_id == "cont_1"
    assert "o" not in lines.target("lead", "lead_1", "url").params()
    other = lines.target("contact", "cont_2", "title")
    assert other.params()["o"] == "cont_2" and other.record_id == "cont_2"
    deal = lines.target("opportunity", "oppo_1", "")
    assert deal.record_id == "oppo_1"
    act = task_switch(lines, "task_1", done=False, in_close=False)["onChangeAction"]
    name, switch = split_function(act["function"], act.get("parameters", []))
    assert (name, switch["object_id"], switch["done"]) == ("toggle_task", "task_1", "1")
    assert "was" not in switch


def test_a_contact_address_close_holds_but_no_mail_can_reach_opens_nothing() -> None:
    odd = Contact(id="cont_2", lead_id="lead_1", name="Kim", emails=({"email": "kim at x"},))  # type: ignore[arg-type]
    lead = Lead(id="lead_1", display_name="Brightlane", contacts=(DANA, odd))
    view = RecordView(
        view="lead",
        data=RecordData(lead=lead),
        contact=DANA,
        email="d@x.io",
        position=1,
        total=1,
        lead_url="https://app.close.com/lead/lead_1/",
        org=None,
        participants=(),
        fmt=FMT,
    )
    card = record_card(view)
    validate_card(card)
    kim = next(
        w["decoratedText"]
        for s in card["sections"]
        for w in s["widgets"]
        if w.get("decoratedText", {}).get("text") == "Kim"
    )
    assert "onClick" not in kim


def test_one_word_for_one_thing_opportunity_and_due_today() -> None:
    today, tomorrow = dt.date(2026, 5, 4), dt.date(2026, 5, 5)
    view = RecordView(
        view="lead",
        data=RecordData(
            lead=LEAD,
            opportunities=(Opportunity(id="oppo_1", value=500000, value_currency="USD"),),
            tasks=(
                Task(id="task_1", text="Call", date=today),
                Task(id="task_2", text="Send deck", date=tomorrow),
            ),
        ),
        contact=DANA,
        lead_url="https://app.close.com/lead/lead_1/",
        org=None,
        fmt=FMT,
        email="d@x.io",
    )
    card = record_card(view)
    validate_card(card)
    text = card_text(card)
    assert "Due today" in text and "Due tomorrow" in text and "Due Today" not in text
    assert find_button(card, "Opportunity")["altText"] == "Create an opportunity"
    assert "deal" not in json.dumps(card).lower().replace("oppo_1", "")


def test_long_activity_text_is_cut_at_one_length_whatever_its_type() -> None:
    long = "word " * 200
    raw = {
        "Note": {"note": long},
        "Call": {"note": long},
        "SMS": {"text": long},
        "Meeting": {"title": long},
        "CustomActivity": {"note": long},
    }
    shown = {
        kind: activity_widget(
            Activity.model_validate({"id": "acti_1", "_type": kind, **data}), FMT
        )["decoratedText"]["text"]
        for kind, data in raw.items()
    }
    assert len(set(shown.values())) == 1, shown
    assert next(iter(shown.values())).endswith("…") and len(shown["Note"]) <= LINE


def test_long_task_titles_and_descriptions_are_cut_like_activities() -> None:
    long = "word " * 1000
    view = RecordView(
        view="lead",
        data=RecordData(
            lead=Lead(id="lead_1", display_name="Brightlane", description=long),
            tasks=(Task(id="task_1", text=long, date=dt.date(2026, 5, 5)),),
        ),
        contact=None,
        lead_url="https://app.close.com/lead/lead_1/",
        org=None,
        fmt=FMT,
    )
    card = record_card(view)
    texts = {
        w["decoratedText"].get("topLabel"): w["decoratedText"]["text"]
        for s in card["sections"]
        for w in s["widgets"]
        if "decoratedText" in w
    }
    for top in ("Description", "Due tomorrow"):
        assert texts[top].endswith("…") and len(texts[top]) <= LINE, top


def test_a_created_activity_says_where_the_lead_came_from_in_words() -> None:
    def bottom(data: dict[str, object]) -> str | None:
        activity = Activity.model_validate({"id": "acti_1", "_type": "Created", **data})
        return activity_widget(activity, FMT)["decoratedText"].get("bottomLabel")

    assert bottom({"source": "api"}) == "Added by an app connected to Close"
    assert bottom({"source": "ui"}) == "Added in Close"
    assert bottom({"source": "api", "import_id": "import_1"}) == "Imported"
    assert bottom({"source": "zapier"}) == "Source: zapier"
    assert bottom({}) is None


def test_several_matches_say_what_they_are_leads_or_contacts() -> None:
    lead_view = card_text(_record(total=2))
    assert "d@x.io is on 2 leads, most recently updated first" in lead_view
    contact_view = card_text(_record(total=3, view="contact"))
    assert "d@x.io is on 3 contacts, most recently updated first" in contact_view
    assert "records" not in lead_view + contact_view


def test_the_reply_picker_says_what_to_do_without_close_as_a_verb() -> None:
    card = reply_card((), OnRecord(lead_id="lead_1"), {}, DANA, "form_1")
    validate_card(card)
    text = card_text(card)
    assert "Pick a template: the reply is filled in for <b>Dana &lt;Whitfield&gt;</b>" in text
    assert "Close writes" not in text


def test_empty_sections_say_so_once() -> None:
    shown = RecordView(
        view="lead",
        data=RecordData(lead=LEAD, opportunities=(), tasks=()),
        contact=DANA,
        lead_url="https://app.close.com/lead/lead_1/",
        org=None,
        fmt=FMT,
    )
    card = record_card(shown)
    validate_card(card)
    titles = [s.get("header") for s in card["sections"]]
    assert "Opportunities" in titles and "Tasks" in titles
    assert not any("(0 open)" in (t or "") for t in titles)
    text = card_text(card)
    assert text.count("No open opportunities.") == 1 and text.count("No open tasks.") == 1
