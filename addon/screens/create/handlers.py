"""Add to Close: someone from the email as a new lead, or as a contact on a lead in Close.

"Add to Close" first asks Close about the person (one search for the address, one for
the company domain, side by side). The form it then shows creates at most once per form
id, whatever the network or a double click does; Close's refusals come back next to the
fields, with everything typed kept. The record card of the added person follows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from pydantic import Field

from addon.close import CloseError, create
from addon.close.additions import OpportunityDraft
from addon.close.duplicates import contacts_at_domain, find_duplicates, leads_with_address
from addon.close.metadata import OrgInfo
from addon.close.models import Lead
from addon.crm.field_values import DEFAULT_LOCALE
from addon.errors import saved_but_not_shown
from addon.links import lead_url
from addon.lookup import Lookup
from addon.matching import company_domain
from addon.registry import Args, Context, action, click
from addon.screens.create.card import (
    CompanyLead,
    KnownLead,
    LeadFormView,
    NewLead,
    existing_card,
    lead_form_card,
    same_company_card,
)
from addon.screens.create.entries import (
    close_payloads,
    company_name,
    date_hints,
    field_errors,
    read_entries,
    split_name,
)
from addon.screens.record import handlers as record
from addon.screens.refs import Address, AddToLead, LeadId, PersonArgs
from addon.ui.responses import Intent, pop, push, update
from addon.ui.widgets import Json
from addon.writes import NotFoundYet, create_once, form_problem, new_form_id

FormId = Annotated[str, Field(min_length=1, max_length=64)]  # creates at most once per id


class LeadFormArgs(Args):
    """The Add to Close form's submit: the form, and the address Close was searched for."""

    form_id: FormId
    email: Address
    deal: bool = False  # the form asks for a first opportunity too


class AddToExisting(Args):
    """Someone to add as a contact to a lead on their company's domain, in one click."""

    lead_id: LeadId
    email: Address
    name: str = Field(default="", max_length=200)
    form_id: FormId


@action
def add_to_close(ctx: Context, args: PersonArgs) -> Intent:
    """Check Close for the person, then open them, offer their company's lead, or the form."""
    email, person = args.email, _full_name(args.name, args.email)
    domain = company_domain(email)
    found = find_duplicates(ctx.close, ctx.services.pool, email, domain)
    if found.same_address:
        return push(_existing(ctx, person, email, found.same_address))
    if found.same_domain and domain:
        leads = tuple(_on_domain(ctx, lead, domain, email, person) for lead in found.same_domain)
        new_lead = click(new_lead_form, PersonArgs(email=email, name=person))
        return push(same_company_card(person, email, domain, leads, new_lead))
    return push(lead_form_card(_new_form(ctx, args.name, email)))


@action
def new_lead_form(ctx: Context, args: PersonArgs) -> Intent:
    """Show the new-lead form in place of the offer to join the company's lead."""
    return update(lead_form_card(_new_form(ctx, args.name, args.email)))


@action
def create_lead(ctx: Context, args: LeadFormArgs) -> Intent:
    """Create the lead, its contact and (when asked) its first opportunity, exactly once."""
    lookup = Lookup(ctx)
    entries = read_entries(ctx.event, with_opportunity=args.deal)
    view = lead_form_view(
        lookup.org(), entries, form_id=args.form_id, checked=args.email, locale=ctx.event.locale
    )
    # Shown again only when something needs fixing: a date in the past is then pointed out.
    view = replace(view, field_hints=date_hints(entries, ctx.formatter.today))
    lead, opportunity, problems = close_payloads(
        entries, view.currency, ctx.event.locale, ctx.formatter.region
    )
    if problems:
        view = replace(view, problem="Check the fields marked below.", field_errors=problems)
        return update(lead_form_card(view))
    if entries.email.lower() != args.email:  # a changed address is checked before creating
        found = leads_with_address(ctx.close, entries.email)
        if found:
            return update(_existing(ctx, entries.person, entries.email, found))
    try:
        made = create_once(
            ctx,
            args.form_id,
            lambda: create.create_lead(ctx.close, lead, opportunity),
            find_existing=lambda: create.find_created_lead(
                ctx.close, entries.email, entries.lead_name or entries.person, opportunity
            ),
            finder_lag=create.SEARCH_LAG,
        )
    except (CloseError, NotFoundYet) as exc:
        problem = form_problem(exc)
        errors, rest = field_errors(problem.field_errors)
        view = replace(view, problem=" ".join([problem.message, *rest]), field_errors=errors)
        return update(lead_form_card(view))
    who, lead_name = entries.person or entries.email, made.get("lead_name")
    note = f"Added {who} ({lead_name}) to Close" if lead_name != who else f"Added {who} to Close"
    if entries.opportunity is not None and opportunity is None:
        note += ", without an opportunity: its fields were left empty"
    elif made.get("opportunity_problem"):
        note += f", but not the opportunity: {made['opportunity_problem']}"
    if made.get("lead_id"):
        lookup.expect(entries.email, str(made["lead_id"]))
    try:
        card = record.person_card(ctx, email=entries.email.lower(), index=0, lookup=lookup)
    except Exception as exc:  # it is created: Try again must only reload the card
        reload = record.RefreshArgs(email=entries.email.lower())
        return pop().then(saved_but_not_shown(exc, ctx, note, record.refresh, reload))
    return pop().then(update(card)).changed().with_notification(note)


@action
def add_participant(ctx: Context, args: AddToLead) -> Intent:
    """Add someone on the thread to the lead on the card, in one click."""
    person, lookup = _add_contact(ctx, args.form_id, args.lead_id, args.add_email, args.add_name)
    card = record.record_card_for(ctx, args, lookup=lookup)
    lead = lookup.record(args.lead_id, contact_id=args.contact_id).lead
    return update(card).changed().with_notification(f"Added {person} to {lead.label}")


@action
def add_to_existing(ctx: Context, args: AddToExisting) -> Intent:
    """Add the person to their company's lead, in place of a new lead."""
    person, lookup = _add_contact(ctx, args.form_id, args.lead_id, args.email, args.name)
    card = record.person_card(ctx, email=args.email, index=0, lookup=lookup)
    lead = lookup.record(args.lead_id).lead
    note = f"Added {person} to {lead.label}"
    return pop().then(update(card)).changed().with_notification(note)


@action
def show_added(ctx: Context, args: PersonArgs) -> Intent:
    """Show the record of someone found in Close, where the card said they were missing."""
    ctx.services.caches.matches.reset(ctx.user.sub)  # that card came from a stale match
    card = record.person_card(ctx, email=args.email, index=0)
    return pop().then(update(card)).changed()


def _add_contact(
    ctx: Context, form_id: str, lead_id: str, email: str, display: str
) -> tuple[str, Lookup]:
    """Add the person to the lead, once per form id; return them in words.

    The lookup returned shows them on the lead even before Close's search finds them.
    """
    name = _full_name(display, email)
    create_once(
        ctx,
        form_id,
        lambda: create.add_contact(ctx.close, lead_id, name, email),
        find_existing=lambda: create.find_added_contact(ctx.close, lead_id, email),
        finder_lag=create.SEARCH_LAG,
    )
    lookup = Lookup(ctx)
    lookup.expect(email, lead_id)
    return name or email, lookup


def _new_form(ctx: Context, name: str, email: str) -> LeadFormView:
    lookup = Lookup(ctx)
    org = lookup.org()
    first, last = split_name(name, email)
    domain = company_domain(email)
    wants_deal = lookup.settings.create_initial_opportunity and lookup.view == "lead"
    active = next((s.id for s in org.opportunity_statuses if s.type == "active"), "")
    entries = NewLead(
        first_name=first,
        last_name=last,
        email=email,
        title="",
        lead_name=company_name(domain) if domain else " ".join(p for p in (first, last) if p),
        status_id=org.lead_statuses[0][0] if org.lead_statuses else "",
        url=domain or "",  # a company's own domain is its website; free mail is nobody's
        opportunity=OpportunityDraft(status_id=active) if wants_deal else None,
    )
    return lead_form_view(
        org, entries, form_id=new_form_id(), checked=email, locale=ctx.event.locale
    )


def lead_form_view(
    org: OrgInfo,
    entries: NewLead,
    *,
    form_id: str,
    checked: str,
    locale: str = DEFAULT_LOCALE,
) -> LeadFormView:
    """Return the Add to Close form; its submit says whether the form asks for a deal."""
    deal = entries.opportunity is not None
    submit = LeadFormArgs(form_id=form_id, email=checked, deal=deal)
    return LeadFormView(
        checked_email=checked,
        entries=entries,
        submit=click(create_lead, submit, persist_values=True),
        org=org,
        locale=locale,
    )


def _existing(ctx: Context, person: str, email: str, leads: tuple[Lead, ...]) -> Json:
    known = tuple(KnownLead(lead.label, lead_url(ctx.services.config, lead.id)) for lead in leads)
    return existing_card(person, email, known, click(show_added, PersonArgs(email=email)))


def _on_domain(ctx: Context, lead: Lead, domain: str, email: str, person: str) -> CompanyLead:
    people = contacts_at_domain(lead, domain)
    names = ", ".join(c.label for c in people[:3])
    detail = f"{len(people)} contact{'s' if len(people) != 1 else ''} at @{domain} ({names})"
    add = AddToExisting(lead_id=lead.id, email=email, name=person, form_id=new_form_id())
    return CompanyLead(lead.label, detail, click(add_to_existing, add))


def _full_name(display: str, email: str) -> str:
    return " ".join(p for p in split_name(display, email) if p)
