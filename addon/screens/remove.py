"""Removing a lead, contact, opportunity or task, behind a card that names what goes.

The question is built from what Close holds at the moment of asking ("Delete lead Acme
Inc. with 3 contacts and 2 opportunities?"), so nobody deletes more than they meant to.
Delete is red; Cancel goes back and changes nothing. A record someone else deleted
meanwhile is no error: the user is told, and the card is rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from addon.close import CloseNotFound
from addon.close.models import Opportunity, Task
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
from addon.screens.error import back
from addon.screens.record import handlers as record
from addon.screens.record.deals_tasks import deal_value, due_on
from addon.screens.refs import OnRecord, RemovableKind, RemoveArgs
from addon.ui.format import Formatter
from addon.ui.responses import Intent, pop, pop_to_root, push, update
from addon.ui.widgets import (
    DANGER_RED,
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    header,
    icon,
    paragraph,
    section,
)
from addon.writes import after_write

UNDONE = "This cannot be undone."


@dataclass(frozen=True)
class RemoveView:
    """One record about to be deleted, in words."""

    kind: RemovableKind
    question: str  # plain text
    consequence: str


@action
def confirm_remove(ctx: Context, args: RemoveArgs) -> Intent:
    """Ask before deleting, naming the record and what goes with it."""
    try:
        view = _describe(ctx, args)
    except CloseNotFound:
        after_write(ctx)  # deleted elsewhere: the cached record still shows it
        return _rebuilt(ctx, args, on_top=args.replace, note=_gone(args.kind))
    card = confirm_remove_card(view, click(remove, args.model_copy(update={"replace": False})))
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

    card = removable_card(data.lead.label, deals.result(), tasks.result(), delete, ctx.formatter)
    return push(card)


def confirm_remove_card(view: RemoveView, delete: Json) -> Json:
    """Return the confirmation: the question, what else goes, a red Delete and Cancel."""
    return card(
        section(
            paragraph(f"<b>{esc(view.question)}</b>"),
            paragraph(esc(view.consequence)),
            buttons(button("Delete", delete, color=DANGER_RED), button("Cancel", click(back))),
        ),
        header=header(f"Delete {view.kind}?"),
        name="confirm_remove",
    )


def removable_card(
    lead_name: str,
    opportunities: tuple[Opportunity, ...],
    tasks: tuple[Task, ...],
    delete: Callable[[RemovableKind, str], Json],
    fmt: Formatter,
) -> Json:
    """Return the lead's opportunities and open tasks, each with a Delete that asks first."""
    deals = [
        decorated(
            esc(_deal(o)),
            top=esc(o.pipeline_name or "Opportunity"),
            start_icon=icon("DOLLAR"),
            button=button("Delete", delete("opportunity", o.id)),
        )
        for o in opportunities
    ]
    todo = [
        decorated(
            esc(t.text or "Task"),
            top=due_on(fmt.day(t.date)) if t.date and not t.is_dateless else "No due date",
            start_icon=icon("CLOCK"),
            button=button("Delete", delete("task", t.id)),
        )
        for t in tasks
    ]
    return card(
        section(*deals or [paragraph("No opportunities.")], title="Opportunities"),
        section(*todo or [paragraph("No open tasks.")], title="Open tasks"),
        header=header("Delete an opportunity or task", lead_name),
        name="removable",
    )


def lead_question(name: str, contacts: int, opportunities: int, tasks: int) -> RemoveView:
    """Return the words for deleting a lead and everything on it."""
    counted = [
        f"{n} {one if n == 1 else many}"
        for n, one, many in (
            (contacts, "contact", "contacts"),
            (opportunities, "opportunity", "opportunities"),
            (tasks, "open task", "open tasks"),
        )
        if n
    ]
    with_ = f" with {_and(counted)}" if counted else ""
    return RemoveView(
        "lead",
        f"Delete lead {name}{with_}?",
        f"Its contacts, opportunities, tasks and activities are deleted with it. {UNDONE}",
    )


def contact_question(name: str, lead_name: str) -> RemoveView:
    """Return the words for deleting one contact of a lead."""
    return RemoveView(
        "contact",
        f"Delete contact {name} from {lead_name}?",
        f"The lead stays, with its other contacts and its activities. {UNDONE}",
    )


def opportunity_question(opp: Opportunity) -> RemoveView:
    """Return the words for deleting one opportunity, by its value and status."""
    return RemoveView("opportunity", f"Delete opportunity {_deal(opp)}?", UNDONE)


def task_question(task: Task) -> RemoveView:
    """Return the words for deleting one task, by its text."""
    return RemoveView("task", f"Delete task '{task.text or 'Task'}'?", UNDONE)


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


def _deal(opp: Opportunity) -> str:
    value = deal_value(opp)
    return f"{value} · {opp.status_label}" if opp.status_label else value


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
