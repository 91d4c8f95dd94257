"""Edit in place, a field at a time: a lead's or contact's field, or one email or phone.

Tapping a field line pushes a small card with just that field, prefilled (with the
waiting value, when one is staged). Save checks what can be checked here, then sends or
stages the change (edit_commit.py). Emails and phones are edited one entry at a time;
the rest of the list is never retyped.
"""

from __future__ import annotations

import json
from typing import Any

from addon.close.field_writes import UNKNOWN, Change
from addon.crm.field_entries import describe_ops, entry_op
from addon.crm.field_values import FieldInvalid
from addon.crm.fields import FieldSpec, FormValue, contact_spec, parse, read_form, show, to_form
from addon.registry import Context, action
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.commit import commit, problem_message
from addon.screens.edit.target import (
    BadTarget,
    NotEditable,
    Target,
    current_value,
    field_spec,
    label_for,
    waiting_change,
)
from addon.ui.responses import Intent, notify, push, update
from addon.writes import FormProblem

ENTRY_WORDS = {"emails": "email", "phones": "phone"}


@action("edit_field")
def edit_field(ctx: Context) -> Intent:
    """Show one field's edit card, prefilled."""
    target = Target.of(ctx.event)
    try:
        spec = field_spec(ctx, target)
    except NotEditable as exc:
        return notify(f"Your Close role may not change {exc}.")
    if target.entry is not None:
        return push(edit_card(_view(ctx, target, spec, target.entry, was=UNKNOWN)))
    current = current_value(ctx, target, spec)
    waiting = waiting_change(ctx, target.lead_id, target.object_type, target.object_id, spec.key)
    value = to_form(spec, waiting.value if waiting else current)
    note = f"In Close now: {show(spec, current)}" if waiting else None
    return push(edit_card(_view(ctx, target, spec, value, was=current, note=note)))


@action("save_field")
def save_field(ctx: Context) -> Intent:
    """Send (or stage) one field's new value; show the card again when it needs fixing."""
    target = Target.of(ctx.event)
    try:
        spec = field_spec(ctx, target)
    except NotEditable as exc:
        return notify(f"Your Close role may not change {exc}.")
    typed = read_form(spec, ctx.event, "value")
    was = _was(ctx)
    try:
        value = parse(spec, typed, region=ctx.formatter.region)
    except FieldInvalid as exc:
        return update(edit_card(_view(ctx, target, spec, typed, was=was, error=str(exc))))

    def reshow(problem: FormProblem) -> Intent:
        return _reshow(ctx, target, spec, typed, was, problem)

    if target.entry is not None:
        return commit(ctx, [_entry_change(ctx, target, spec, str(value))], reshow=reshow)
    shown = show(spec, value)
    cleared = value in (None, "", [])
    change = Change(
        object_type=target.object_type,
        object_id=target.object_id,
        lead_id=target.lead_id,
        field=spec.key,
        value=value,
        label=label_for(target, spec.label),
        shown=shown,
        said=f"{spec.label} cleared" if cleared else f"{spec.label} set to {shown}",
        was=was,
    )
    return commit(ctx, [change], reshow=reshow)


@action("remove_entry")
def remove_entry(ctx: Context) -> Intent:
    """Remove one email or phone from a contact, keeping the others."""
    target = Target.of(ctx.event)
    spec = contact_spec(target.field)
    if spec is None or not target.entry or target.field not in ENTRY_WORDS:
        raise BadTarget("remove needs an email or phone")
    op = entry_op("remove", old=target.entry)
    change = Change(
        object_type="contact",
        object_id=target.object_id,
        lead_id=target.lead_id,
        field=target.field,
        value=[op],
        label=label_for(target, spec.label + "s"),
        shown=describe_ops([op]),
        said=f"{spec.label} removed: {target.entry}",
    )

    def reshow(problem: FormProblem) -> Intent:
        return _reshow(ctx, target, spec, target.entry or "", UNKNOWN, problem)

    return commit(ctx, [change], reshow=reshow)


def _entry_change(ctx: Context, target: Target, spec: FieldSpec, value: str) -> Change:
    kind = ctx.event.text("type") or target.entry_type
    old = target.entry or ""
    op = entry_op("change" if old else "add", old=old, new=value, kind=kind)
    word = spec.label
    said_value = ctx.formatter.phone(value) if spec.kind == "phone" else value
    said = f"{word} changed to {said_value}" if old else f"{word} added: {said_value}"
    return Change(
        object_type="contact",
        object_id=target.object_id,
        lead_id=target.lead_id,
        field=spec.key,
        value=[op],
        label=label_for(target, word + "s"),
        shown=describe_ops([op]),
        said=said,
    )


def _view(
    ctx: Context,
    target: Target,
    spec: FieldSpec,
    value: FormValue,
    *,
    was: Any,
    error: str | None = None,
    message: str | None = None,
    note: str | None = None,
) -> EditView:
    params = {k: v for k, v in ctx.event.parameters.items() if not k.startswith("_")}
    params.pop("was", None)
    if was is not UNKNOWN:
        params["was"] = json.dumps(was)
    entry = target.entry
    verb = "Edit" if entry else "Add"
    title = spec.label if entry is None else f"{verb} {ENTRY_WORDS[spec.key]}"
    return EditView(
        title=title,
        subtitle=target.who,
        inputs=(EditInput("value", spec, value, error),),
        save_action="save_field",
        params=params,
        message=message,
        staged=not ctx.require_settings().immediate_updates,
        entry_type=(ctx.event.text("type") or target.entry_type) if entry is not None else None,
        remove_action="remove_entry" if entry else None,
        notes=(note,) if note else (),
    )


def _reshow(
    ctx: Context,
    target: Target,
    spec: FieldSpec,
    typed: FormValue,
    was: Any,
    problem: FormProblem,
) -> Intent:
    matched = {
        k for k in problem.field_errors if k == spec.key or spec.key.startswith(k.split(".")[0])
    }
    error = "; ".join(problem.field_errors[k] for k in sorted(matched)) or None
    message = problem_message(problem, matched)
    view = _view(ctx, target, spec, typed, was=was, error=error, message=message)
    return update(edit_card(view))


def _was(ctx: Context) -> Any:
    raw = ctx.event.param("was")
    if not raw:
        return UNKNOWN
    try:
        return json.loads(raw)
    except ValueError:
        return UNKNOWN
