"""One edit card for several fields of one record: an opportunity's, a task's.

Opening fills the inputs with what Close holds, or with a change waiting to be sent (Close's
value then named in a note). Save checks every field again, marking only what is still wrong,
and sends only the fields the user changed, compared with what Close held when the card
opened. Each screen keeps its own handlers and says what differs in a `SeveralFields`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from addon.close.field_writes import UNKNOWN, Change
from addon.crm.field_values import FieldInvalid
from addon.crm.fields import FieldSpec, FormValue, parse, read_form, to_form
from addon.lookup import Lookup
from addon.registry import MAX_PARAMETER, Context, click
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.commit import commit, problem_message
from addon.screens.edit.target import label_for, show
from addon.screens.refs import FieldArgs
from addon.ui.responses import Intent, push, update
from addon.writes import FormProblem


class SaveFields(FieldArgs):
    """Save on a card of several fields: what Close held when it opened."""

    was: str = ""  # JSON object of the fields, "" when too long to carry
    unsure: bool = False  # the last save got no answer: Close is asked before writing

    def held(self) -> dict[str, Any]:
        """Return the fields as Close held them when the edit began (those known)."""
        try:
            was = json.loads(self.was or "{}")
        except ValueError:
            return {}
        return was if isinstance(was, dict) else {}


S = TypeVar("S", bound=SaveFields)


def _as_read(values: dict[str, Any]) -> dict[str, Any]:
    return values


@dataclass(frozen=True)
class SeveralFields(Generic[S]):
    """One record's fields on one card, and what differs from one kind of record to another."""

    object_type: str  # as Close names it: "opportunity", "task"
    title: str  # the card's title
    name: str  # the record's: the card's subtitle, and where a staged change is listed
    specs: tuple[FieldSpec, ...]  # the fields the card shows (or showed, on Save)
    current: dict[str, Any]  # the fields as Close holds them, in the values Save sends
    said: Callable[[FieldSpec, str], str]  # the toast once a field is set to a shown value
    save: Callable[[Context, S], Intent]
    save_args: type[S]
    # The values Save sends, from those read: a screen may tidy them or leave one out.
    sent: Callable[[dict[str, Any]], dict[str, Any]] = _as_read


def open_fields(ctx: Context, lookup: Lookup, fields: SeveralFields[S], args: FieldArgs) -> Intent:
    """Show the fields prefilled, a change waiting to be sent in place of Close's value."""
    specs, current = fields.specs, fields.current
    editing = lookup.editing(args.lead_id, None)
    staged = {
        s.key: w.value
        for s in specs
        if (w := editing.waiting(fields.object_type, args.record_id, s.key))
    }
    held = {s.key: staged.get(s.key, current[s.key]) for s in specs}
    values = {s.key: to_form(s, held[s.key], locale=ctx.event.locale) for s in specs}
    waiting = [f"{s.label}: {show(s, current[s.key])}" for s in specs if s.key in staged]
    notes = (f"In Close now: {', '.join(waiting)}",) if waiting else ()
    was = json.dumps(current)
    # A text too long to carry is compared with nothing: it is sent if typed.
    save = fields.save_args(**args.model_dump(), was=was if len(was) <= MAX_PARAMETER else "")
    return push(edit_card(_view(ctx, fields, save, values, notes=notes)))


def save_fields(ctx: Context, lookup: Lookup, fields: SeveralFields[S], args: S) -> Intent:
    """Send (or stage) the fields the user changed."""
    typed = _typed(ctx, fields)
    values, errors = _parsed(ctx, fields.specs, typed)
    if errors:  # shown again as typed, Save still comparing with what Close held at first
        return update(edit_card(_view(ctx, fields, args, typed, errors=errors)))
    was = args.held()
    sent = fields.sent(values)
    changes = [
        _change(fields, args, s, sent[s.key], was.get(s.key, UNKNOWN))
        for s in fields.specs
        if s.key in sent
    ]

    def reshow(problem: FormProblem) -> Intent:
        matched = {k: v for k, v in problem.field_errors.items() if k in typed}
        message = problem_message(problem, set(matched))
        save = args.model_copy(update={"unsure": args.unsure or problem.unknown_outcome})
        view = _view(ctx, fields, save, typed, errors=matched, message=message)
        return update(edit_card(view))

    return commit(ctx, args, changes, lookup=lookup, reshow=reshow, unsure=args.unsure)


def _typed(ctx: Context, fields: SeveralFields[S]) -> dict[str, FormValue]:
    return {s.key: read_form(s, ctx.event, s.key) for s in fields.specs}


def _parsed(
    ctx: Context, specs: tuple[FieldSpec, ...], typed: dict[str, FormValue]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return the values read as Close wants them, and the problems by field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        try:
            values[spec.key] = parse(spec, typed[spec.key], locale=ctx.event.locale)
        except FieldInvalid as exc:
            errors[spec.key] = str(exc)
    return values, errors


def _change(fields: SeveralFields[S], args: S, spec: FieldSpec, value: Any, was: Any) -> Change:
    shown = show(spec, value)
    return Change(
        object_type=fields.object_type,
        object_id=args.record_id,
        lead_id=args.lead_id,
        field=spec.key,
        value=value,
        label=label_for(fields.object_type, fields.name, spec.label),
        shown=shown,
        said=fields.said(spec, shown),
        was=was,
    )


def _view(
    ctx: Context,
    fields: SeveralFields[S],
    save: S,
    values: dict[str, FormValue],
    *,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    notes: tuple[str, ...] = (),
) -> EditView:
    specs = fields.specs
    inputs = tuple(EditInput(s.key, s, values[s.key], (errors or {}).get(s.key)) for s in specs)
    return EditView(
        title=fields.title,
        subtitle=fields.name,
        inputs=inputs,
        save=click(fields.save, save, persist_values=True),
        message=message,
        staged=not ctx.require_settings().immediate_updates,
        notes=notes,
    )
