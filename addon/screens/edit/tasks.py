"""Edit a task's text, due date and assignee, from its line on the record card.

The card is the opportunity's kind: its three inputs prefilled, Save sending only the
fields the user changed in one partial `PUT` (or staging them with bulk updates on).
A task must keep its text and its assignee: a blank text is refused beside its input.
"""

from __future__ import annotations

import json
from typing import Any

from addon.close.additions import member_options
from addon.close.field_writes import UNKNOWN, Change
from addon.close.models import Task
from addon.close.records import fetch_task
from addon.crm.field_values import FieldInvalid
from addon.crm.fields import FieldSpec, FormValue, parse, read_form, to_form
from addon.lookup import Lookup
from addon.registry import MAX_PARAMETER, Context, action, click
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.commit import commit, problem_message
from addon.screens.edit.target import label_for, show, task_name
from addon.screens.refs import FieldArgs
from addon.ui.responses import Intent, push, update
from addon.writes import FormProblem


class SaveTask(FieldArgs):
    """Save on a task's card: what Close held when it opened."""

    was: str = ""  # JSON object of the three fields, "" when too long to carry
    unsure: bool = False  # the last save got no answer: Close is asked before writing

    def held(self) -> dict[str, Any]:
        """Return the fields as Close held them when the edit began (those known)."""
        try:
            was = json.loads(self.was or "{}")
        except ValueError:
            return {}
        return was if isinstance(was, dict) else {}


@action
def edit_task(ctx: Context, args: FieldArgs) -> Intent:
    """Show a task's text, due date and assignee, prefilled (with waiting values)."""
    lookup = Lookup(ctx)
    task = task_of(ctx, lookup, args)
    specs = _specs(ctx, lookup, task)
    current = _held(task)
    editing = lookup.editing(args.lead_id, None)
    staged = {s.key: w.value for s in specs if (w := editing.waiting("task", task.id, s.key))}
    values = {s.key: to_form(s, staged.get(s.key, current[s.key])) for s in specs}
    waiting = [f"{s.label}: {show(s, current[s.key])}" for s in specs if s.key in staged]
    notes = (f"In Close now: {', '.join(waiting)}",) if waiting else ()
    was = json.dumps(current)
    # A text too long to carry is compared with nothing: it is sent if typed.
    save = SaveTask(**args.model_dump(), was=was if len(was) <= MAX_PARAMETER else "")
    return push(edit_card(_view(ctx, task, save, specs, values, notes=notes)))


@action
def save_task(ctx: Context, args: SaveTask) -> Intent:
    """Send (or stage) the task fields the user changed."""
    lookup = Lookup(ctx)
    task = task_of(ctx, lookup, args)
    specs = _specs(ctx, lookup, task)
    typed = {s.key: read_form(s, ctx.event, s.key) for s in specs}
    values, errors = _parsed(specs, typed)
    if errors:  # shown again as typed, Save still comparing with what Close held at first
        return update(edit_card(_view(ctx, task, args, specs, typed, errors=errors)))
    was = args.held()
    name = task_name(task)
    changes = [
        _change(args, name, s, values[s.key], was.get(s.key, UNKNOWN))
        for s in specs
        if not (s.key == "date" and values[s.key] is None)  # a dateless task left so
    ]

    def reshow(problem: FormProblem) -> Intent:
        matched = {k: v for k, v in problem.field_errors.items() if k in typed}
        message = problem_message(problem, set(matched))
        save = args.model_copy(update={"unsure": args.unsure or problem.unknown_outcome})
        view = _view(ctx, task, save, specs, typed, errors=matched, message=message)
        return update(edit_card(view))

    return commit(ctx, args, changes, lookup=lookup, reshow=reshow, unsure=args.unsure)


@action
def check_task(ctx: Context, args: SaveTask) -> Intent:
    """Check the fields again once one marked wrong changes: only what is still wrong stays."""
    lookup = Lookup(ctx)
    task = task_of(ctx, lookup, args)
    specs = _specs(ctx, lookup, task)
    typed = {s.key: read_form(s, ctx.event, s.key) for s in specs}
    _, errors = _parsed(specs, typed)
    return update(edit_card(_view(ctx, task, args, specs, typed, errors=errors)))


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


def _parsed(
    specs: tuple[FieldSpec, ...], typed: dict[str, FormValue]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the values read as Close wants them, and the problems by field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        try:
            values[spec.key] = parse(spec, typed[spec.key])
        except FieldInvalid as exc:
            errors[spec.key] = str(exc)
    if "text" in values:
        values["text"] = values["text"].strip()
    return values, errors


def _change(args: FieldArgs, name: str, spec: FieldSpec, value: Any, was: Any) -> Change:
    shown = show(spec, value)
    said = {
        "text": f"Task renamed: {shown}",
        "date": f"Task due {shown}",
        "assigned_to": f"Task assigned to {shown}",
    }
    return Change(
        object_type="task",
        object_id=args.record_id,
        lead_id=args.lead_id,
        field=spec.key,
        value=value,
        label=label_for("task", name, spec.label),
        shown=shown,
        said=said[spec.key],
        was=was,
    )


def _view(
    ctx: Context,
    task: Task,
    save: SaveTask,
    specs: tuple[FieldSpec, ...],
    values: dict[str, FormValue],
    *,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    notes: tuple[str, ...] = (),
) -> EditView:
    inputs = tuple(EditInput(s.key, s, values[s.key], (errors or {}).get(s.key)) for s in specs)
    return EditView(
        title="Task",
        subtitle=task_name(task),
        inputs=inputs,
        save=click(save_task, save, persist_values=True),
        check=click(check_task, save, persist_values=True, spinner=False),
        message=message,
        staged=not ctx.require_settings().immediate_updates,
        notes=notes,
    )
