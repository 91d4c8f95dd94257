"""The sidebar on an opened email: the person behind it, their records, and the thread."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from pydantic import Field, model_validator

from addon.close.metadata import OrgInfo
from addon.close.models import Contact, Lead
from addon.close.records import RecordData
from addon.close.search import PeopleMatches
from addon.email_log import message_key, shared_in
from addon.links import lead_url
from addon.lookup import Lookup, Thread
from addon.registry import Args, Context, NoMessage, action, trigger
from addon.screens.person import Participant, internal_card, no_match_card, offer_to_add
from addon.screens.record.card import record_card
from addon.screens.record.view import RecordView
from addon.screens.refs import (
    Address,
    BlankIsNone,
    ContactId,
    LeadArgs,
    LeadId,
    OnRecord,
    PersonArgs,
)
from addon.ui.responses import Intent, push, update
from addon.ui.widgets import Json
from addon.writes import new_form_id


class MatchArgs(Args):
    """Which of the records sharing an address to show."""

    email: Address
    index: int = Field(default=0, ge=0, le=999)


class RefreshArgs(Args):
    """The card to reload: a person's, by address and match, or a lead opened by itself."""

    email: Address | None = None
    index: int = Field(default=0, ge=0, le=999)
    lead_id: LeadId | None = None
    contact_id: Annotated[ContactId | None, BlankIsNone] = None  # a lead's card shows

    @model_validator(mode="after")
    def _names_a_card(self) -> RefreshArgs:
        if self.email is None and self.lead_id is None:
            raise ValueError("a refresh names a person or a lead")
        return self


@trigger
def message(ctx: Context) -> Intent:
    """Show the Close record behind the open email's main person."""
    return push(person_card(ctx, email=None, index=0))


@action
def open_person(ctx: Context, args: PersonArgs) -> Intent:
    """Open another participant's card on top of the current one."""
    return push(person_card(ctx, email=args.email, index=0))


@action
def show_match(ctx: Context, args: MatchArgs) -> Intent:
    """Step to another record that shares the same address."""
    return update(person_card(ctx, email=args.email, index=args.index))


@action
def open_lead(ctx: Context, args: LeadArgs) -> Intent:
    """Open a lead found by search or through a task, or one of its contacts by id."""
    return push(lead_card(ctx, args.lead_id, contact_id=args.contact_id))


@action
def refresh(ctx: Context, args: RefreshArgs) -> Intent:
    """Reload the card from Close, bypassing every cache."""
    lookup = Lookup(ctx)
    lookup.forget()
    card = record_card_for(ctx, args, lookup=lookup)
    return update(card).with_notification("Refreshed from Close")


def record_card_for(
    ctx: Context, at: OnRecord | RefreshArgs, *, lookup: Lookup | None = None
) -> Json:
    """Rebuild the record card a button was pressed on, from what the button carries.

    Cards pushed from a record card (forms, edit cards, confirmations) pass the same
    arguments on, so after a write the record card underneath is rebuilt with fresh data.
    """
    if at.email is None and at.lead_id is not None:
        return lead_card(ctx, at.lead_id, contact_id=at.contact_id, lookup=lookup)
    return person_card(
        ctx,
        email=at.email,
        index=at.index,
        lead_id=at.lead_id,
        contact_id=at.contact_id,
        lookup=lookup,
    )


def person_card(
    ctx: Context,
    *,
    email: str | None,
    index: int,
    lead_id: str | None = None,
    contact_id: str | None = None,
    lookup: Lookup | None = None,
) -> Json:
    """Return the card for one person on the open email (the main person when email is None).

    `lead_id` and `contact_id` name the record a card being rebuilt showed.
    """
    lookup = lookup or Lookup(ctx)
    try:
        thread: Thread | None = lookup.thread
    except NoMessage:
        if email is None:
            raise
        thread = None
    if thread is not None and thread.participants.internal_only:
        h = thread.headers
        on_thread = (a for a in (h.sender, *h.reply_to, *h.to, *h.cc) if a is not None)
        return internal_card(tuple(a.display for a in on_thread if a.email != ctx.user.email))
    everyone = thread.participants.everyone if thread else ()
    automated = thread.participants.automated if thread else frozenset()
    names = {a.email: a.name for a in everyone}
    emails = tuple(dict.fromkeys([*names, *([email] if email else [])]))
    target = email or emails[0]
    matches = lookup.matches(emails, main=target)
    people = {e: _participant(e, names.get(e, ""), matches, e in automated) for e in emails}
    others = tuple(p for e, p in people.items() if e != target)
    hits = matches.for_email(target)
    if not hits:
        # The card showed this contact, and the address was just edited off them: stay on
        # them, rather than say they are not in Close and offer to add them again.
        if lead_id and contact_id and lookup.record(lead_id).contact(contact_id) is not None:
            return lead_card(ctx, lead_id, contact_id=contact_id, lookup=lookup)
        return no_match_card(people[target], others)
    # Matches are newest-updated first, so a write moves its lead up: the card rebuilt after
    # it shows the lead it was acting on, not whichever now sits at the old position.
    shown = [h.id if isinstance(h, Lead) else h.lead_id for h in hits]
    index = shown.index(lead_id) if lead_id in shown else index % len(hits)
    hit = hits[index]
    lead_id = hit.id if isinstance(hit, Lead) else hit.lead_id or ""
    # Whether this email was logged already is a store read, made while Close answers.
    logged = ctx.services.pool.submit(_logged, ctx, thread, lead_id) if thread else None
    if isinstance(hit, Lead):
        data = lookup.record(lead_id, lead=hit)
        contact = next((c for c in data.lead.contacts if c.has_email(target)), None)
    else:
        data = lookup.record(lead_id, contact_id=hit.id)
        contact = data.contact(hit.id) or hit
    matched = replace(
        _lead_view(ctx, lookup, data, thread.org if thread else None, contact),
        view=lookup.view,
        email=target,
        position=index + 1,
        total=len(hits),
        logged=logged.result() if logged else None,
    )
    participants = offer_to_add(others, data.lead, matched.at, new_form_id)
    return record_card(replace(matched, participants=participants))


def lead_card(
    ctx: Context, lead_id: str, *, contact_id: str | None = None, lookup: Lookup | None = None
) -> Json:
    """Return the record card of a lead opened without an email (search, tasks).

    It shows the contact `contact_id` (one without an email is opened so), else the first.
    """
    lookup = lookup or Lookup(ctx)
    data = lookup.record(lead_id)
    first = data.lead.contacts[0] if data.lead.contacts else None
    contact = data.contact(contact_id) or first
    return record_card(_lead_view(ctx, lookup, data, lookup.org(), contact))


def _lead_view(
    ctx: Context, lookup: Lookup, data: RecordData, org: OrgInfo | None, contact: Contact | None
) -> RecordView:
    """Return what the record card shows of a lead, before any email that matched it."""
    return RecordView(
        view="lead",
        data=data,
        contact=contact,
        lead_url=lead_url(ctx.services.config, data.lead.id),
        org=org,
        fmt=ctx.formatter,
        show_contacts="contacts" in lookup.settings.sections,
        editing=lookup.editing(data.lead.id, org),
    )


def _logged(ctx: Context, thread: Thread, lead_id: str) -> bool:
    """Tell whether anyone in the organization logged the open email to this lead already."""
    logged = ctx.services.logged.leads_for(
        org_id=shared_in(ctx.require_settings(), ctx.user.sub),
        message_key=message_key(thread.headers),
    )
    return lead_id in logged


def _participant(email: str, name: str, matches: PeopleMatches, automated: bool) -> Participant:
    hits = matches.for_email(email)
    label = hits[0].label if hits else None  # the first match's lead or contact
    return Participant(email=email, name=name, matches=len(hits), label=label, automated=automated)
