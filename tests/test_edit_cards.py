"""Field rules (parsing, showing, one-entry list changes) and the edit cards, without I/O."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from addon.close import CloseUnavailable
from addon.close.field_writes import UNKNOWN, record_path, refusal_for
from addon.close.metadata import OpportunityStatus, OrgInfo
from addon.close.models import CustomField, Member, Opportunity, Task
from addon.crm import field_entries as fe
from addon.crm import field_values as fv
from addon.crm.editing import Editing
from addon.crm.field_values import FieldInvalid
from addon.crm.fields import (
    FieldSpec,
    custom_spec,
    opportunity_specs,
    parse,
    read_form,
    standard_spec,
    to_form,
)
from addon.registry import click
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.deals import SaveOpportunity
from addon.screens.edit.handlers import SaveField, remove_entry, save_field
from addon.screens.edit.target import label_for, opportunity_name, show, task_name
from addon.screens.record.card import fit
from addon.screens.record.lines import staged_section
from addon.screens.record.staged import Report, by_record
from addon.screens.record.view import Lines
from addon.screens.refs import FieldArgs, OnRecord
from addon.store import StagedChange
from addon.ui.widgets import decorated, paragraph, section
from tests.addon_client import action_of, find_button
from tests.cardcheck import card_text, validate_card

ORG = OrgInfo(
    currency="USD",
    members=(
        Member(user_id="user_b", user_first_name="Zoe", user_last_name="Ng", role_id="user"),
        Member(user_id="user_a", user_full_name="Ann Rep", role_id="admin"),
    ),
    lead_statuses=(("stat_p", "Potential"), ("stat_q", "Qualified")),
    opportunity_statuses=(
        OpportunityStatus("stat_d", "Discovery", "active", "Sales"),
        OpportunityStatus("stat_w", "Won", "won", "Sales"),
        OpportunityStatus("stat_r", "Renewed", "won", "Renewals"),
    ),
)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1200", 1200), ("1,200", 1200), ("1 200", 1200), ("12.5", 12.5), ("-3", -3), ("", None)],
)
def test_numbers_are_read_with_separators(typed: str, number: Any) -> None:
    assert fv.parse_number(typed) == number


@pytest.mark.parametrize("typed", ["12 people", "1,5", "1.2.3", "one", "1,20"])
def test_numbers_with_letters_or_odd_commas_are_refused(typed: str) -> None:
    with pytest.raises(FieldInvalid, match="Enter a number"):
        fv.parse_number(typed)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("$72,000", 7_200_000), ("72000.5", 7_200_050), ("USD 10", 1000), ("0", 0), ("", None)],
)
def test_money_becomes_cents(typed: str, cents: int | None) -> None:
    assert fv.parse_money(typed, "USD") == cents


def test_money_refuses_negative_amounts_fractions_of_cents_and_yen_decimals() -> None:
    for typed, currency in (("-5", "USD"), ("1.234", "USD"), ("10.5", "JPY"), ("ten", "USD")):
        with pytest.raises(FieldInvalid):
            fv.parse_money(typed, currency)
    assert fv.parse_money("1,000", "JPY") == 1000


@pytest.mark.parametrize(
    ("typed", "locale", "cents"),
    [
        ("80k", "en-US", 8_000_000),
        ("80K", "en-US", 8_000_000),
        ("80 k", "en-US", 8_000_000),
        ("$80k", "en-US", 8_000_000),
        ("1.5m", "en-US", 150_000_000),
        ("1.5M", "en-US", 150_000_000),
        ("1,5m", "de-DE", 150_000_000),
        ("80k €", "de-DE", 8_000_000),
        ("2.25k", "en-US", 225_000),
    ],
)
def test_money_takes_k_and_m_for_thousands_and_millions(
    typed: str, locale: str, cents: int
) -> None:
    assert fv.parse_money(typed, "USD", locale) == cents


@pytest.mark.parametrize("typed", ["k", "m", "80kk", "80km", "80 kilo", "1,5m", "-80k", "80x"])
def test_money_with_a_stray_letter_is_still_refused(typed: str) -> None:
    with pytest.raises(FieldInvalid):
        fv.parse_money(typed, "USD")


def test_numbers_that_are_not_money_take_no_k() -> None:
    with pytest.raises(FieldInvalid, match="Enter a number"):
        fv.parse_number("80k")


@given(
    amount=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    scale=st.sampled_from([("k", 1_000), ("K", 1_000), ("m", 1_000_000), ("M", 1_000_000)]),
    gap=st.sampled_from(["", " "]),
)
def test_a_scaled_amount_is_the_amount_times_its_scale(
    amount: Decimal, scale: tuple[str, int], gap: str
) -> None:
    letter, factor = scale
    assert fv.parse_money(f"{amount}{gap}{letter}", "USD") == int(amount * factor * 100)


@given(junk=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4))
def test_letters_other_than_one_k_or_m_are_refused(junk: str) -> None:
    # Three letters are taken as a currency code ("80 EUR"), as before.
    assume(junk not in ("k", "m") and len(junk) != 3)
    with pytest.raises(FieldInvalid):
        fv.parse_money(f"80{junk}", "USD")


def test_percentages_are_whole_numbers_up_to_100() -> None:
    assert fv.parse_percent("80%") == 80
    assert fv.parse_percent(" 0 ") == 0
    for typed in ("101", "7.5", "-1", "high"):
        with pytest.raises(FieldInvalid, match="0 to 100"):
            fv.parse_percent(typed)


@pytest.mark.parametrize(
    ("typed", "locale", "cents"),
    [
        ("80,000", "en-US", 8_000_000),
        ("$80,000", "en-US", 8_000_000),
        ("$80,000.50", "en-US", 8_000_050),
        ("80.000,50", "de-DE", 8_000_050),
        ("80.000,50 €", "de-DE", 8_000_050),
        ("80000.50", "de-DE", 8_000_050),  # as the form is prefilled elsewhere
        ("80 000,50", "fr-FR", 8_000_050),
        ("EUR 80.000", "de-DE", 8_000_000),
        ("1,000", "xx-unknown", 100_000),  # a locale nobody knows reads as US English
    ],
)
def test_money_is_read_as_the_users_locale_writes_it(typed: str, locale: str, cents: int) -> None:
    value = FieldSpec("opportunity", "value", "Value", "money", currency="EUR")
    assert parse(value, typed, locale=locale) == cents


@pytest.mark.parametrize(
    ("typed", "locale"), [("80.000,50", "en-US"), ("80,000.50", "de-DE"), ("1E5", "en-US")]
)
def test_money_in_another_locales_way_is_refused_with_this_locales_example(
    typed: str, locale: str
) -> None:
    example = "72,000.50" if locale == "en-US" else "72.000,50"
    with pytest.raises(FieldInvalid, match=f"like .* or {re.escape(example)}"):
        fv.parse_money(typed, "USD", locale)


def test_numbers_are_prefilled_as_the_users_locale_writes_them() -> None:
    value = FieldSpec("opportunity", "value", "Value", "money", currency="EUR")
    seats = FieldSpec("lead", "custom.cf_n", "Seats", "number")
    assert to_form(value, 7_200_050, locale="de-DE") == "72000,50"
    assert to_form(value, 7_200_050) == "72000.50"
    assert to_form(seats, 12.5, locale="de-DE") == "12,5"
    assert parse(seats, "12,5", locale="de-DE") == 12.5
    assert parse(seats, "1.250", locale="de-DE") == 1250


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("acme.com", "https://acme.com"),
        ("http://acme.com/about", "http://acme.com/about"),
        ("", ""),
    ],
)
def test_web_addresses_get_a_scheme(typed: str, url: str) -> None:
    assert fv.parse_url(typed) == url


@pytest.mark.parametrize("typed", ["not a website", "localhost", "ftp://acme.com", "https://"])
def test_bad_web_addresses_are_refused(typed: str) -> None:
    with pytest.raises(FieldInvalid):
        fv.parse_url(typed)


def test_email_and_phone_checks() -> None:
    assert fv.parse_email(" Jane@Acme.com ") == "Jane@Acme.com"
    for typed in ("jane", "jane@acme", "jane @acme.com", "jane@acme.com."):
        with pytest.raises(FieldInvalid, match="email address"):
            fv.parse_email(typed)
    assert fv.parse_phone("+1 (415) 555-0100 ext. 12") == "+1 (415) 555-0100 ext. 12"
    for typed in ("call me", "12", "+1 415 555 0100 please"):
        with pytest.raises(FieldInvalid, match="phone number"):
            fv.parse_phone(typed)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("marcus🙂@bell.com", "🙂"),
        ("jöhn@acme.com", "ö"),
        ("jane@acme..com", "two periods"),
        ("jane@@acme.com", "email address"),
        ("jane,doe@acme.com", "email address"),
    ],
)
def test_email_typos_are_refused_with_a_reason(typed: str, reason: str) -> None:
    with pytest.raises(FieldInvalid, match=re.escape(reason)):
        fv.parse_email(typed)


@pytest.mark.parametrize(
    "typed", ["jane.doe+crm@sub.acme.co.uk", "o'brien@acme.ie", "JANE@ACME.COM", "jane@bücher.de"]
)
def test_real_email_addresses_are_kept_as_typed(typed: str) -> None:
    assert fv.parse_email(f" {typed} ") == typed


@pytest.mark.parametrize(
    ("typed", "region", "sent"),
    [
        ("+44 20 7946 0958", None, "+442079460958"),
        ("+1 (415) 555-0100", "GB", "+14155550100"),
        ("(415) 555-0100", "US", "+14155550100"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("030 1234567", "DE", "+49301234567"),
        ("+1 (415) 555-0100 ext. 12", None, "+1 (415) 555-0100 ext. 12"),
        # Without a country code nor a country to read it in, Close reads it as typed.
        ("415 555 0100", None, "415 555 0100"),
        # Possible but not known to phonenumbers as a number: sent as typed, for Close.
        ("+1 415 000 0100", "US", "+1 415 000 0100"),
        ("+1 415 555 0100 x12", "US", "+1 415 555 0100 x12"),
    ],
)
def test_phones_are_sent_in_e164_when_they_read_as_one(
    typed: str, region: str | None, sent: str
) -> None:
    assert fv.parse_phone(typed, region) == sent


@pytest.mark.parametrize(
    ("typed", "region", "reason"),
    [
        ("+1 415 555 01", None, "Too short for a +1 number"),
        ("415 555 010", "US", "Too short for a +1 number"),
        ("020 7946 0958", "US", "Too long for a +1 number"),  # a UK number, no +44
        ("+999 1234 5678", None, "country code"),
    ],
)
def test_phone_typos_are_refused_with_a_reason(typed: str, region: str | None, reason: str) -> None:
    with pytest.raises(FieldInvalid, match=re.escape(reason)):
        fv.parse_phone(typed, region)


@pytest.mark.parametrize(("object_type", "label"), [("lead", "lead name"), ("contact", "name")])
def test_names_cannot_be_cleared(object_type: str, label: str) -> None:
    spec = standard_spec(object_type, "name")
    assert spec is not None
    with pytest.raises(FieldInvalid, match=f"Enter a {label}"):
        parse(spec, "  ")
    assert parse(spec, "Acme") == "Acme"


def test_values_are_shown_in_words() -> None:
    assert fv.show_number(1250) == "1,250"
    assert fv.show_number(12.5) == "12.5"
    assert fv.show_date("2026-06-30") == "Jun 30, 2026"
    assert fv.show_datetime("2026-06-30T14:05:00+02:00") == "Jun 30, 2026, 12:05 UTC"
    assert fv.plain_number(1250.0) == "1250"
    assert fv.plain_money(7_200_050, "USD") == "72000.50"
    assert fv.date_ms("2026-01-01") == 1_767_225_600_000


def test_one_entry_changes_keep_the_rest_of_the_list() -> None:
    emails = [
        {"email": "a@x.com", "type": "office", "is_unsubscribed": False},
        {"email": "b@x.com", "type": "home", "is_unsubscribed": True},
    ]
    ops = [
        fe.entry_op("add", new="c@x.com", kind="direct"),
        fe.entry_op("change", old="A@x.com", new="a2@x.com", kind="office"),
        fe.entry_op("change", old="b@x.com", new="b@x.com", kind="other"),
    ]
    assert fe.apply_ops(emails, ops, "emails") == [
        {"email": "a2@x.com", "type": "office"},
        {"email": "b@x.com", "type": "other", "is_unsubscribed": True},
        {"email": "c@x.com", "type": "direct"},
    ]
    removed = fe.apply_ops(emails, [fe.entry_op("remove", old="a@x.com")], "emails")
    assert [e["email"] for e in removed] == ["b@x.com"]


def test_one_entry_changes_are_idempotent() -> None:
    phones = [{"phone": "+14155550100", "type": "office", "phone_formatted": "+1 415-555-0100"}]
    ops = [fe.entry_op("add", new="415 555 0100"), fe.entry_op("remove", old="+1 999 999 9999")]
    assert fe.apply_ops(phones, ops, "phones") == [{"phone": "+14155550100", "type": "office"}]
    change = [fe.entry_op("change", old="+1 415 555 0100", new="+1 415 555 0199")]
    once = fe.apply_ops(phones, change, "phones")
    assert fe.apply_ops(once, change, "phones") == once


def test_describe_ops() -> None:
    ops = [
        fe.entry_op("add", new="c@x.com"),
        fe.entry_op("change", old="a@x.com", new="b@x.com"),
        fe.entry_op("remove", old="d@x.com"),
    ]
    assert fe.describe_ops(ops) == "add c@x.com; a@x.com → b@x.com; remove d@x.com"


def _field(**kw: Any) -> CustomField:
    return CustomField(**{"id": "cf_1", "name": "Industry", "type": "choices", **kw})


def test_custom_fields_get_the_input_their_type_needs() -> None:
    single = custom_spec("lead", _field(choices=("IT", "Cars")), ORG)
    many = custom_spec("lead", _field(choices=("IT", "Cars"), accepts_multiple_values=True), ORG)
    owner = custom_spec("lead", _field(type="user", name="Owner"), ORG)
    assert single is not None and many is not None and owner is not None
    assert (single.kind, single.key, single.options) == (
        "choice",
        "custom.cf_1",
        (("IT", "IT"), ("Cars", "Cars")),
    )
    assert many.kind == "choices"
    assert owner.options == (("Ann Rep", "user_a"), ("Zoe Ng", "user_b"))  # by name
    assert custom_spec("lead", _field(type="number"), ORG) == FieldSpec(
        "lead", "custom.cf_1", "Industry", "number"
    )
    assert custom_spec("lead", _field(type="text", accepts_multiple_values=True), ORG) is None
    assert custom_spec("lead", _field(type="contact"), ORG) is None


def test_role_restricted_fields() -> None:
    restricted = _field(editable_with_roles=("admin",))
    assert Editing(role="admin").may_edit(restricted)
    assert not Editing(role="user").may_edit(restricted)
    assert not Editing(role=None).may_edit(restricted)
    assert Editing(role=None).may_edit(_field())


class _Form:
    def __init__(self, **values: Any) -> None:
        self.values = values

    def texts(self, name: str) -> list[str]:
        value = self.values.get(name)
        return value if isinstance(value, list) else [] if value is None else [value]

    def text(self, name: str, default: str = "") -> str:
        texts = self.texts(name)
        return texts[0].strip() if texts else default

    def date(self, name: str) -> dt.date | None:
        value = self.values.get(name)
        return value if isinstance(value, dt.date) else None

    def datetime(self, name: str) -> dt.datetime | None:
        return None


def test_form_values_round_trip() -> None:
    status = standard_spec("lead", "status_id", ORG)
    assert status is not None
    assert to_form(status, "stat_q") == ("stat_q",)
    assert parse(status, read_form(status, _Form(value="stat_q"), "value")) == "stat_q"
    with pytest.raises(FieldInvalid, match="Pick a lead status"):
        parse(status, ())
    with pytest.raises(FieldInvalid, match="not one of the choices"):
        parse(status, ("stat_x",))
    date = FieldSpec("lead", "custom.cf_d", "Renewal", "date")
    assert read_form(date, _Form(value=dt.date(2027, 3, 31)), "value") == "2027-03-31"
    assert parse(date, "") is None
    text = FieldSpec("lead", "custom.cf_t", "Notes", "text")
    assert parse(text, "") is None  # an empty custom field is unset, not ""
    title = standard_spec("contact", "title")
    assert title is not None and parse(title, "") == ""


def test_opportunity_fields() -> None:
    status, value, period, confidence, close = opportunity_specs(ORG, "EUR")
    assert status.options[0] == ("Sales · Discovery", "stat_d")  # two pipelines: named
    assert show(value, 7_200_000) == "€72,000"
    assert to_form(value, 7_200_050) == "72000.50"
    with pytest.raises(FieldInvalid, match="Enter a confidence"):
        parse(confidence, " ")
    assert show(close, "2026-07-01") == "Jul 1, 2026"
    assert show(status, "stat_w") == "Sales · Won"
    assert show(period, "monthly") == "Monthly" and to_form(period, "annual") == ("annual",)
    with pytest.raises(FieldInvalid, match="not one of the choices"):
        parse(period, ("weekly",))


def test_staged_changes_name_their_record_first_the_lead_too() -> None:
    status = standard_spec("lead", "status_id", ORG)
    assert status is not None and status.label == "Lead status"  # as the card's line says
    assert label_for("lead", "Acme Inc.", status.label) == "Acme Inc. · Lead status"
    assert label_for("contact", "Dana Whitfield", "Title") == "Dana Whitfield · Title"
    assert label_for("contact", "", "Title") == "Title"
    deal = Opportunity(id="oppo_1", value=7_200_000, value_currency="USD")
    assert label_for("opportunity", opportunity_name(deal), "Status") == (
        "Opportunity $72,000 · Status"
    )
    annual = Opportunity(id="oppo_2", value=100, value_formatted="$1 annually")
    assert opportunity_name(annual) == "$1 annually"  # Close's own words win
    assert opportunity_name(Opportunity(id="oppo_3", status_label="Demo")) == "Demo"
    assert opportunity_name(Opportunity(id="oppo_4")) == "Opportunity"
    task = Task(id="task_1", text="Call Dana about the " + "very " * 30 + "long contract")
    assert len(task_name(task)) <= 80 and task_name(task).endswith("…")
    assert label_for("task", task_name(Task(id="task_2", text="Call Dana")), "Done") == (
        "Task “Call Dana”"
    )


def test_what_close_held_comes_back_from_the_save_button_or_is_unknown() -> None:
    assert STATUS.held() == "stat_q"
    assert SaveField(lead_id="lead_1", was="null").held() is None
    assert SaveField(lead_id="lead_1").held() is UNKNOWN
    assert SaveField(lead_id="lead_1", was="{not json").held() is UNKNOWN
    deal = {"lead_id": "lead_1", "object_type": "opportunity", "object_id": "oppo_1"}
    assert SaveOpportunity(**deal, was='{"value": 5}').held() == {"value": 5}
    assert SaveOpportunity(**deal, was="[1]").held() == {}
    assert SaveOpportunity(**deal, was="{").held() == {}


def test_record_paths_refuse_anything_but_close_ids() -> None:
    assert record_path("contact", "cont_abc123") == "contact/cont_abc123/"
    for object_type, object_id in (("lead", "../me"), ("lead", "lead_a/b"), ("user", "user_a")):
        with pytest.raises(ValueError, match="not a Close record"):
            record_path(object_type, object_id)


def _staged(change_id: int, object_id: str, field: str, **kw: Any) -> StagedChange:
    base = {"object_type": "lead", "lead_id": "lead_1", "value": "x", "label": field, "shown": "x"}
    return StagedChange(id=change_id, object_id=object_id, field=field, **{**base, **kw})


def test_staged_changes_are_sent_record_by_record_in_order() -> None:
    changes = [
        _staged(1, "lead_1", "status_id"),
        _staged(2, "cont_1", "title", object_type="contact"),
        _staged(3, "lead_1", "custom.cf_1"),
    ]
    groups = by_record(changes)
    assert [[c.id for c in g] for g in groups] == [[1, 3], [2]]


def test_close_reasons_are_matched_to_fields() -> None:
    change = _staged(1, "lead_1", "status_id")
    assert refusal_for(change, {"status": "Not a valid choice."}) == "Not a valid choice."
    custom = _staged(2, "lead_1", "custom.cf_1")
    assert refusal_for(custom, {"custom.cf_1": "Bad"}) == "Bad"
    assert refusal_for(custom, {"name": "Bad"}) is None


def test_send_report_words() -> None:
    assert Report(sent=3).words() == "3 changes sent"
    assert Report(sent=1).words() == "1 change sent"
    assert Report(sent=2, refused=1).words() == "2 sent, 1 refused by Close"
    assert Report().words() == "Nothing waiting to send"
    gone = "1 change dropped: record no longer in Close"
    assert Report(dropped=1).words() == gone
    assert Report(sent=2, refused=1, dropped=1).words() == f"2 sent, 1 refused by Close; {gone}"
    stopped = Report(sent=1, dropped=2, left=1, stopped=CloseUnavailable("down"))
    waiting = "1 sent, 2 dropped, 1 still waiting"
    assert stopped.words() == f"Close did not answer: {waiting}. Send again."


STATUS = SaveField(
    lead_id="lead_1", object_type="lead", object_id="lead_1", field="status_id", was='"stat_q"'
)
SAVE = click(save_field, STATUS, persist_values=True)


def _view(**kw: Any) -> EditView:
    status = standard_spec("lead", "status_id", ORG)
    assert status is not None
    base: dict[str, Any] = {
        "title": "Lead status",
        "subtitle": "Acme <Inc>",
        "inputs": (EditInput("value", status, ("stat_q",)),),
        "save": SAVE,
    }
    return EditView(**{**base, **kw})


def test_edit_cards_validate_and_show_problems_next_to_the_field() -> None:
    email = standard_spec("contact", "emails")
    assert email is not None
    cards = [
        edit_card(_view()),
        edit_card(_view(message="Close did not answer.", staged=True, notes=("In Close now: X",))),
        edit_card(
            _view(
                inputs=(EditInput("value", email, "jane@acme", "Enter an email address."),),
                entry_type="mobile",
                remove=click(remove_entry, FieldArgs(lead_id="lead_1", entry="jane@acme")),
            )
        ),
        edit_card(
            _view(
                inputs=tuple(
                    EditInput(s.key, s, to_form(s, v))
                    for s, v in zip(
                        opportunity_specs(ORG, "USD"),
                        ("stat_d", 100, "monthly", 5, "2026-01-02"),
                        strict=True,
                    )
                ),
            )
        ),
    ]
    for card in cards:
        validate_card(card)
    widgets = cards[2]["sections"][0]["widgets"]
    assert widgets[0]["textInput"]["value"] == "jane@acme"
    assert "Enter an email address." in widgets[1]["textParagraph"]["text"]
    assert "Remove this email" in card_text(cards[2])
    assert action_of(find_button(cards[2], "Remove this email")) == (
        "remove_entry",
        {"lead_id": "lead_1", "entry": "jane@acme"},
    )
    save = find_button(cards[0], "Save")
    assert save["onClick"]["action"]["persistValues"] is True
    assert action_of(save) == (
        "save_field",
        {
            "lead_id": "lead_1",
            "object_id": "lead_1",
            "field": "status_id",
            "was": '"stat_q"',
        },
    )
    assert action_of(find_button(cards[0], "Cancel"))[0] == "back"
    assert "Bulk updates are on" in card_text(cards[1])
    date = cards[3]["sections"][0]["widgets"][4]["dateTimePicker"]
    assert date["valueMsEpoch"] == str(fv.date_ms("2026-01-02"))


def test_edit_inputs_are_checked_by_the_add_on_so_cancel_always_works() -> None:
    # Google's client-side inputType blocks every button while its input holds a value it
    # refuses ("80,000" as FLOAT, "not-an-email" as EMAIL), Cancel included.
    specs = (
        *opportunity_specs(ORG, "USD"),
        standard_spec("contact", "emails"),
        FieldSpec("lead", "custom.cf_n", "Seats", "number"),
    )
    inputs = tuple(EditInput(f"v{i}", s, "80,000") for i, s in enumerate(specs) if s)
    card = edit_card(_view(inputs=inputs))
    assert "validation" not in json.dumps(card)
    assert action_of(find_button(card, "Cancel"))[0] == "back"


def test_a_value_no_longer_offered_is_shown_not_lost() -> None:
    source = FieldSpec("lead", "custom.cf_s", "Source", "choice", (("Web", "Web"),))
    card = edit_card(_view(inputs=(EditInput("value", source, ("Fair",)),)))
    items = card["sections"][0]["widgets"][0]["selectionInput"]["items"]
    assert [(i["value"], i["selected"]) for i in items] == [
        ("", False),
        ("Web", False),
        ("Fair", True),
    ]


def test_staged_section_lists_values_and_reasons() -> None:
    changes = (
        _staged(1, "lead_1", "status_id", label="Acme · Lead status", shown="Qualified"),
        _staged(
            2, "lead_1", "custom.cf_1", label="Industry", shown="Foo", error="Not a valid choice"
        ),
    )
    lines = Lines(at=OnRecord(lead_id="lead_1"), editing=Editing(staged=changes))
    built = staged_section(lines)
    assert built["header"] == "2 changes waiting"
    text = card_text({"sections": [built]})
    assert "Qualified" in text and "Close refused: Not a valid choice" in text
    validate_card({"sections": [built]})


def test_the_record_card_is_trimmed_to_100_widgets_from_the_bottom() -> None:
    top = section(*(decorated(str(i)) for i in range(60)))
    activities = section(*(paragraph(str(i)) for i in range(60)), {"buttonList": {"buttons": []}})
    kept = fit([top, activities])
    assert len(kept[0]["widgets"]) == 60
    assert len(kept[1]["widgets"]) == 40
    assert "buttonList" in kept[1]["widgets"][-1]  # "Older" stays
