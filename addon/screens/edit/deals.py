"""Edit an opportunity's status, value, confidence and close date; complete or reopen a task.

An opportunity line opens one small card with its fields, billing period too; Save sends
only the fields the user changed.
A task's switch on the record card completes or reopens it in place.
"""

from __future__ import annotations

import json
from typing import Any

from addon.close.field_writes import UNKNOWN, Change
from addon.close.models import Opportunity
from addon.close.records import fetch_opportunity
from addon.crm.field_values import FieldInvalid
from addon.crm.fields import FieldSpec, FormValue, opportunity_specs, parse, read_form, to_form
from addon.lookup import Lookup
from addon.registry import Context, action, click
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.commit import commit, problem_message
from addon.screens.edit.target import label_for, opportunity_name, show, task_name
from addon.screens.edit.tasks import task_of
from addon.screens.refs import FieldArgs, TaskSwitch
from addon.ui.responses import Intent, push, update
from addon.writes import FormProblem


class SaveOpportunity(FieldArgs):
    """Save on an opportunity's card: what Close held when it opened."""

    was: str = ""  # JSON object of the opportunity's fields
    unsure: bool = False  # the last save got no answer: Close is asked before writing

    def held(self) -> dict[str, Any]:
        """Return the fields as Close held them when the edit began (those known)."""
        try:
            was = json.loads(self.was or "{}")
        except ValueError:
            return {}
        return was if isinstance(was, dict) else {}


@action
def edit_opportunity(ctx: Context, args: FieldArgs) -> Intent:
    """Show an opportunity's status, value, billing, confidence and close date, prefilled."""
    lookup = Lookup(ctx)
    opp = _opportunity(ctx, lookup, args)
    specs = _specs(lookup, opp)
    current = opp.model_dump(mode="json", include={s.key for s in specs})
    editing = lookup.editing(args.lead_id, None)
    staged = {s.key: w.value for s in specs if (w := editing.waiting("opportunity", opp.id, s.key))}
    held = {s.key: staged.get(s.key, current[s.key]) for s in specs}
    values = {s.key: to_form(s, held[s.key], locale=ctx.event.locale) for s in specs}
    waiting = [f"{s.label}: {show(s, current[s.key])}" for s in specs if s.key in staged]
    notes = (f"In Close now: {', '.join(waiting)}",) if waiting else ()
    save = SaveOpportunity(**args.model_dump(), was=json.dumps(current))
    return push(edit_card(_view(ctx, opp, save, specs, values, notes=notes)))


@action
def save_opportunity(ctx: Context, args: SaveOpportunity) -> Intent:
    """Send (or stage) the opportunity fields the user changed."""
    lookup = Lookup(ctx)
    opp = _opportunity(ctx, lookup, args)
    specs = _offered(ctx, _specs(lookup, opp))
    typed = {s.key: read_form(s, ctx.event, s.key) for s in specs}
    was = args.held()
    values, errors = _parsed(ctx, specs, typed)
    if errors:  # shown again as typed, still comparing with what Close held at first
        return update(edit_card(_view(ctx, opp, args, specs, typed, errors=errors)))
    changes = [_change(args, opp, s, values[s.key], was.get(s.key, UNKNOWN)) for s in specs]

    def reshow(problem: FormProblem) -> Intent:
        matched = {k: v for k, v in problem.field_errors.items() if k in typed}
        message = problem_message(problem, set(matched))
        save = args.model_copy(update={"unsure": args.unsure or problem.unknown_outcome})
        view = _view(ctx, opp, save, specs, typed, errors=matched, message=message)
        return update(edit_card(view))

    return commit(ctx, args, changes, lookup=lookup, reshow=reshow, unsure=args.unsure)


@action
def check_opportunity(ctx: Context, args: SaveOpportunity) -> Intent:
    """Check the fields again once one marked wrong changes: only what is still wrong stays.

    Nothing is sent; Save still carries what it did (`args`).
    """
    lookup = Lookup(ctx)
    opp = _opportunity(ctx, lookup, args)
    specs = _offered(ctx, _specs(lookup, opp))
    typed = {s.key: read_form(s, ctx.event, s.key) for s in specs}
    _, errors = _parsed(ctx, specs, typed)
    return update(edit_card(_view(ctx, opp, args, specs, typed, errors=errors)))


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


@action
def toggle_task(ctx: Context, args: TaskSwitch) -> Intent:
    """Complete or reopen a task from its switch on the record card."""
    lookup = Lookup(ctx)
    name = task_name(task_of(ctx, lookup, args))
    if args.done and ctx.require_settings().immediate_updates:
        lookup.completed(args.record_id, name)
    change = Change(
        object_type="task",
        object_id=args.record_id,
        lead_id=args.lead_id,
        field="is_complete",
        value=args.done,
        label=label_for("task", name, "Done"),
        shown="Done" if args.done else "Not done",
        said=f"Task {'done' if args.done else 'reopened'}: {name or 'Task'}",
        was=args.was,
    )
    return commit(ctx, args, [change], lookup=lookup, reshow=None, pushed=False)


def _opportunity(ctx: Context, lookup: Lookup, args: FieldArgs) -> Opportunity:
    data = lookup.record(args.lead_id, contact_id=args.contact_id)
    known = next((o for o in data.opportunities or () if o.id == args.record_id), None)
    # Not among the card's (the section is off, or the deal is closed): ask Close.
    return known or fetch_opportunity(ctx.close, args.record_id)


def _specs(lookup: Lookup, opp: Opportunity) -> tuple[FieldSpec, ...]:
    org = lookup.org()
    return opportunity_specs(org, opp.value_currency or org.currency)


def _offered(ctx: Context, specs: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
    """Return the fields the card that was saved showed.

    A choice always sends what is picked, so one missing was not on the card (a card opened
    before the billing period was offered): it is left as Close holds it, not refused.
    """
    return tuple(s for s in specs if s.kind != "choice" or ctx.event.has_input(s.key))


def _change(args: FieldArgs, opp: Opportunity, spec: FieldSpec, value: Any, was: Any) -> Change:
    shown = show(spec, value)
    return Change(
        object_type="opportunity",
        object_id=args.record_id,
        lead_id=args.lead_id,
        field=spec.key,
        value=value,
        label=label_for("opportunity", opportunity_name(opp), spec.label),
        shown=shown,
        said=f"{spec.label} set to {shown}",
        was=was,
    )


def _view(
    ctx: Context,
    opp: Opportunity,
    save: SaveOpportunity,
    specs: tuple[FieldSpec, ...],
    values: dict[str, FormValue],
    *,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    notes: tuple[str, ...] = (),
) -> EditView:
    inputs = tuple(EditInput(s.key, s, values[s.key], (errors or {}).get(s.key)) for s in specs)
    return EditView(
        title="Opportunity",
        subtitle=opportunity_name(opp),
        inputs=inputs,
        save=click(save_opportunity, save, persist_values=True),
        check=click(check_opportunity, save, persist_values=True, spinner=False),
        message=message,
        staged=not ctx.require_settings().immediate_updates,
        notes=notes,
    )
