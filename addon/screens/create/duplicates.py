"""What Close already holds of someone about to be added: the same address, or their company.

The same address anywhere in Close stops the creation: the card says where, and opens it.
A lead with contacts on the same company domain is offered instead of a new lead, one
click to add the person there, with a way to create a new lead anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from addon.ui.format import shorten
from addon.ui.widgets import (
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    open_link,
    paragraph,
    section,
)

MAX_LEADS = 4


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


@dataclass(frozen=True)
class ExistingView:
    """The address is in Close already."""

    person: str
    email: str
    leads: tuple[KnownLead, ...]
    show: Json  # shows the person's record in the sidebar


def existing_card(view: ExistingView) -> Json:
    """Return the card saying the person is in Close already, with ways to open them."""
    where = (
        f"on <b>{esc(view.leads[0].name)}</b>"
        if len(view.leads) == 1
        else f"on {len(view.leads)} leads"
    )
    lines = [
        decorated(
            esc(lead.name),
            start_icon=icon("STORE"),
            button=button("Open in Close", open_link(lead.url)),
        )
        for lead in view.leads[:MAX_LEADS]
    ]
    return card(
        section(
            paragraph(f"{esc(view.email)} is already in Close, {where}. Nothing was added."),
            *lines,
            buttons(button("Show in sidebar", view.show, filled=True)),
        ),
        header=header(view.person or view.email, "Already in Close"),
        name="already_in_close",
    )


@dataclass(frozen=True)
class SameCompanyView:
    """Leads on the person's company domain: add them there rather than as a new lead."""

    person: str
    email: str
    domain: str
    leads: tuple[CompanyLead, ...]
    new_lead: Json  # the form for a new lead, in this card's place


def same_company_card(view: SameCompanyView) -> Json:
    """Return the card offering to add the person to the company's lead instead."""
    first, others = view.leads[0], view.leads[1:MAX_LEADS]
    who = esc(view.person or view.email)
    return card(
        section(
            paragraph(f"<b>{esc(first.name)}</b> is already in Close: {esc(first.detail)}."),
            paragraph(f"Add {who} as a contact to <b>{esc(first.name)}</b> instead?"),
            buttons(
                button(f"Add to {shorten(first.name, 24)}", first.add, filled=True),
                button("Create a new lead anyway", view.new_lead),
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
            title=f"Other leads at @{esc(view.domain)}",
        ),
        header=header("Add to Close", view.email),
        name="same_company",
    )
