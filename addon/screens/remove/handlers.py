"""Removing a lead, contact, opportunity or task, behind a card that names what goes.

The question is built from what Close holds at the moment of asking. A record someone
else deleted meanwhile is no error: the user is told, and the card is rebuilt.
"""

from __future__ import annotations

from dataclasses import replace

from addon.close import CloseNotFound
from addon.close.models import Contact, Lead, Opportunity, Task
from addon.close.records import MAX_OPPORTUNITIES, MAX_TASKS
from addon.registry import Context, NoMessage, action
from addon.screens.record.actions import REMOVABLE, RemovableKind
from addon.screens.record.handlers import current_record_card, person_card
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
from addon.writes import after_write

NAMES = "id,display_name,name"
LEAD_COUNTS = f"{NAMES},contact_ids,opportunities,tasks"


@action("confirm_remove")
def confirm_remove(ctx: Context) -> Intent:
    """Ask before deleting, naming the record and what goes with it."""
    kind, object_id = _kind(ctx), ctx.event.param("object_id")
    try:
        view = _describe(ctx, kind, object_id)
    except CloseNotFound:
        after_write(ctx)  # deleted elsewhere: the cached record still shows it
        return _rebuilt(ctx, on_top=bool(ctx.event.param("replace")), note=_gone(kind))
    params = {k: v for k, v in ctx.event.parameters.items() if k != "replace"}
    card = confirm_remove_card(replace(view, params=params))
    # Picked from the list of deals and tasks: the question takes the list's place.
    return update(card) if ctx.event.param("replace") else push(card)


@action("remove")
def remove(ctx: Context) -> Intent:
    """Delete the record, then show what is left: the record card, or the email's card."""
    kind, object_id = _kind(ctx), ctx.event.param("object_id")
    try:
        ctx.close.delete(f"{kind}/{object_id}/")
        note = _deleted(ctx, kind)
    except CloseNotFound:
        note = _gone(kind)
    after_write(ctx)
    if kind != "lead":
        return _rebuilt(ctx, on_top=True, note=note)
    try:
        # The person is no longer in Close: the email's own card says so, and offers to add.
        root = update(person_card(ctx, email=None, index=0))
    except NoMessage:  # a lead opened from search: its list is rebuilt when shown again
        return pop_to_root().changed().with_notification(note)
    return pop_to_root().then(root).changed().with_notification(note)


@action("removable")
def removable(ctx: Context) -> Intent:
    """List the lead's opportunities and open tasks, to pick one to delete."""
    lead_id = ctx.event.param("lead_id")
    pool, client = ctx.services.pool, ctx.close
    opps = pool.submit(
        client.get, "opportunity/", {"lead_id": lead_id, "_limit": MAX_OPPORTUNITIES}
    )
    tasks = pool.submit(
        client.get, "task/", {"lead_id": lead_id, "is_complete": "false", "_limit": MAX_TASKS}
    )
    view = RemovableView(
        lead_name=ctx.event.param("lead_name"),
        opportunities=tuple(Opportunity.model_validate(o) for o in opps.result().get("data") or []),
        tasks=tuple(Task.model_validate(t) for t in tasks.result().get("data") or []),
        params={k: v for k, v in ctx.event.parameters.items() if k not in ("kind", "object_id")},
        fmt=ctx.formatter,
    )
    return push(removable_card(view))


def _describe(ctx: Context, kind: RemovableKind, object_id: str) -> RemoveView:
    """Fetch the record (and what goes with a lead) and put the question in words."""
    client = ctx.close
    if kind == "lead":
        raw = client.get(f"lead/{object_id}/", {"_fields": LEAD_COUNTS})
        name = Lead.model_validate(raw).label
        counts = (len(raw.get(k) or []) for k in ("contact_ids", "opportunities", "tasks"))
        return lead_question(name, *counts)
    if kind == "contact":
        lead_id = ctx.event.param("lead_id")
        lead = ctx.services.pool.submit(client.get, f"lead/{lead_id}/", {"_fields": NAMES})
        contact = Contact.model_validate(client.get(f"contact/{object_id}/"))
        return contact_question(contact.label, Lead.model_validate(lead.result()).label)
    if kind == "opportunity":
        deal = Opportunity.model_validate(client.get(f"opportunity/{object_id}/"))
        return opportunity_question(deal)
    return task_question(Task.model_validate(client.get(f"task/{object_id}/")))


def _rebuilt(ctx: Context, *, on_top: bool, note: str) -> Intent:
    """Return to the record card, rebuilt; `on_top`: a card lies over it, to close first."""
    card = update(current_record_card(ctx))
    return (pop().then(card) if on_top else card).changed().with_notification(note)


def _kind(ctx: Context) -> RemovableKind:
    kind = ctx.event.param("kind")
    if kind not in REMOVABLE:
        raise ValueError(f"cannot remove a {kind!r}")
    return kind


def _deleted(ctx: Context, kind: RemovableKind) -> str:
    name = ctx.event.param(f"{kind}_name") if kind in ("lead", "contact") else ""
    return f"Deleted {kind} {name}" if name else f"{kind.capitalize()} deleted"


def _gone(kind: RemovableKind) -> str:
    return f"This {kind} was already deleted in Close."
