"""What Close already holds of someone about to be added: the same address, or their company.

The same address anywhere in Close stops the creation: the card says where, and opens it.
A lead with contacts on the same company domain is offered instead of a new lead, one
click to add the person there, with a way to create a new lead anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from addon.screens.person.card import add_contact_params
from addon.ui.format import shorten
from addon.ui.widgets import (
    Json,
    action,
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
    """A lead Close already has, and what a button on it does."""

    lead_id: str
    name: str
    url: str
    detail: str = ""  # e.g. the contacts it has on the same domain
    form_id: str = ""  # for adding the person to it in one click


@dataclass(frozen=True)
class ExistingView:
    """The address is in Close already."""

    person: str
    email: str
    leads: tuple[KnownLead, ...]


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
            buttons(
                button("Show in sidebar", action("show_added", {"email": view.email}), filled=True)
            ),
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
    leads: tuple[KnownLead, ...]


def same_company_card(view: SameCompanyView) -> Json:
    """Return the card offering to add the person to the company's lead instead."""
    first, others = view.leads[0], view.leads[1:MAX_LEADS]
    who = esc(view.person or view.email)
    return card(
        section(
            paragraph(f"<b>{esc(first.name)}</b> is already in Close: {esc(first.detail)}."),
            paragraph(f"Add {who} as a contact to <b>{esc(first.name)}</b> instead?"),
            buttons(
                button(f"Add to {shorten(first.name, 24)}", _add(view, first), filled=True),
                button(
                    "Create a new lead anyway",
                    action("new_lead_form", {"email": view.email, "name": view.person}),
                ),
            ),
        ),
        section(
            *(
                decorated(
                    esc(lead.name),
                    bottom=esc(lead.detail),
                    start_icon=icon("STORE"),
                    button=button("Add here", _add(view, lead)),
                )
                for lead in others
            ),
            title=f"Other leads at @{esc(view.domain)}",
        ),
        header=header("Add to Close", view.email),
        name="same_company",
    )


def _add(view: SameCompanyView, lead: KnownLead) -> Json:
    params = add_contact_params(lead.form_id, lead.lead_id, lead.name, view.email, view.person)
    return action("add_to_existing", params)
