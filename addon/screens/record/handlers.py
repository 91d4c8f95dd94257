"""The sidebar on an opened email: the person behind it, their records, and the thread."""

from __future__ import annotations

from addon.close.models import Contact, Lead
from addon.close.records import load_activities
from addon.close.search import PeopleMatches
from addon.email_log import open_message
from addon.links import lead_url, templates_url
from addon.lookup import Lookup, Thread
from addon.matching import company_domain
from addon.registry import Context, NoMessage, action, trigger
from addon.screens.activities.card import ActivityPageView, activities_card
from addon.screens.person.card import (
    NoMatchView,
    Participant,
    internal_card,
    no_match_card,
    offer_to_add,
)
from addon.screens.record.card import RecordView, record_card
from addon.screens.refs import OnRecord
from addon.ui.responses import Intent, push, update
from addon.ui.widgets import Json
from addon.writes import new_form_id


@trigger("message")
def message(ctx: Context) -> Intent:
    """Show the Close record behind the open email's main person."""
    return push(person_card(ctx, email=None, index=0))


@action("open_person")
def open_person(ctx: Context) -> Intent:
    """Open another participant's card on top of the current one."""
    return push(person_card(ctx, email=ctx.event.param("email").lower(), index=0))


@action("show_match")
def show_match(ctx: Context) -> Intent:
    """Step to another record that shares the same address."""
    index = _int(ctx.event.param("index"))
    return update(person_card(ctx, email=ctx.event.param("email").lower(), index=index))


@action("open_lead")
def open_lead(ctx: Context) -> Intent:
    """Open a lead found by search or through a task."""
    return push(lead_card(ctx, ctx.event.param("lead_id")))


@action("refresh")
def refresh(ctx: Context) -> Intent:
    """Reload the card from Close, bypassing every cache."""
    lookup = Lookup(ctx)
    lookup.forget()
    return update(current_record_card(ctx, lookup=lookup)).with_notification("Refreshed from Close")


def current_record_card(ctx: Context, *, lookup: Lookup | None = None) -> Json:
    """Rebuild the record card a button was pressed on, from the record context it carries.

    Every button of a record card carries `record_params(view)`: the address and match
    index it shows (or the lead id, for a lead opened without an email). Cards pushed from
    it (edit forms, confirmations) pass the same parameters on, so after a write the
    record card underneath can be rebuilt with fresh data.
    """
    lead_id = ctx.event.param("lead_id")
    email = ctx.event.param("email").lower() or None
    if lead_id and not email:
        return lead_card(ctx, lead_id, lookup=lookup)
    return person_card(ctx, email=email, index=_int(ctx.event.param("index")), lookup=lookup)


def record_card_for(ctx: Context, at: OnRecord, *, lookup: Lookup | None = None) -> Json:
    """Rebuild the record card a button was pressed on, from the `OnRecord` it carries.

    Cards pushed from a record card (forms, edit cards, confirmations) pass the same
    arguments on, so after a write the record card underneath is rebuilt with fresh data.
    """
    if at.email is None:
        return lead_card(ctx, at.lead_id, lookup=lookup)
    return person_card(ctx, email=at.email, index=at.index, lookup=lookup)


@action("activities_page")
def activities_page(ctx: Context) -> Intent:
    """Show older activities, one page at a time, back to the first."""
    lookup = Lookup(ctx)
    lead_id = ctx.event.param("lead_id")
    contact_id = ctx.event.param("contact_id") or None
    page = load_activities(
        ctx.close,
        lead_id,
        contact_id=contact_id,
        skip=_int(ctx.event.param("skip")),
        limit=lookup.settings.activities_per_page,
    )
    lead = lookup.record(lead_id).lead
    view = ActivityPageView(
        lead_label=lead.label,
        lead_id=lead_id,
        contact_id=contact_id,
        page=page,
        fmt=ctx.formatter,
        templates_url=templates_url(ctx.services.config),
    )
    card = activities_card(view)
    return update(card) if ctx.event.param("more") else push(card)


def person_card(
    ctx: Context, *, email: str | None, index: int, lookup: Lookup | None = None
) -> Json:
    """Return the card for one person on the open email (the main person when email is None)."""
    lookup = lookup or Lookup(ctx)
    try:
        thread: Thread | None = lookup.thread()
    except NoMessage:
        if email is None:
            raise
        thread = None
    if thread is not None and thread.participants.internal_only:
        on_thread = [a.display for a in _everyone_on(thread) if a.email != ctx.user.email]
        return internal_card(tuple(on_thread))
    if thread is not None:
        everyone = thread.participants.everyone
        automated = thread.participants.automated
    else:
        everyone, automated = (), frozenset()
    emails = tuple(dict.fromkeys([*(a.email for a in everyone), *([email] if email else [])]))
    matches = lookup.matches(emails)
    target = email or emails[0]
    names = {a.email: a.name for a in everyone}
    people = tuple(_participant(e, names.get(e, ""), matches, e in automated) for e in emails)
    others = tuple(p for p in people if p.email != target)
    hits = matches.for_email(target)
    if not hits:
        person = next(p for p in people if p.email == target)
        return no_match_card(NoMatchView(person, others, company_domain(target)))
    index %= len(hits)
    hit = hits[index]
    lead_id = hit.id if isinstance(hit, Lead) else hit.lead_id or ""
    org = thread.org if thread else None
    # Whether this email was logged already is a store read, made while Close answers.
    message = ctx.services.pool.submit(open_message, ctx, thread, lead_id) if thread else None
    if isinstance(hit, Lead):
        data = lookup.record(lead_id, lead=hit)
    else:
        data = lookup.record(lead_id, contact_id=hit.id)
    contact = _matched_contact(data.lead.contacts, target, hit)
    return record_card(
        RecordView(
            view=lookup.view,
            data=data,
            contact=contact,
            email=target,
            position=index + 1,
            total=len(hits),
            lead_url=lead_url(ctx.services.config, lead_id),
            templates_url=templates_url(ctx.services.config),
            org=org,
            participants=offer_to_add(
                others, data.lead, {"email": target, "index": str(index)}, new_form_id
            ),
            fmt=ctx.formatter,
            show_contacts="contacts" in lookup.settings.sections,
            message=message.result() if message else None,
            editing=lookup.editing(lead_id, org),
        )
    )


def lead_card(ctx: Context, lead_id: str, *, lookup: Lookup | None = None) -> Json:
    """Return the record card of a lead opened without an email (search, tasks)."""
    lookup = lookup or Lookup(ctx)
    data = lookup.record(lead_id)
    contact = data.lead.contacts[0] if data.lead.contacts else None
    return record_card(
        RecordView(
            view="lead",
            data=data,
            contact=contact,
            email=None,
            position=1,
            total=1,
            lead_url=lead_url(ctx.services.config, lead_id),
            templates_url=templates_url(ctx.services.config),
            org=lookup.org(),
            participants=(),
            fmt=ctx.formatter,
            show_contacts="contacts" in lookup.settings.sections,
            editing=lookup.editing(lead_id, lookup.org()),
        )
    )


def _participant(email: str, name: str, matches: PeopleMatches, automated: bool) -> Participant:
    hits = matches.for_email(email)
    label = None
    if hits:
        first = hits[0]
        label = first.label
    return Participant(email=email, name=name, matches=len(hits), label=label, automated=automated)


def _matched_contact(
    contacts: tuple[Contact, ...], email: str, hit: Lead | Contact
) -> Contact | None:
    if isinstance(hit, Contact):
        return next((c for c in contacts if c.id == hit.id), hit)
    return next((c for c in contacts if c.has_email(email)), None)


def _everyone_on(thread: Thread) -> list:  # type: ignore[type-arg]
    h = thread.headers
    return [a for a in (h.sender, *h.reply_to, *h.to, *h.cc) if a is not None]


def _int(text: str) -> int:
    try:
        return max(0, int(text))
    except ValueError:
        return 0
