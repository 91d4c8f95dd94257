"""Edit a task's text, due date and assignee, from its line on the record card.

The card is the opportunity's kind: its three inputs prefilled, Save sending only the
fields the user changed in one partial `PUT` (or staging them with bulk updates on).
A task must keep its text and its assignee: a blank text is refused beside its input.
"""

from __future__ import annotations

from typing import Any

from addon.close.additions import member_options
from addon.close.models import Task
from addon.close.records import fetch_task
from addon.crm.fields import FieldSpec
from addon.lookup import Lookup
from addon.registry import Context, action
from addon.screens.edit.several import (
    SaveFields,
    SeveralFields,
    open_fields,
    save_fields,
)
from addon.screens.edit.target import task_name
from addon.screens.refs import FieldArgs
from addon.ui.responses import Intent


class SaveTask(SaveFields):
    """Save on a task's card: what Close held when it opened."""


@action
def edit_task(ctx: Context, args: FieldArgs) -> Intent:
    """Show a task's text, due date and assignee, prefilled (with waiting values)."""
    lookup = Lookup(ctx)
    return open_fields(ctx, lookup, _fields(ctx, lookup, task_of(ctx, lookup, args)), args)


@action
def save_task(ctx: Context, args: SaveTask) -> Intent:
    """Send (or stage) the task fields the user changed."""
    lookup = Lookup(ctx)
    return save_fields(ctx, lookup, _fields(ctx, lookup, task_of(ctx, lookup, args)), args)


def task_of(ctx: Context, lookup: Lookup, args: FieldArgs) -> Task:
    """Return the task an action names, from the record card's data or else from Close."""
    data = lookup.record(args.lead_id, contact_id=args.contact_id)
    known = next((t for t in data.tasks or () if t.id == args.record_id), None)
    # Not among the open ones (the section is off, or it was completed a moment ago).
    return known or fetch_task(ctx.close, args.record_id)


def _specs(ctx: Context, lookup: Lookup, task: Task) -> tuple[FieldSpec, ...]:
    members = member_options(lookup.org(), ctx.require_settings().close_user_id)
    if task.assigned_to and task.assigned_to not in {m for _, m in members}:
        # A coworker no longer among the members stays offered, not silently replaced.
        members += ((task.assigned_to_name or task.assigned_to, task.assigned_to),)
    return (
        FieldSpec("task", "text", "Task", "text", required=True),
        # A dateless task may stay so; a due date once set is changed, not cleared.
        FieldSpec("task", "date", "Due date", "date", required=not task.is_dateless),
        FieldSpec("task", "assigned_to", "Assigned to", "choice", members, required=True),
    )


def _held(task: Task) -> dict[str, Any]:
    """Return the fields as Close holds them, in the values Save sends."""
    due = None if task.is_dateless or task.date is None else task.date.isoformat()
    return {"text": task.text, "date": due, "assigned_to": task.assigned_to}


def _sent(values: dict[str, Any]) -> dict[str, Any]:
    """Return the values Save sends: the text trimmed, a dateless task left so."""
    sent = {**values, "text": values["text"].strip()}
    return {k: v for k, v in sent.items() if not (k == "date" and v is None)}


_SAID = {
    "text": "Task renamed: {}",
    "date": "Task due {}",
    "assigned_to": "Task assigned to {}",
}


def _fields(ctx: Context, lookup: Lookup, task: Task) -> SeveralFields[SaveTask]:
    return SeveralFields(
        object_type="task",
        title="Task",
        name=task_name(task),
        specs=_specs(ctx, lookup, task),
        current=_held(task),
        said=lambda spec, shown: _SAID[spec.key].format(shown),
        save=save_task,
        save_args=SaveTask,
        sent=_sent,
    )
