"""Add to Close, piece by piece: names and company names from an email, the form, the offers."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import Any

import pytest

from addon.close.additions import OpportunityDraft
from addon.close.metadata import OpportunityStatus, OrgInfo
from addon.close.models import Lead
from addon.registry import click, registry
from addon.screens.create.card import (
    CompanyLead,
    KnownLead,
    LeadFormView,
    NewLead,
    existing_card,
    lead_form_card,
    same_company_card,
)
from addon.screens.create.entries import close_payloads, company_name, field_errors, split_name
from addon.screens.create.handlers import (
    AddToExisting,
    add_to_existing,
    lead_form_view,
    new_lead_form,
    show_added,
)
from addon.screens.person import (
    Participant,
    no_match_card,
    offer_to_add,
    participants_section,
)
from addon.screens.refs import OnRecord, PersonArgs
from addon.ui.widgets import Json
from tests.addon_client import action_of, find_button
from tests.cardcheck import card_text, validate_card


@pytest.mark.parametrize(
    ("display", "email", "expected"),
    [
        ("Jamie Ross", "jamie.ross@vantagepoint-labs.com", ("Jamie", "Ross")),
        ("Ross, Jamie", "jr@x.com", ("Jamie", "Ross")),
        ("Madonna", "m@x.com", ("Madonna", "")),
        ("Ludwig van Beethoven", "lvb@x.com", ("Ludwig", "van Beethoven")),
        ("Anna Maria de la Cruz", "a@x.com", ("Anna Maria", "de la Cruz")),
        ("Robert De Niro", "r@x.com", ("Robert", "De Niro")),
        ("Martin Luther King Jr.", "m@x.com", ("Martin Luther", "King Jr.")),
        ("King, Martin Luther, Jr.", "m@x.com", ("Martin Luther", "King Jr.")),
        ("Dr. Jamie Ross", "j@x.com", ("Jamie", "Ross")),
        ("JAMIE ROSS", "j@x.com", ("Jamie", "Ross")),
        ("jamie van der berg", "j@x.com", ("Jamie", "van der Berg")),
        ("Jamie Ross (Vantagepoint)", "j@x.com", ("Jamie", "Ross")),
        ("Jamie Ross | Vantagepoint Labs", "j@x.com", ("Jamie", "Ross")),
        ("Zoë Müller-Łukasik", "z@x.com", ("Zoë", "Müller-Łukasik")),
        ("DeShawn McArthur", "d@x.com", ("DeShawn", "McArthur")),
        ("Dr. Dana J. Whitfield Jr.", "d@x.com", ("Dana J.", "Whitfield Jr.")),
        ("Whitfield, Dana", "d@x.com", ("Dana", "Whitfield")),
        ("Whitfield, Dana J.", "d@x.com", ("Dana J.", "Whitfield")),
        ("DR. DANA WHITFIELD", "d@x.com", ("Dana", "Whitfield")),
        ("Dana Whitfield, PhD", "d@x.com", ("Dana", "Whitfield PhD")),
        ("JOHN MCDONALD", "j@x.com", ("John", "McDonald")),
        ("Ali bin Hassan", "a@x.com", ("Ali", "bin Hassan")),
        ("Mr. Ross", "r@x.com", ("Ross", "")),
        ("Dana   Whitfield", "d@x.com", ("Dana", "Whitfield")),
        # No display name (or the address again): the address spells the name.
        ("", "jamie.ross@vantagepoint-labs.com", ("Jamie", "Ross")),
        ("jamie.ross@x.com", "jamie.ross@x.com", ("Jamie", "Ross")),
        ("", "taylor.nguyen84@gmail.com", ("Taylor", "Nguyen")),
        ("", "mary-jane_watson+news@x.com", ("Mary-Jane", "Watson")),
        ("", "ludwig.van.beethoven@x.com", ("Ludwig", "van Beethoven")),
        ("", "jross@x.com", ("Jross", "")),
        ("", "info@x.com", ("", "")),  # a shared inbox has no name to guess
        # A company's name is nobody's: the address is read instead.
        ("Brightlane Logistics", "billing@brightlane.com", ("", "")),
        ("Brightlane Logistics", "dana.whitfield@brightlane.com", ("Dana", "Whitfield")),
        ("Vale Ltd", "robin.vale@vale.example", ("Robin", "Vale")),
        ("Ross, Jamie", "jamie@ross.com", ("Jamie", "Ross")),
    ],
)
def test_names_split_from_the_email(display: str, email: str, expected: tuple[str, str]) -> None:
    assert split_name(display, email) == expected


@pytest.mark.parametrize(
    ("domain", "name"),
    [
        ("vantagepoint-labs.com", "Vantagepoint Labs"),
        ("kestrel-bio.io", "Kestrel Bio"),
        ("brightlane.com", "Brightlane"),
        ("mail.acme.co.uk", "Acme"),
        ("acme.com.au", "Acme"),
        ("eu.quillfeather.io", "Quillfeather"),
        ("silverline_freight.com", "Silverline Freight"),
    ],
)
def test_company_name_from_domain(domain: str, name: str) -> None:
    assert company_name(domain) == name


def _entries(**changes: Any) -> NewLead:
    base = NewLead("Jamie", "Ross", "jamie.ross@vantagepoint-labs.com", "", "Vantagepoint", "s1")
    return replace(base, **changes)


def test_payloads_nest_the_contact_and_keep_the_deal_for_later() -> None:
    deal = OpportunityDraft(status_id="o1", value="$12,500.50", confidence="60%")
    entries = _entries(title="CTO", opportunity=deal)
    lead, opportunity, problems = close_payloads(entries, "USD")
    assert problems == {}
    assert lead == {
        "name": "Vantagepoint",
        "status_id": "s1",
        "contacts": [
            {
                "name": "Jamie Ross",
                "title": "CTO",
                "emails": [{"email": "jamie.ross@vantagepoint-labs.com", "type": "office"}],
            }
        ],
    }
    assert opportunity is not None and "lead_id" not in opportunity
    assert (opportunity["value"], opportunity["confidence"]) == (1250050, 60)


def test_the_phone_goes_on_the_contact_and_the_website_on_the_lead() -> None:
    entries = _entries(phone="020 7946 0958", url="vantagepoint-labs.com")
    lead, _, problems = close_payloads(entries, "USD", region="GB")
    assert problems == {}
    assert lead["url"] == "https://vantagepoint-labs.com"
    assert lead["contacts"][0]["phones"] == [{"phone": "+442079460958", "type": "office"}]
    blank, _, _ = close_payloads(_entries(phone=" ", url=""), "USD")
    assert "url" not in blank and "phones" not in blank["contacts"][0]


def test_a_deal_billed_monthly_says_so_and_an_unknown_period_is_refused() -> None:
    monthly = OpportunityDraft(value="500", period="monthly")
    assert close_payloads(_entries(opportunity=monthly), "USD")[1] == {
        "value": 50_000,
        "value_period": "monthly",
    }
    weekly = OpportunityDraft(value="500", period="weekly")
    assert set(close_payloads(_entries(opportunity=weekly), "USD")[2]) == {"opp_value_period"}


def test_payload_problems_are_named_by_form_input() -> None:
    deal = OpportunityDraft(value="lots", confidence="140")
    entries = _entries(email="jamie", phone="12", url="no site", opportunity=deal)
    _, _, problems = close_payloads(entries, "USD")
    assert set(problems) == {"email", "phone", "url", "opp_value", "opp_confidence"}


def test_an_opportunity_left_empty_is_not_sent_but_one_begun_needs_its_value() -> None:
    empty = OpportunityDraft(status_id="o1")
    assert close_payloads(_entries(opportunity=empty), "USD")[1:] == (None, {})
    dated = OpportunityDraft(status_id="o1", close_date=dt.date(2026, 9, 30))
    _, _, problems = close_payloads(_entries(opportunity=dated), "USD")
    assert set(problems) == {"opp_value"}


def test_a_lead_needs_a_name_or_a_company() -> None:
    nameless = _entries(first_name="", last_name="", lead_name=" ")
    assert set(close_payloads(nameless, "USD")[2]) == {"name", "lead_name"}
    assert close_payloads(_entries(first_name="", last_name=""), "USD")[2] == {}
    assert close_payloads(_entries(lead_name=""), "USD")[2] == {}


def test_close_field_errors_go_to_their_inputs() -> None:
    shown, rest = field_errors({"status_id": "Not a valid choice.", "custom.cf_x": "Required."})
    assert shown == {"lead_status": "Not a valid choice."}
    assert rest == ["custom.cf_x: Required."]


ORG = OrgInfo(
    currency="USD",
    members=(),
    lead_statuses=(("s1", "Potential"), ("s2", "Bad Fit")),
    opportunity_statuses=(
        OpportunityStatus("o1", "Lead", "active", "Sales"),
        OpportunityStatus("o2", "Demo", "active", "Sales"),
        OpportunityStatus("o3", "Renewal", "active", "Renewals"),
    ),
)


def _form(entries: NewLead | None = None, **changes: Any) -> LeadFormView:
    deal = OpportunityDraft(status_id="o2", value="12,500")
    view = lead_form_view(
        ORG,
        entries or _entries(opportunity=deal),
        form_id="f1",
        checked="jamie.ross@vantagepoint-labs.com",
    )
    return replace(view, **changes)


def test_form_shows_lead_and_opportunity_fields_and_validates() -> None:
    card = lead_form_card(_form())
    validate_card(card)
    text = card_text(card)
    assert "Value (USD)" in text and "Expected close date" in text
    assert "Sales · Demo" in text and "Renewals · Renewal" in text
    submit = find_button(card, "Add to Close")
    assert submit["onClick"]["action"]["persistValues"] is True
    name, params = action_of(submit)
    assert name == "create_lead" and name in registry.actions
    assert params == {"form_id": "f1", "email": "jamie.ross@vantagepoint-labs.com", "deal": "1"}
    assert action_of(find_button(card, "Cancel"))[0] == "back"


def test_form_inputs_are_checked_by_the_add_on_so_cancel_always_works() -> None:
    card = lead_form_card(_form())
    assert "validation" not in json.dumps(card)  # Gmail's own checks would block Cancel


def test_the_value_example_is_written_as_the_users_locale_writes_it() -> None:
    # "e.g. 12,500" would read as twelve and a half to a German user.
    assert "e.g. 12,500" in json.dumps(lead_form_card(_form()))
    assert "e.g. 12.500" in json.dumps(lead_form_card(_form(locale="de-DE")))


def test_form_without_opportunity_and_with_errors() -> None:
    view = _form(
        entries=_entries(),
        problem="Close did not accept this.",
        field_errors={"lead_status": "Not a <valid> choice."},
    )
    card = lead_form_card(view)
    validate_card(card)
    text = card_text(card)
    assert "Value (" not in text
    assert "Not a &lt;valid&gt; choice." in str(card)  # Close's words are escaped
    _, params = action_of(find_button(card, "Add to Close"))
    assert "deal" not in params


def test_form_keeps_a_picked_close_date() -> None:
    deal = OpportunityDraft(close_date=dt.date(2026, 9, 30))
    card = lead_form_card(_form(entries=_entries(opportunity=deal)))
    pickers = [w for s in card["sections"] for w in s["widgets"] if "dateTimePicker" in w]
    assert pickers[0]["dateTimePicker"]["valueMsEpoch"] == "1790726400000"


def test_existing_card_opens_the_person() -> None:
    lead = KnownLead("Acme <Inc>", "https://app.close.com/lead/lead_1/")
    show = click(show_added, PersonArgs(email="j@acme.com"))
    card = existing_card("Jamie Ross", "j@acme.com", (lead,), show)
    validate_card(card)
    assert card["header"]["subtitle"] == "Already in Close"
    assert "Acme &lt;Inc&gt;" in str(card)
    assert find_button(card, "Open in Close")["onClick"]["openLink"]["url"] == lead.url
    name, params = action_of(find_button(card, "Show in sidebar"))
    assert (name, params) == ("show_added", {"email": "j@acme.com"})


def test_same_company_card_offers_the_lead_first() -> None:
    def add(lead_id: str, form_id: str) -> Json:
        person = AddToExisting(
            lead_id=lead_id, email="j@acme.com", name="Jamie Ross", form_id=form_id
        )
        return click(add_to_existing, person)

    leads = (
        CompanyLead("Acme", "2 contacts at @acme.com", add("lead_1", "f1")),
        CompanyLead("Acme EU", "1 contact at @acme.com", add("lead_2", "f2")),
    )
    new_lead = click(new_lead_form, PersonArgs(email="j@acme.com", name="Jamie Ross"))
    card = same_company_card("Jamie Ross", "j@acme.com", "acme.com", leads, new_lead)
    validate_card(card)
    assert "Add Jamie Ross as a contact to <b>Acme</b> instead?" in str(card)
    name, params = action_of(find_button(card, "Add to Acme"))
    assert name == "add_to_existing" and name in registry.actions
    assert params == {
        "lead_id": "lead_1",
        "email": "j@acme.com",
        "name": "Jamie Ross",
        "form_id": "f1",
    }
    assert action_of(find_button(card, "Add here"))[1]["form_id"] == "f2"
    assert action_of(find_button(card, "Create a new lead anyway")) == (
        "new_lead_form",
        {"email": "j@acme.com", "name": "Jamie Ross"},
    )


def test_no_match_card_offers_add_to_close_except_for_automated_senders() -> None:
    person = Participant("jamie@acme.com", "Jamie Ross", 0)
    card = no_match_card(person, ())
    validate_card(card)
    name, params = action_of(find_button(card, "Add to Close"))
    assert (name, params) == ("add_to_close", {"email": "jamie@acme.com", "name": "Jamie Ross"})
    robot = Participant("no-reply@acme.com", "Acme", 0, automated=True)
    with pytest.raises(AssertionError):
        find_button(no_match_card(robot, ()), "Add to Close")


def test_unknown_participants_get_one_click_onto_the_shown_lead() -> None:
    people = (
        Participant("dana@acme.com", "Dana", 1, label="Acme"),
        Participant("dev@acme.com", "Dev Rao", 0),
        Participant("news@acme.com", "Acme News", 0, automated=True),
    )
    ids = iter(["f1", "f2"])
    lead = Lead(id="lead_1", display_name="Acme Incorporated Worldwide Holdings")
    at = OnRecord(lead_id="lead_1", email="dana@acme.com")
    offered = offer_to_add(people, lead, at, lambda: next(ids))
    section = participants_section(offered)
    buttons = [w["decoratedText"].get("button") for w in section["widgets"]]
    assert buttons[0] is None and buttons[2] is None
    assert buttons[1]["text"] == "Add to Acme…"  # long lead names are shortened
    name, params = action_of(buttons[1])
    assert name == "add_participant" and name in registry.actions
    assert params == {
        "lead_id": "lead_1",
        "email": "dana@acme.com",
        "form_id": "f1",
        "add_email": "dev@acme.com",
        "add_name": "Dev Rao",
    }
