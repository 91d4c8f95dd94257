"""Removing a lead, contact, opportunity or task, behind a card that names what goes.

The question is built from what Close holds at the moment of asking. A record someone
else deleted meanwhile is no error: the user is told, and the card is rebuilt.
"""

from __future__ import annotations

from addon.close import CloseNotFound
from addon.close.records import (
    fetch_contact,
    fetch_open_tasks,
    fetch_opportunities,
    fetch_opportunity,
    fetch_task,
)
from addon.close.remove import delete_record, lead_contents, lead_name
from addon.lookup import Lookup
from addon.registry import Context, NoMessage, action, click
from addon.screens.record import handlers as record
from addon.screens.refs import OnRecord, RemovableKind, RemoveArgs
from addon.screens.remove.card import (
    RemovableView,
    RemoveView,
    confirm_remove_card,
    contact_question,
    lead_question,
    opportunity_question,
    removable_card,
    task_question,
)
from addon.ui.responses import Intent, pop, pop_to_root, push, update
from addon.ui.widgets import Json
from addon.writes import after_write


@action
def confirm_remove(ctx: Context, args: RemoveArgs) -> Intent:
    """Ask before deleting, naming the record and what goes with it."""
    try:
        view = _describe(ctx, args)
    except CloseNotFound:
        after_write(ctx)  # deleted elsewhere: the cached record still shows it
        return _rebuilt(ctx, args, on_top=args.replace, note=_gone(args.kind))
    card = confirm_remove_card(
        view, delete=click(remove, args.model_copy(update={"replace": False}))
    )
    # Picked from the list of deals and tasks: the question takes the list's place.
    return update(card) if args.replace else push(card)


@action
def remove(ctx: Context, args: RemoveArgs) -> Intent:
    """Delete the record, then show what is left: the record card, or the email's card."""
    try:
        name = _name(ctx, args)  # read while the record is still there
        delete_record(ctx.close, args.kind, args.object_id)
        note = f"Deleted {args.kind} {name}" if name else f"{args.kind.capitalize()} deleted"
    except CloseNotFound:
        note = _gone(args.kind)
    after_write(ctx)
    if args.kind != "lead":
        return _rebuilt(ctx, args, on_top=True, note=note)
    try:
        # The person is no longer in Close: the email's own card says so, and offers to add.
        root = update(record.person_card(ctx, email=None, index=0))
    except NoMessage:  # a lead opened from search: its list is rebuilt when shown again
        return pop_to_root().changed().with_notification(note)
    return pop_to_root().then(root).changed().with_notification(note)


@action
def removable(ctx: Context, args: OnRecord) -> Intent:
    """List the lead's opportunities and open tasks, to pick one to delete."""
    pool, client = ctx.services.pool, ctx.close
    deals = pool.submit(fetch_opportunities, client, args.lead_id)
    tasks = pool.submit(fetch_open_tasks, client, args.lead_id)
    data = Lookup(ctx).record(args.lead_id, contact_id=args.contact_id)

    def delete(kind: RemovableKind, object_id: str) -> Json:
        # The confirmation takes this list's place, so Cancel leads back to the record.
        pick = RemoveArgs(**args.model_dump(), kind=kind, object_id=object_id, replace=True)
        return click(confirm_remove, pick)

    view = RemovableView(
        lead_name=data.lead.label,
        opportunities=deals.result(),
        tasks=tasks.result(),
        delete=delete,
        fmt=ctx.formatter,
    )
    return push(removable_card(view))


def _describe(ctx: Context, args: RemoveArgs) -> RemoveView:
    """Fetch the record (and what goes with a lead) and put the question in words."""
    client = ctx.close
    if args.kind == "lead":
        lead = lead_contents(client, args.object_id)
        return lead_question(lead.name, lead.contacts, lead.opportunities, lead.tasks)
    if args.kind == "contact":
        on_lead = ctx.services.pool.submit(lead_name, client, args.lead_id)
        contact = fetch_contact(client, args.object_id)
        return contact_question(contact.label, on_lead.result())
    if args.kind == "opportunity":
        return opportunity_question(fetch_opportunity(client, args.object_id))
    return task_question(fetch_task(client, args.object_id))


def _name(ctx: Context, args: RemoveArgs) -> str:
    """Return the name the toast gives a deleted lead or contact, from the record shown."""
    if args.kind not in ("lead", "contact"):
        return ""
    data = Lookup(ctx).record(args.lead_id, contact_id=args.contact_id)
    if args.kind == "lead":
        return data.lead.label
    contact = data.contact(args.object_id)
    return contact.label if contact else ""


def _rebuilt(ctx: Context, at: OnRecord, *, on_top: bool, note: str) -> Intent:
    """Return to the record card, rebuilt; `on_top`: a card lies over it, to close first."""
    card = update(record.record_card_for(ctx, at))
    return (pop().then(card) if on_top else card).changed().with_notification(note)


def _gone(kind: RemovableKind) -> str:
    return f"This {kind} was already deleted in Close."
