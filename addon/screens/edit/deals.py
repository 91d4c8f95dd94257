"""Edit an opportunity's status, value, confidence and close date; complete or reopen a task.

An opportunity line opens one small card with its fields, billing period too; Save sends
only the fields the user changed.
A task's switch on the record card completes or reopens it in place.
"""

from __future__ import annotations

from addon.close.field_writes import Change
from addon.close.models import Opportunity
from addon.close.records import fetch_opportunity
from addon.crm.fields import FieldSpec, opportunity_specs
from addon.lookup import Lookup
from addon.registry import Context, action
from addon.screens.edit.commit import commit
from addon.screens.edit.several import (
    SaveFields,
    SeveralFields,
    open_fields,
    save_fields,
)
from addon.screens.edit.target import label_for, opportunity_name, task_name
from addon.screens.edit.tasks import task_of
from addon.screens.refs import FieldArgs, TaskSwitch
from addon.ui.responses import Intent


class SaveOpportunity(SaveFields):
    """Save on an opportunity's card: what Close held when it opened."""


@action
def edit_opportunity(ctx: Context, args: FieldArgs) -> Intent:
    """Show an opportunity's status, value, billing, confidence and close date, prefilled."""
    lookup = Lookup(ctx)
    opp = _opportunity(ctx, lookup, args)
    return open_fields(ctx, lookup, _fields(opp, _specs(lookup, opp)), args)


@action
def save_opportunity(ctx: Context, args: SaveOpportunity) -> Intent:
    """Send (or stage) the opportunity fields the user changed."""
    lookup = Lookup(ctx)
    opp = _opportunity(ctx, lookup, args)
    return save_fields(ctx, lookup, _fields(opp, _offered(ctx, _specs(lookup, opp))), args)


@action
def toggle_task(ctx: Context, args: TaskSwitch) -> Intent:
    """Complete or reopen a task from its switch on the record card."""
    lookup = Lookup(ctx)
    name = task_name(task_of(ctx, lookup, args))
    if args.done and ctx.require_settings().immediate_updates:
        lookup.completed(args.record_id, name, at=_place(lookup, args))
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


def _place(lookup: Lookup, args: TaskSwitch) -> int:
    """Return where the task's line stands among the card's open tasks (first if not there)."""
    tasks = lookup.record(args.lead_id, contact_id=args.contact_id).tasks or ()
    return next((i for i, t in enumerate(tasks) if t.id == args.record_id), 0)


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


def _fields(opp: Opportunity, specs: tuple[FieldSpec, ...]) -> SeveralFields[SaveOpportunity]:
    return SeveralFields(
        object_type="opportunity",
        title="Opportunity",
        name=opportunity_name(opp),
        specs=specs,
        current=opp.model_dump(mode="json", include={s.key for s in specs}),
        said=lambda spec, shown: f"{spec.label} set to {shown}",
        save=save_opportunity,
        save_args=SaveOpportunity,
    )
