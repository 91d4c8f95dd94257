"""Edit in place, a field at a time: a lead's or contact's field, or one email or phone.

Tapping a field line pushes a small card with just that field, prefilled (with the
waiting value, when one is staged). Save checks what can be checked here, then sends or
stages the change (commit.py). Emails and phones are edited one entry at a time; the
rest of the list is never retyped.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from addon.close.field_writes import UNKNOWN, Change
from addon.crm.field_entries import ENTRY_KEYS, describe_ops, entry_op
from addon.crm.field_values import FieldInvalid, parse_phone
from addon.crm.fields import FieldSpec, FormValue, parse, read_form, standard_spec, to_form
from addon.lookup import Lookup
from addon.registry import MAX_PARAMETER, Context, action, click
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.commit import commit, entry_shown, nothing_changed, problem_message
from addon.screens.edit.target import (
    BadTarget,
    NotEditable,
    current_value,
    field_spec,
    label_for,
    record_name,
    show,
)
from addon.screens.refs import FieldArgs
from addon.ui.responses import Intent, notify, push, update
from addon.writes import FormProblem


class SaveField(FieldArgs):
    """Save on a field's edit card: the field, and the value Close held when it opened."""

    # JSON; "" when unknown (an email or phone entry) or too long to carry.
    was: str = ""
    unsure: bool = False  # the last save got no answer: Close is asked before writing

    def held(self) -> Any:
        """Return the value Close held when the edit began, or UNKNOWN."""
        try:
            return json.loads(self.was) if self.was else UNKNOWN
        except ValueError:
            return UNKNOWN


@action
def edit_field(ctx: Context, args: FieldArgs) -> Intent:
    """Show one field's edit card, prefilled."""
    lookup = Lookup(ctx)
    try:
        spec = field_spec(lookup, args)
    except NotEditable as exc:
        return notify(f"Your Close role may not change {exc}.")
    if args.entry is not None:
        entry = _as_on_card(ctx, spec, args.entry)
        return push(edit_card(_view(ctx, lookup, _save(args, UNKNOWN), spec, entry)))
    current = current_value(lookup, args, spec)
    editing = lookup.editing(args.lead_id, None)
    waiting = editing.waiting(args.object_type, args.record_id, spec.key)
    value = to_form(spec, waiting.value if waiting else current, locale=ctx.event.locale)
    note = f"In Close now: {show(spec, current)}" if waiting else None
    return push(edit_card(_view(ctx, lookup, _save(args, current), spec, value, note=note)))


@action
def save_field(ctx: Context, args: SaveField) -> Intent:
    """Send (or stage) one field's new value; show the card again when it needs fixing."""
    lookup = Lookup(ctx)
    try:
        spec = field_spec(lookup, args)
    except NotEditable as exc:
        return notify(f"Your Close role may not change {exc}.")
    typed = read_form(spec, ctx.event, "value")
    try:
        value = parse(spec, typed, region=ctx.formatter.region, locale=ctx.event.locale)
    except FieldInvalid as exc:
        return update(edit_card(_view(ctx, lookup, args, spec, typed, error=str(exc))))
    reshow = partial(_reshow, ctx, lookup, args, spec, typed)
    if args.entry is not None:
        old, kind = args.entry, _entry_type(ctx, args)
        if old and value == old and kind == (args.entry_type or kind):
            return nothing_changed(ctx, args, lookup=lookup)  # saved as it was opened
        op = entry_op("change" if old else "add", old=old, new=str(value), kind=kind)
        new = ctx.formatter.phone(value) if spec.kind == "phone" else value
        said = f"{spec.label} changed to {new}" if old else f"{spec.label} added: {new}"
        change = _entry_change(lookup, args, spec, op, said)
        return commit(ctx, args, [change], lookup=lookup, reshow=reshow, unsure=args.unsure)
    shown = show(spec, value)
    cleared = value in (None, "", [])
    change = Change(
        object_type=args.object_type,
        object_id=args.record_id,
        lead_id=args.lead_id,
        field=spec.key,
        value=value,
        label=label_for(args.object_type, record_name(lookup, args), spec.label),
        shown=shown,
        said=f"{spec.label} cleared" if cleared else f"{spec.label} set to {shown}",
        was=args.held(),
    )
    return commit(ctx, args, [change], lookup=lookup, reshow=reshow, unsure=args.unsure)


@action
def remove_entry(ctx: Context, args: FieldArgs) -> Intent:
    """Remove one email or phone from a contact, keeping the others."""
    spec = standard_spec("contact", args.field)
    if spec is None or not args.entry or args.field not in ENTRY_KEYS:
        raise BadTarget("remove needs an email or phone")
    lookup = Lookup(ctx)
    op = entry_op("remove", old=args.entry)
    change = _entry_change(lookup, args, spec, op, f"{spec.label} removed: {args.entry}")
    reshow = partial(_reshow, ctx, lookup, _save(args, UNKNOWN), spec, args.entry)
    return commit(ctx, args, [change], lookup=lookup, reshow=reshow)


def _entry_change(
    lookup: Lookup, args: FieldArgs, spec: FieldSpec, op: dict[str, str], said: str
) -> Change:
    """Return the change of one of a contact's emails or phones, the others kept."""
    return Change(
        object_type="contact",
        object_id=args.record_id,
        lead_id=args.lead_id,
        field=spec.key,
        value=[op],
        label=label_for("contact", record_name(lookup, args), spec.label + "s"),
        shown=describe_ops([op], entry_shown(lookup.ctx, spec.key)),
        said=said,
    )


def _save(args: FieldArgs, was: Any) -> SaveField:
    """Return what Save carries: the field, and what Close holds (`was`) when known."""
    held = json.dumps(was) if was is not UNKNOWN else ""
    # A value too long to carry (a long description) is sent without the comparison.
    return SaveField(**args.model_dump(), was=held if len(held) <= MAX_PARAMETER else "")


def _view(
    ctx: Context,
    lookup: Lookup,
    save: SaveField,
    spec: FieldSpec,
    value: FormValue,
    *,
    error: str | None = None,
    message: str | None = None,
    note: str | None = None,
) -> EditView:
    entry = save.entry
    title = spec.label if entry is None else f"{'Edit' if entry else 'Add'} {ENTRY_KEYS[spec.key]}"
    field = FieldArgs(**save.model_dump(exclude={"was"}))
    return EditView(
        title=title,
        subtitle=record_name(lookup, save),
        inputs=(EditInput("value", spec, value, error),),
        save=click(save_field, save, persist_values=True),
        message=message,
        staged=not ctx.require_settings().immediate_updates,
        entry_type=None if entry is None else _entry_type(ctx, save),
        remove=click(remove_entry, field) if entry else None,
        notes=(note,) if note else (),
    )


def _reshow(
    ctx: Context,
    lookup: Lookup,
    save: SaveField,
    spec: FieldSpec,
    typed: FormValue,
    problem: FormProblem,
) -> Intent:
    matched = {
        k for k in problem.field_errors if k == spec.key or spec.key.startswith(k.split(".")[0])
    }
    error = "; ".join(problem.field_errors[k] for k in sorted(matched)) or None
    message = problem_message(problem, matched)
    save = save.model_copy(update={"unsure": save.unsure or problem.unknown_outcome})
    return update(edit_card(_view(ctx, lookup, save, spec, typed, error=error, message=message)))


def _as_on_card(ctx: Context, spec: FieldSpec, entry: str) -> str:
    """Return an email or phone as the card shows it, if Save reads that back as Close has it.

    A phone is kept in E.164 (+13125557156) and shown in the user's format ((312) 555-7156);
    the form shows the card's, unless it would be read back as another number.
    """
    if spec.kind != "phone" or not entry:
        return entry
    shown = ctx.formatter.phone(entry)
    try:
        same = parse_phone(shown, region=ctx.formatter.region) == entry
    except FieldInvalid:
        same = False
    return shown if same else entry


def _entry_type(ctx: Context, args: FieldArgs) -> str:
    """Return the type picked on the card, else the one the entry had."""
    return ctx.event.text("type") or args.entry_type or "office"
