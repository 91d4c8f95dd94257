"""Add to Close's cards: what Close already holds of the person, and the new-lead form.

The same address anywhere in Close stops the creation: the card says where, and opens it.
A lead with contacts on the same company domain is offered instead of a new lead, one
click to add the person there, with a way to create a new lead anyway. The form for a new
lead (its contact and, when asked, a first opportunity) starts prefilled from the email
(see `entries.py`) and, when Close refuses what was sent or does not answer, comes back
with everything as typed, a problem at the top and Close's words next to the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from addon.close.additions import PERIODS, OpportunityDraft
from addon.close.metadata import OrgInfo
from addon.crm import field_values as fv
from addon.matching import company_domain
from addon.registry import click
from addon.screens.error import back
from addon.ui.format import shorten
from addon.ui.widgets import (
    GREY_TEXT,
    RED_TEXT,
    Json,
    button,
    buttons,
    card,
    date_picker,
    decorated,
    esc,
    footer,
    header,
    icon,
    open_link,
    paragraph,
    section,
    selection,
    text_input,
    tinted,
)

MAX_LEADS = 4


@dataclass(frozen=True)
class NewLead:
    """What the form holds: prefilled from the email, or as the user typed it."""

    first_name: str
    last_name: str
    email: str
    title: str
    lead_name: str
    status_id: str
    phone: str = ""
    url: str = ""  # the lead's website
    opportunity: OpportunityDraft | None = None

    @property
    def person(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


@dataclass(frozen=True)
class LeadFormView:
    """The Add to Close form, with a problem and Close's field errors when shown again."""

    checked_email: str  # the address Close was searched for before the form was shown
    entries: NewLead
    submit: Json  # Add to Close's onClick: the form's id, the address checked, whether a deal
    org: OrgInfo  # the statuses offered, and the currency
    problem: str | None = None
    field_errors: Mapping[str, str] = field(default_factory=dict)  # by input name
    field_hints: Mapping[str, str] = field(default_factory=dict)  # by input: a date in the past
    locale: str = fv.DEFAULT_LOCALE  # how the user writes numbers, for the examples

    @property
    def currency(self) -> str:
        return self.org.currency or "USD"


def lead_form_card(view: LeadFormView) -> Json:
    """Return the Add to Close form."""
    entries, errors = view.entries, view.field_errors
    domain = company_domain(entries.email)
    lead_hint = (
        f"From {domain}" if domain else "Named after the person: they write from a personal address"
    )
    return card(
        section(paragraph(tinted(f"<b>{esc(view.problem)}</b>", RED_TEXT))) if view.problem else {},
        section(
            text_input("first_name", "First name", value=entries.first_name),
            text_input("last_name", "Last name", value=entries.last_name),
            _error(errors, "name"),
            text_input("email", "Email", value=entries.email),
            _error(errors, "email"),
            text_input(
                "phone",
                "Phone",
                value=entries.phone,
                hint="e.g. +1 415 555 0100",
            ),
            _error(errors, "phone"),
            text_input("title", "Title", value=entries.title, hint="e.g. Head of Operations"),
            _error(errors, "title"),
            title="Person",
        ),
        section(
            text_input(
                "lead_name",
                "Lead (company)",
                value=entries.lead_name,
                hint=lead_hint,
            ),
            _error(errors, "lead_name"),
            text_input(
                "url",
                "Website",
                value=entries.url,
                hint=f"From {domain}" if entries.url and domain else "e.g. acme.com",
            ),
            _error(errors, "url"),
            selection(
                "lead_status",
                "Lead status",
                [(label, status_id) for status_id, label in view.org.lead_statuses],
                selected=[entries.status_id],
            ),
            _error(errors, "lead_status"),
            title="Lead",
        ),
        _opportunity_section(view) if entries.opportunity is not None else {},
        header=header("Add to Close", view.checked_email),
        name="add_to_close",
        footer=footer(button("Add to Close", view.submit), button("Cancel", click(back))),
    )


def _opportunity_section(view: LeadFormView) -> Json:
    opp, errors = view.entries.opportunity or OpportunityDraft(), view.field_errors
    picked = fv.date_ms(opp.close_date)
    return section(
        selection("opp_status", "Status", view.org.opportunity_choices(), selected=[opp.status_id]),
        _error(errors, "opp_status"),
        text_input(
            "opp_value",
            f"Value ({view.currency})",
            value=opp.value,
            hint=f"e.g. {fv.grouped(12500, view.locale)}",
        ),
        _error(errors, "opp_value"),
        selection("opp_value_period", "Billed", PERIODS, selected=[opp.period]),
        _error(errors, "opp_value_period"),
        text_input(
            "opp_confidence",
            "Confidence (%)",
            value=opp.confidence,
            hint="0 to 100",
        ),
        _error(errors, "opp_confidence"),
        date_picker("opp_date", "Expected close date", value_ms=picked),
        _error(errors, "opp_date"),
        _hint(view.field_hints, "opp_date"),
        title="Opportunity",
    )


def _error(errors: Mapping[str, str], name: str) -> Json | None:
    return paragraph(tinted(esc(errors[name]), RED_TEXT)) if errors.get(name) else None


def _hint(hints: Mapping[str, str], name: str) -> Json | None:
    return paragraph(tinted(esc(hints[name]), GREY_TEXT)) if hints.get(name) else None


@dataclass(frozen=True)
class KnownLead:
    """A lead that has the address already, and its page in Close."""

    name: str
    url: str


@dataclass(frozen=True)
class CompanyLead:
    """A lead with contacts on the person's company domain."""

    name: str
    detail: str  # the contacts it has on the domain: "2 contacts at @acme.com (Ann, Bo)"
    add: Json  # adds the person to it in one click (once per form id)


def existing_card(person: str, email: str, leads: tuple[KnownLead, ...], show: Json) -> Json:
    """Return the card saying the address is in Close already; `show` opens it in the sidebar."""
    where = f"on <b>{esc(leads[0].name)}</b>" if len(leads) == 1 else f"on {len(leads)} leads"
    lines = [
        decorated(
            esc(lead.name),
            start_icon=icon("STORE"),
            button=button("Open in Close", open_link(lead.url)),
        )
        for lead in leads[:MAX_LEADS]
    ]
    return card(
        section(
            paragraph(f"{esc(email)} is already in Close, {where}. Nothing was added."),
            *lines,
            buttons(button("Show in sidebar", show, filled=True)),
        ),
        header=header(person or email, "Already in Close"),
        name="already_in_close",
    )


def same_company_card(
    person: str, email: str, domain: str, leads: tuple[CompanyLead, ...], new_lead: Json
) -> Json:
    """Return the card offering to add the person to a lead on their company's domain instead.

    `new_lead` shows the form for a new lead in this card's place.
    """
    first, others = leads[0], leads[1:MAX_LEADS]
    who = esc(person or email)
    return card(
        section(
            paragraph(f"<b>{esc(first.name)}</b> is already in Close: {esc(first.detail)}."),
            paragraph(f"Add {who} as a contact to <b>{esc(first.name)}</b> instead?"),
            buttons(
                button(f"Add to {shorten(first.name, 24)}", first.add, filled=True),
                button("Create a new lead anyway", new_lead),
            ),
        ),
        section(
            *(
                decorated(
                    esc(lead.name),
                    bottom=esc(lead.detail),
                    start_icon=icon("STORE"),
                    button=button("Add here", lead.add),
                )
                for lead in others
            ),
            title=f"Other leads at @{esc(domain)}",
        ),
        header=header("Add to Close", email),
        name="same_company",
    )
