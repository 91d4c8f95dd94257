"""Add to Close: someone from the email as a new lead, or as a contact on a lead in Close.

"Add to Close" first asks Close about the person (one search for the address, one for
the company domain, side by side). The form it then shows creates at most once per form
id, whatever the network or a double click does; Close's refusals come back next to the
fields, with everything typed kept. The record card of the added person follows.
"""

from __future__ import annotations

from dataclasses import replace

from addon.close import CloseError
from addon.close.additions import OpportunityDraft
from addon.close.create import add_contact, create_lead, find_added_contact, find_created_lead
from addon.close.duplicates import contacts_at_domain, find_duplicates, leads_with_address
from addon.close.metadata import OrgInfo
from addon.close.models import Lead
from addon.links import lead_url
from addon.lookup import Lookup
from addon.matching import company_domain
from addon.registry import Context, action
from addon.screens.create.card import LeadFormView, NewLead, lead_form_card
from addon.screens.create.duplicates import (
    ExistingView,
    KnownLead,
    SameCompanyView,
    existing_card,
    same_company_card,
)
from addon.screens.create.entries import (
    close_payloads,
    company_name,
    field_errors,
    read_entries,
    split_name,
)
from addon.screens.record.handlers import current_record_card, person_card
from addon.ui.responses import Intent, pop, push, update
from addon.writes import create_once, form_problem, new_form_id


@action("add_to_close")
def add_to_close(ctx: Context) -> Intent:
    """Check Close for the person, then open them, offer their company's lead, or the form."""
    email, name = ctx.event.param("email").lower(), ctx.event.param("name")
    domain = company_domain(email)
    found = find_duplicates(ctx.close, ctx.services.pool, email, domain)
    if found.same_address:
        leads = tuple(_known(ctx, lead) for lead in found.same_address)
        return push(existing_card(ExistingView(_full_name(name, email), email, leads)))
    if found.same_domain and domain:
        leads = tuple(_known(ctx, lead, domain) for lead in found.same_domain)
        return push(
            same_company_card(SameCompanyView(_full_name(name, email), email, domain, leads))
        )
    return push(lead_form_card(_new_form(ctx, name, email)))


@action("new_lead_form")
def new_lead_form(ctx: Context) -> Intent:
    """Show the new-lead form in place of the offer to join the company's lead."""
    return update(lead_form_card(_new_form(ctx, ctx.event.param("name"), ctx.event.param("email"))))


@action("create_lead")
def create_lead_action(ctx: Context) -> Intent:
    """Create the lead, its contact and (when asked) its first opportunity, exactly once."""
    lookup = Lookup(ctx)
    org = lookup.org()
    view = _form_view(ctx, org, read_entries(ctx.event))
    lead, opportunity, problems = close_payloads(view.entries, view.currency)
    if problems:
        return update(lead_form_card(_again(view, "Check the fields marked below.", problems)))
    entries, checked = view.entries, view.checked_email
    if entries.email.lower() != checked.lower():  # a changed address is checked before creating
        found = leads_with_address(ctx.close, entries.email)
        if found:
            leads = tuple(_known(ctx, lead) for lead in found)
            return update(existing_card(ExistingView(entries.person, entries.email, leads)))
    try:
        made = create_once(
            ctx,
            ctx.event.param("form_id"),
            lambda: create_lead(ctx.close, lead, opportunity),
            find_existing=lambda: find_created_lead(
                ctx.close, entries.email, entries.lead_name or entries.person, opportunity
            ),
        )
    except CloseError as exc:
        problem = form_problem(exc)
        errors, rest = field_errors(problem.field_errors)
        return update(lead_form_card(_again(view, " ".join([problem.message, *rest]), errors)))
    note = f"Added {entries.person or entries.email} ({made.get('lead_name')}) to Close"
    if made.get("opportunity_problem"):
        note += f", but not the opportunity: {made['opportunity_problem']}"
    if made.get("lead_id"):
        lookup.expect(entries.email, str(made["lead_id"]))
    record = person_card(ctx, email=entries.email.lower(), index=0, lookup=lookup)
    return pop().then(update(record)).changed().with_notification(note)


@action("add_participant")
def add_participant(ctx: Context) -> Intent:
    """Add someone on the thread to the lead on the card, in one click."""
    note = _add_contact(ctx)
    card = current_record_card(ctx, lookup=_expecting_added(ctx))
    return update(card).changed().with_notification(note)


@action("add_to_existing")
def add_to_existing(ctx: Context) -> Intent:
    """Add the person to their company's lead, in place of a new lead."""
    note = _add_contact(ctx)
    email = ctx.event.param("add_email").lower()
    record = person_card(ctx, email=email, index=0, lookup=_expecting_added(ctx))
    return pop().then(update(record)).changed().with_notification(note)


@action("show_added")
def show_added(ctx: Context) -> Intent:
    """Show the record of someone found in Close, where the card said they were missing."""
    ctx.services.caches.matches.reset(ctx.user.sub)  # that card came from a stale match
    record = person_card(ctx, email=ctx.event.param("email").lower(), index=0)
    return pop().then(update(record)).changed()


def _expecting_added(ctx: Context) -> Lookup:
    """Return a lookup that shows the contact just added even before search finds it."""
    lookup = Lookup(ctx)
    lookup.expect(ctx.event.param("add_email"), ctx.event.param("add_lead"))
    return lookup


def _add_contact(ctx: Context) -> str:
    param = ctx.event.param
    lead_id, email = param("add_lead"), param("add_email").lower()
    name = _full_name(param("add_name"), email)
    create_once(
        ctx,
        param("form_id"),
        lambda: add_contact(ctx.close, lead_id, name, email),
        find_existing=lambda: find_added_contact(ctx.close, lead_id, email),
    )
    return f"Added {name or email} to {param('add_lead_name')}"


def _new_form(ctx: Context, name: str, email: str) -> LeadFormView:
    lookup = Lookup(ctx)
    org = lookup.org()
    first, last = split_name(name, email)
    domain = company_domain(email)
    wants_deal = lookup.settings.create_initial_opportunity and lookup.view == "lead"
    active = [s.id for s in org.opportunity_statuses if s.type == "active"]
    entries = NewLead(
        first_name=first,
        last_name=last,
        email=email,
        title="",
        lead_name=company_name(domain) if domain else " ".join(p for p in (first, last) if p),
        status_id=org.lead_statuses[0][0] if org.lead_statuses else "",
        opportunity=OpportunityDraft(status_id=active[0] if active else "") if wants_deal else None,
    )
    return _form_view(ctx, org, entries, form_id=new_form_id(), checked=email)


def _form_view(
    ctx: Context, org: OrgInfo, entries: NewLead, *, form_id: str = "", checked: str = ""
) -> LeadFormView:
    return LeadFormView(
        form_id=form_id or ctx.event.param("form_id"),
        checked_email=checked or ctx.event.param("email"),
        entries=entries,
        lead_statuses=org.lead_statuses,
        opportunity_choices=org.opportunity_choices(),
        currency=org.currency or "USD",
        company_domain=company_domain(entries.email),
    )


def _again(view: LeadFormView, problem: str, errors: dict[str, str]) -> LeadFormView:
    return replace(view, problem=problem, field_errors=errors)


def _known(ctx: Context, lead: Lead, domain: str | None = None) -> KnownLead:
    detail = ""
    if domain:
        people = contacts_at_domain(lead, domain)
        names = ", ".join(c.label for c in people[:3])
        detail = f"{len(people)} contact{'s' if len(people) != 1 else ''} at @{domain} ({names})"
    url = lead_url(ctx.services.config, lead.id)
    return KnownLead(lead.id, lead.label, url, detail, form_id=new_form_id() if domain else "")


def _full_name(display: str, email: str) -> str:
    return " ".join(p for p in split_name(display, email) if p)
