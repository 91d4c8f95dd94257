"""Edit in place, live: each kind of field, what Close then holds, and what the card shows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import json
from typing import Any

import pytest

from addon.store import SECTIONS
from addon.ui.format import LINE
from sandbox.demo_data.constants import COWORKERS
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
    user_id,
)

pytestmark = pytest.mark.usefixtures("own_leads")


def _edit(gmail: Browser, live: Live, lead: dict[str, Any], top: str, **kw: Any) -> Any:
    found = line(open_lead(gmail, live, lead["id"]), top, **kw)
    return tap(gmail, found.get("button", found))  # a deal's line itself opens its comments


def _saved(body: dict[str, Any]) -> dict[str, Any]:
    """Check a save popped the edit card and rebuilt the record card; return that card."""
    assert navigations(body) == ["pop", "updateCard"], body
    assert body.get("stateChanged") is True
    card = updated_card(body)
    assert card["name"] == "record"
    return card


def test_lead_status_changes_in_place(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Lead status")
    assert edit["header"]["title"] == "Lead status"  # as the card's line says
    dropdown = edit["sections"][0]["widgets"][0]["selectionInput"]
    chosen = [i["text"] for i in dropdown["items"] if i["selected"]]
    assert chosen == [lead["status_label"]]
    live.reset_stats()

    body = save(gmail, edit, value=status_id(live, "Qualified"))

    assert notification(body) == "Lead status set to Qualified"
    assert lead_in_close(live, lead["id"])["status_label"] == "Qualified"
    assert line(_saved(body), "Lead status")["text"] == "Qualified"
    assert puts(live) == {"PUT /lead/{id}/": 1}


def test_lead_name_url_and_description(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    body = save(gmail, _edit(gmail, live, lead, "Lead"), value="Vale Renamed Ltd")
    assert line(_saved(body), "Lead")["text"] == "Vale Renamed Ltd"

    body = save(gmail, _edit(gmail, live, lead, "Website"), value="vale-renamed.example")
    assert notification(body) == "Website set to https://vale-renamed.example"
    assert line(_saved(body), "Website")["text"] == "https://vale-renamed.example"

    edit = _edit(gmail, live, lead, "Description")
    body = save(gmail, edit, value="Fleet of 40 trucks;\nwants <b>pilot</b> in Q3")
    assert "&lt;b&gt;pilot" in line(_saved(body), "Description")["text"]  # escaped, not bold

    held = lead_in_close(live, lead["id"])
    assert held["name"] == "Vale Renamed Ltd"
    assert held["url"] == "https://vale-renamed.example"
    assert held["description"] == "Fleet of 40 trucks;\nwants <b>pilot</b> in Q3"


def test_a_bad_web_address_is_caught_before_close(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Website")
    body = save(gmail, edit, value="not a website")

    assert navigations(body) == ["updateCard"]
    again = updated_card(body)
    assert again["name"] == "edit"
    assert again["sections"][0]["widgets"][0]["textInput"]["value"] == "not a website"
    assert "web address" in card_text(again)
    assert puts(live) == {}
    assert lead_in_close(live, lead["id"])["url"] == "https://vale.example"


def test_a_long_description_is_saved_whole_and_named_by_its_first_words(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    long = " ".join(f"line{i}" for i in range(1000))[:5000]
    body = save(gmail, _edit(gmail, live, lead, "Description"), value=long)
    said = notification(body) or ""
    assert said.startswith("Description set to line0 line1") and len(said) <= 150
    assert lead_in_close(live, lead["id"])["description"] == long  # the toast is cut, not the write


def test_a_long_task_title_is_cut_on_the_record_card(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    api(live, "POST", "task/", {"lead_id": lead["id"], "text": "Call back " * 500})
    card = open_lead(gmail, live, lead["id"])
    task = next(d for d in lines(card) if d["text"].startswith("Call back"))
    assert task["text"].endswith("…") and len(task["text"]) <= LINE


def test_contact_title(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Title")
    assert edit["header"] == {"title": "Title", "subtitle": "Robin Vale"}
    body = save(gmail, edit, value="Chief Financial Officer")
    assert notification(body) == "Title set to Chief Financial Officer"
    assert line(_saved(body), "Title")["text"] == "Chief Financial Officer"
    contact = lead["contacts"][0]
    assert api(live, "GET", f"contact/{contact['id']}/")["title"] == "Chief Financial Officer"


def test_one_email_at_a_time_keeps_the_others(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    contact_id = lead["contacts"][0]["id"]
    first, second = (e["email"] for e in lead["contacts"][0]["emails"])
    state = live.sandbox.close
    with state.lock:  # an unsubscribed address must stay unsubscribed
        state.contacts[contact_id]["emails"][1]["is_unsubscribed"] = True

    def held() -> list[tuple[str, str, bool]]:
        emails = api(live, "GET", f"contact/{contact_id}/")["emails"]
        return [(e["email"], e["type"], e["is_unsubscribed"]) for e in emails]

    card = open_lead(gmail, live, lead["id"])
    add = tap(gmail, find_button(card, "Add email"))
    assert add["header"]["title"] == "Add email"
    body = save(gmail, add, value="robin@new.example", type="direct")
    assert notification(body) == "Email added: robin@new.example"
    expected = [
        (first, "office", False),
        (second, "home", True),
        ("robin@new.example", "direct", False),
    ]
    assert held() == expected

    card = _saved(body)
    change = tap(gmail, line(card, "Office", text=first))
    assert change["header"]["title"] == "Edit email"
    body = save(gmail, change, value="robin.vale@vale.example", type="office")
    assert notification(body) == "Email changed to robin.vale@vale.example"
    assert held() == [("robin.vale@vale.example", "office", False), *expected[1:]]

    remove = tap(gmail, line(_saved(body), "Home", text=second))
    body = _press(gmail, remove, "Remove this email")
    assert notification(body) == f"Email removed: {second}"
    assert held() == [("robin.vale@vale.example", "office", False), expected[2]]
    emails = [d for d in lines(_saved(body)) if d.get("startIcon") == {"knownIcon": "EMAIL"}]
    shown = [d["text"] for d in emails]
    assert shown == ["robin.vale@vale.example", "robin@new.example"]


def test_an_invalid_email_is_caught_before_close(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    card = open_lead(gmail, live, lead["id"])
    add = tap(gmail, find_button(card, "Add email"))
    body = save(gmail, add, value="robin at example", type="office")
    again = updated_card(body)
    assert again["sections"][0]["widgets"][0]["textInput"]["value"] == "robin at example"
    assert "Enter an email address" in card_text(again)
    assert puts(live) == {}


def test_phone_change_keeps_the_number_list(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    contact_id = lead["contacts"][0]["id"]
    card = open_lead(gmail, live, lead["id"])
    add = tap(gmail, find_button(card, "Add phone"))
    body = save(gmail, add, value="+44 20 7946 0000", type="mobile")
    assert notification(body) == "Phone added: +44 20 7946 0000"
    phone_line = line(_saved(body), "Office", text="415")
    assert phone_line["onClick"]["openLink"]["url"].startswith("tel:")  # a tap still calls
    edit = tap(gmail, phone_line["button"])
    body = save(gmail, edit, value="+1 415 555 0199", type="office")
    phones = api(live, "GET", f"contact/{contact_id}/")["phones"]
    assert [(p["phone"], p["type"]) for p in phones] == [
        ("+14155550199", "office"),
        ("+442079460000", "mobile"),
    ]


CUSTOM = [
    ("AE Notes", {"value": "Prefers email over calls"}, None, "Prefers email over calls"),
    ("Employees", {"value": "1,250"}, None, 1250),
    ("Lead Source", {"value": "Referral"}, None, "Referral"),
    ("Tech Stack", {"value": ["Snowflake", "Postgres"]}, None, ["Snowflake", "Postgres"]),
    ("Contract Renewal", {}, dt.date(2027, 3, 31), "2027-03-31"),
]


@pytest.mark.parametrize(("name", "form", "day", "stored"), CUSTOM)
def test_custom_field_of_each_type(
    gmail: Browser, live: Live, name: str, form: dict[str, Any], day: dt.date | None, stored: Any
) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, name)
    assert edit["header"]["title"] == name
    body = save(gmail, edit, dates={"value": day} if day else None, **form)
    assert lead_in_close(live, lead["id"])[f"custom.{field_id(live, name)}"] == stored
    shown = line(_saved(body), name)["text"]
    assert notification(body) == f"{name} set to {_said(stored)}"
    assert shown == {"Employees": "1,250", "Tech Stack": "Snowflake, Postgres"}.get(
        name, "Mar 31, 2027" if day else str(stored)
    )


def _said(stored: Any) -> str:
    if isinstance(stored, list):
        return ", ".join(stored)
    if stored == "2027-03-31":
        return "Mar 31, 2027"
    return f"{stored:,}" if isinstance(stored, int) else str(stored)


def test_user_field_is_picked_by_name(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    jordan = COWORKERS[0]
    edit = _edit(gmail, live, lead, "Account Owner")
    dropdown = edit["sections"][0]["widgets"][0]["selectionInput"]
    assert dropdown["type"] == "DROPDOWN"
    assert jordan.name in [i["text"] for i in dropdown["items"]]
    body = save(gmail, edit, value=user_id(live, jordan.email))
    assert notification(body) == f"Account Owner set to {jordan.name}"
    assert line(_saved(body), "Account Owner")["text"] == jordan.name
    stored = lead_in_close(live, lead["id"])[f"custom.{field_id(live, 'Account Owner')}"]
    assert stored == user_id(live, jordan.email)


def test_multiple_choices_are_checkboxes_and_can_be_cleared(gmail: Browser, live: Live) -> None:
    stack = field_id(live, "Tech Stack")
    lead = make_lead(live, **{f"custom.{stack}": ["BigQuery"]})
    edit = _edit(gmail, live, lead, "Tech Stack")
    boxes = edit["sections"][0]["widgets"][0]["selectionInput"]
    assert boxes["type"] == "CHECK_BOX"
    assert [i["value"] for i in boxes["items"] if i["selected"]] == ["BigQuery"]
    body = save(gmail, edit)  # every box unticked
    assert notification(body) == "Tech Stack cleared"
    assert f"custom.{stack}" not in lead_in_close(live, lead["id"])
    assert line(_saved(body), "Tech Stack")["text"].endswith("Not set</font>")


def test_a_number_with_letters_is_caught_before_close(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Employees")
    widget = edit["sections"][0]["widgets"][0]["textInput"]
    assert "validation" not in widget  # checked here, so Gmail never blocks Cancel
    body = save(gmail, edit, value="12 people")
    again = updated_card(body)
    assert again["sections"][0]["widgets"][0]["textInput"]["value"] == "12 people"
    assert "Enter a number" in card_text(again)
    assert puts(live) == {}


def test_close_refusal_shows_the_same_card_with_the_value_and_reason(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Lead Source")  # the field definitions are now cached
    source = live.sandbox.close.custom_fields[field_id(live, "Lead Source")]
    with live.sandbox.close.lock:
        choices = list(source["choices"])
        source["choices"] = [c for c in choices if c != "Event"]  # an admin removes one
    try:
        body = save(gmail, edit, value="Event")
    finally:
        with live.sandbox.close.lock:
            source["choices"] = choices

    assert navigations(body) == ["updateCard"]
    again = updated_card(body)
    assert again["name"] == "edit"
    dropdown = again["sections"][0]["widgets"][1]["selectionInput"]
    assert [i["value"] for i in dropdown["items"] if i["selected"]] == ["Event"]
    text = card_text(again)
    assert "Close did not accept this" in text
    assert 'Not a valid choice: "Event".' in text
    assert puts(live) == {"PUT /lead/{id}/": 1}


def test_close_not_answering_keeps_the_typed_value(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Title")
    live.faults(error_rate={"status": 503, "rate": 1.0}, methods=["PUT"])
    body = save(gmail, edit, value="Chief Financial Officer")
    again = updated_card(body)
    assert again["name"] == "edit"
    assert "Chief Financial Officer" in card_text(again)
    assert "Close did not answer" in card_text(again)
    assert puts(live) == {"PUT /contact/{id}/": 1}  # a write is never retried blindly


def test_a_rate_limited_write_is_retried_when_close_surely_did_not_act(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Title")
    # A 429 means Close did nothing; a 1 s window is waited out within the request.
    limits = {"enabled": False, "default_window_s": 1.0}
    live.http.post(f"{live.base_url}/sandbox/close/_ratelimits", json=limits)
    live.faults(rate_limit_burst=1, methods=["PUT"])
    body = save(gmail, edit, value="Treasurer")
    assert line(_saved(body), "Title")["text"] == "Treasurer"
    assert puts(live) == {"PUT /contact/{id}/": 2}  # the 429, then the write


def test_a_long_rate_limit_wait_keeps_the_card_and_says_how_long(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Title")
    live.faults(rate_limit_burst=1, methods=["PUT"])  # Close's 8 s window: past the deadline
    body = save(gmail, edit, value="Treasurer")
    again = updated_card(body)
    assert "Close asks us to wait 8 s" in card_text(again)
    assert "Treasurer" in card_text(again)
    assert puts(live) == {"PUT /contact/{id}/": 1}
    assert api(live, "GET", f"contact/{lead['contacts'][0]['id']}/")["title"] == "CFO"


def test_restricted_custom_field_is_not_offered(gmail: Browser, live: Live) -> None:
    notes = live.sandbox.close.custom_fields[field_id(live, "AE Notes")]
    with live.sandbox.close.lock:
        notes["editable_with_roles"] = ["role_sales_managers"]
    try:
        live.cold()  # field definitions are cached
        lead = make_lead(live, **{f"custom.{notes['id']}": "Only managers write here"})
        card = open_lead(gmail, live, lead["id"])
        restricted = line(card, "AE Notes")
        assert "onClick" not in restricted and "button" not in restricted
        assert line(card, "Employees")["button"]["text"] == "Edit"  # open to everyone
        name, params = action_of(line(card, "Employees"))
        params["field"] = f"custom.{notes['id']}"
        body = gmail.click(name, params=params)
        assert "may not change AE Notes" in (notification(body) or "")
    finally:
        with live.sandbox.close.lock:
            notes["editable_with_roles"] = []
        live.cold()


def test_opportunity_status_value_and_confidence(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    body = {"lead_id": lead["id"], "value": 5_000_000, "confidence": 40}
    body["status_id"] = status_id(live, "Discovery", kind="opportunity")
    opp = api(live, "POST", "opportunity/", body)
    card = open_lead(gmail, live, lead["id"])
    edit = tap(gmail, line(card, "Sales", text="$50,000")["button"])
    assert edit["header"] == {"title": "Opportunity", "subtitle": "$50,000"}
    assert "80,000" not in card_text(edit)

    form: dict[str, Any] = {
        "status_id": status_id(live, "Negotiation", kind="opportunity"),
        "value": "80,000",
        "confidence": "75",
    }
    body = save(gmail, edit, **form)

    held = api(live, "GET", f"opportunity/{opp['id']}/")
    assert (held["status_label"], held["value"], held["confidence"]) == (
        "Negotiation",
        8_000_000,
        75,
    )
    assert notification(body) == (
        "Status set to Sales · Negotiation; Value set to $80,000; Confidence set to 75%"
    )
    rebuilt = line(_saved(body), "Sales", text="$80,000")
    assert "Negotiation" in rebuilt["text"] and "75%" in rebuilt["bottomLabel"]
    assert puts(live) == {"PUT /opportunity/{id}/": 1}  # three fields, one update


def test_opportunity_fields_left_alone_are_not_sent(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    status = status_id(live, "Discovery", kind="opportunity")
    body = {"lead_id": lead["id"], "value": 5_000_000, "confidence": 40, "status_id": status}
    opp = api(live, "POST", "opportunity/", body)
    edit = tap(gmail, line(open_lead(gmail, live, lead["id"]), "Sales", text="$50,000")["button"])
    with live.sandbox.close.lock:  # meanwhile, a coworker changes the confidence
        live.sandbox.close.opportunities[opp["id"]]["confidence"] = 60
    save(gmail, edit, status_id=status, value="50000", confidence="40")
    assert api(live, "GET", f"opportunity/{opp['id']}/")["confidence"] == 60
    assert puts(live) == {}


def test_opportunity_billing_period(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    body = {"lead_id": lead["id"], "value": 50_000, "value_period": "monthly", "confidence": 50}
    opp = api(live, "POST", "opportunity/", body)
    deal = line(open_lead(gmail, live, lead["id"]), "Sales", text="$500 monthly")
    edit = tap(gmail, deal["button"])
    period = next(
        w["selectionInput"]
        for s in edit["sections"]
        for w in s["widgets"]
        if w.get("selectionInput", {}).get("name") == "value_period"
    )
    assert [i["value"] for i in period["items"] if i["selected"]] == ["monthly"]
    assert [i["text"] for i in period["items"]] == ["One-time", "Monthly", "Annual"]
    form = {"status_id": opp["status_id"], "value": "6,000", "confidence": "50"}
    body = save(gmail, edit, value_period="annual", **form)
    held = api(live, "GET", f"opportunity/{opp['id']}/")
    assert (held["value"], held["value_period"]) == (600_000, "annual")
    assert notification(body) == "Value set to $6,000; Billed set to Annual"
    line(_saved(body), "Sales", text="$6,000 annually")
    assert puts(live) == {"PUT /opportunity/{id}/": 1}


def test_opportunity_close_date(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    body = {"lead_id": lead["id"], "value": 100_000, "confidence": 10}
    opp = api(live, "POST", "opportunity/", body)
    edit = tap(gmail, line(open_lead(gmail, live, lead["id"]), "Sales", text="$1,000")["button"])
    form: dict[str, Any] = {"status_id": opp["status_id"], "value": "1000", "confidence": "10"}
    save(gmail, edit, dates={"date_won": dt.date(2027, 1, 15)}, **form)
    assert api(live, "GET", f"opportunity/{opp['id']}/")["date_won"] == "2027-01-15"


def test_task_done_and_undone_from_its_switch(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    task = api(live, "POST", "task/", {"lead_id": lead["id"], "text": "Send revised MSA"})
    card = open_lead(gmail, live, lead["id"])
    task_line = next(d for d in lines(card) if d["text"] == "Send revised MSA")
    switch = task_line["switchControl"]
    assert switch["selected"] is False

    body = _flip(gmail, switch)
    assert navigations(body) == ["updateCard"]  # the switch is on the record card itself
    assert notification(body) == "Task done: Send revised MSA"
    assert api(live, "GET", f"task/{task['id']}/")["is_complete"] is True
    rebuilt = updated_card(body)
    done = line(rebuilt, "Done just now")
    assert done["switchControl"]["selected"] is True
    assert "Tasks (0 open)" in card_text(rebuilt)

    body = _flip(gmail, done["switchControl"])
    assert notification(body) == "Task reopened: Send revised MSA"
    assert api(live, "GET", f"task/{task['id']}/")["is_complete"] is False
    reopened = next(d for d in lines(updated_card(body)) if d["text"] == "Send revised MSA")
    assert reopened["switchControl"]["selected"] is False


def test_edit_from_an_email_rebuilds_that_persons_card(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    person = lead["contacts"][0]
    address = person["emails"][0]["email"]
    case = f"edit-{lead['id']}"
    headers = {
        "From": email.utils.formataddr((person["name"], address)),
        "To": "Alex Morgan <alex.morgan@northwind-analytics.com>",
        "Subject": "Pilot",
        "Message-ID": f"<{case}@mail.example>",
    }
    live.sandbox.inbox.add(headers, case=case)
    card = gmail.open(case)
    edit = tap(gmail, line(card, "Title"))
    body = save(gmail, edit, value="Finance Director")
    rebuilt = _saved(body)
    assert rebuilt["header"]["title"] == lead["display_name"]
    assert line(rebuilt, "Title")["text"] == "Finance Director"


def test_changing_the_emails_own_address_stays_on_that_contact(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    person = lead["contacts"][0]
    address = person["emails"][0]["email"]
    case = f"readdress-{lead['id']}"
    headers = {
        "From": email.utils.formataddr((person["name"], address)),
        "To": "Alex Morgan <alex.morgan@northwind-analytics.com>",
        "Subject": "New address",
        "Message-ID": f"<{case}@mail.example>",
    }
    live.sandbox.inbox.add(headers, case=case)
    card = gmail.open(case)
    change = tap(gmail, line(card, "Office", text=address))
    body = save(gmail, change, value="new.address@vale.example", type="office")
    assert notification(body) == "Email changed to new.address@vale.example"
    rebuilt = _saved(body)
    # Still the lead and the contact just edited: no "Not in Close", no offer to add again.
    assert rebuilt["header"]["title"] == lead["display_name"]
    assert line(rebuilt, "Contact")["text"] == person["name"]
    assert line(rebuilt, "Office")["text"] == "new.address@vale.example"
    assert "Add to Close" not in json.dumps(rebuilt)


def _press(gmail: Browser, card: dict[str, Any], label: str) -> dict[str, Any]:
    name, params = action_of(find_button(card, label))
    return gmail.click(name, params=params)


def _flip(gmail: Browser, switch: dict[str, Any]) -> dict[str, Any]:
    """Flip a switch control, as Gmail posts its onChangeAction."""
    name, params = action_of({"onClick": {"action": switch["onChangeAction"]}})
    return gmail.click(name, params=params)


def test_contact_custom_field_in_the_contact_view(gmail: Browser, live: Live) -> None:
    riley = Browser(live, email=COWORKERS[3].email)
    riley.click("connect", form={"api_key": COWORKERS[3].api_key})
    settings = {"view": "contact", "sections": list(SECTIONS), "activities_per_page": "8"}
    riley.click("save_settings", form=settings | {"immediate_updates": "on"})
    lead = make_lead(live)
    person = lead["contacts"][0]
    case = f"contact-view-{lead['id']}"
    headers = {
        "From": email.utils.formataddr((person["name"], person["emails"][0]["email"])),
        "To": email.utils.formataddr((COWORKERS[3].name, COWORKERS[3].email)),
        "Subject": "Pilot",
    }
    riley.message_id = live.sandbox.inbox.add(headers, case=case, owner=COWORKERS[3].email).id
    card = card_of(riley.trigger("/message"))
    assert card["header"]["title"] == "Robin Vale"
    edit = tap(riley, line(card, "Role in Deal"))
    assert edit["header"] == {"title": "Role in Deal", "subtitle": "Robin Vale"}
    name, params = action_of(edit["fixedFooter"]["primaryButton"])
    body = riley.click(name, params=params, form={"value": "Champion"})
    assert notification(body) == "Role in Deal set to Champion"
    assert line(_saved(body), "Role in Deal")["text"] == "Champion"
    held = api(live, "GET", f"contact/{person['id']}/")
    assert held[f"custom.{field_id(live, 'Role in Deal')}"] == "Champion"


def test_a_save_that_names_no_close_record_is_refused_before_close_is_asked(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Title")
    name, params = action_of(edit["fixedFooter"]["primaryButton"])
    live.reset_stats()
    forged = params | {"object_id": "cont_x/../../organization"}
    status, body = gmail.post(f"/actions/{name}", params=forged, form={"value": "CEO"})
    assert (status, body["error"]) == (400, "bad_parameters")
    assert "object_id" in body["reason"]
    assert live.stats() == {}


def test_a_deal_value_is_read_as_the_users_locale_writes_it(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    body = {"lead_id": lead["id"], "value": 7_200_050, "confidence": 40}
    opp = api(live, "POST", "opportunity/", body)
    german = dataclasses.replace(gmail, locale="de-DE")
    edit = _edit(german, live, lead, "Sales", text="$72,000.50")
    value = next(w["textInput"] for w in edit["sections"][0]["widgets"] if "textInput" in w)
    assert value["value"] == "72000,50"  # prefilled as a German user writes it
    assert "validation" not in value  # Gmail would block Save and Cancel on "80.000,50"
    save(german, edit, status_id=opp["status_id"], value="80.000,50", confidence="40")
    assert api(live, "GET", f"opportunity/{opp['id']}/")["value"] == 8_000_050


def test_a_save_after_fixing_one_field_marks_only_the_field_still_wrong(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    body = {"lead_id": lead["id"], "value": 100_000, "confidence": 10}
    opp = api(live, "POST", "opportunity/", body)
    edit = _edit(gmail, live, lead, "Sales", text="$1,000")
    typed = {"status_id": opp["status_id"], "value": "lots", "confidence": "140"}
    marked = updated_card(save(gmail, edit, **typed))
    assert "Enter an amount" in card_text(marked) and "0 to 100" in card_text(marked)
    # Nothing runs as a field changes: Gmail would drop the Save pressed meanwhile.
    assert "onChangeAction" not in json.dumps(marked)
    live.reset_stats()
    now = updated_card(save(gmail, marked, **typed | {"value": "80,000"}))
    assert "Enter an amount" not in card_text(now) and "0 to 100" in card_text(now)
    assert puts(live) == {}  # still wrong: nothing is sent
    body = save(gmail, now, **typed | {"value": "80,000", "confidence": "75"})
    _saved(body)
    held = api(live, "GET", f"opportunity/{opp['id']}/")
    assert (held["value"], held["confidence"]) == (8_000_000, 75)


def test_the_first_save_after_fixing_a_marked_field_saves(gmail: Browser, live: Live) -> None:
    lead = make_lead(live)
    marked = updated_card(save(gmail, _edit(gmail, live, lead, "Website"), value="not a site"))
    assert "Enter a web address" in card_text(marked)
    assert "onChangeAction" not in json.dumps(marked)
    body = save(gmail, marked, value="vale-fixed.example")
    assert notification(body) == "Website set to https://vale-fixed.example"
    assert line(_saved(body), "Website")["text"] == "https://vale-fixed.example"


def test_saving_a_field_of_a_lead_deleted_meanwhile_says_it_is_gone(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    edit = _edit(gmail, live, lead, "Website")
    api(live, "DELETE", f"lead/{lead['id']}/")  # deleted in Close while the card is open

    gone = card_of(save(gmail, edit, value="vale-next.example"))

    assert gone["name"] == "error" and gone["header"]["title"] == "Not found in Close"
    text = card_text(gone)
    assert "no longer in Close" in text and "does not exist" not in text
    assert find_button(gone, "Back")


def test_a_contact_without_an_email_opens_from_other_contacts_and_is_edited(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    phone_only = {
        "lead_id": lead["id"],
        "name": "Pat Nomail",
        "phones": [{"phone": "+14155550177"}],
    }
    pat = api(live, "POST", "contact/", phone_only)
    card = open_lead(gmail, live, lead["id"])
    assert line(card, "Contact")["text"] == "Robin Vale"  # the first contact

    opened = tap(gmail, next(d for d in lines(card) if d.get("text") == "Pat Nomail"))

    assert opened["name"] == "record"
    assert line(opened, "Contact")["text"] == "Pat Nomail"
    body = save(gmail, tap(gmail, line(opened, "Title")), value="Buyer")
    assert api(live, "GET", f"contact/{pat['id']}/")["title"] == "Buyer"
    rebuilt = _saved(body)  # still the contact that was edited, not the lead's first
    assert line(rebuilt, "Contact")["text"] == "Pat Nomail"
    assert line(rebuilt, "Title")["text"] == "Buyer"
    refreshed = updated_card(_press(gmail, rebuilt, "Refresh"))
    assert line(refreshed, "Contact")["text"] == "Pat Nomail"


def test_a_phone_is_edited_as_the_card_shows_it_and_saved_unchanged_writes_nothing(
    gmail: Browser, live: Live
) -> None:
    lead = make_lead(live)
    contact_id = lead["contacts"][0]["id"]
    api(
        live,
        "PUT",
        f"contact/{contact_id}/",
        {
            "phones": [
                {"phone": "+1 415 555 0100", "type": "office"},
                {"phone": "+44 20 7946 0958", "type": "mobile"},
            ]
        },
    )
    card = open_lead(gmail, live, lead["id"])

    for top, shown in (("Office", "(415) 555-0100"), ("Mobile", "+44 20 7946 0958")):
        phone_line = line(card, top, text=shown[-4:])
        assert phone_line["text"] == shown
        edit = tap(gmail, phone_line["button"])
        typed = next(w["textInput"] for w in edit["sections"][0]["widgets"] if "textInput" in w)
        assert typed["value"] == shown  # as on the card, not +14155550100

        body = save(gmail, edit, value=typed["value"], type=top.lower())

        assert notification(body) == "Nothing changed"
        assert navigations(body) == ["pop", "updateCard"]
        assert puts(live) == {}
    phones = api(live, "GET", f"contact/{contact_id}/")["phones"]
    assert [(p["phone"], p["type"]) for p in phones] == [
        ("+14155550100", "office"),
        ("+442079460958", "mobile"),
    ]

    edit = tap(gmail, line(card, "Office", text="555")["button"])
    body = save(gmail, edit, value="(415) 555-0101", type="office")  # a change still saves
    assert notification(body) == "Phone changed to (415) 555-0101"
    assert api(live, "GET", f"contact/{contact_id}/")["phones"][0]["phone"] == "+14155550101"
