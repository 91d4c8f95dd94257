"""Edit an opportunity's status, value, confidence and close date; complete or reopen a task.

An opportunity line opens one small card with its four fields; Save sends only the fields
the user changed. A task's switch on the record card completes or reopens it in place.
"""

from __future__ import annotations

import json
from typing import Any

from addon.close.field_writes import UNKNOWN, Change, record_path
from addon.close.models import Opportunity
from addon.crm.field_values import FieldInvalid
from addon.crm.fields import (
    FieldSpec,
    FormValue,
    opportunity_specs,
    parse,
    read_form,
    show,
    to_form,
)
from addon.lookup import Lookup
from addon.registry import Context, action
from addon.screens.edit.card import EditInput, EditView, edit_card
from addon.screens.edit.commit import commit, problem_message
from addon.screens.edit.target import Target, label_for
from addon.ui.responses import Intent, push, update
from addon.writes import FormProblem


@action("edit_opportunity")
def edit_opportunity(ctx: Context) -> Intent:
    """Show an opportunity's status, value, confidence and close date, prefilled."""
    target = Target.of(ctx.event)
    opp = _opportunity(ctx, target)
    currency = opp.value_currency or ""
    specs = _specs(ctx, currency)
    current = {
        "status_id": opp.status_id,
        "value": opp.value,
        "confidence": opp.confidence,
        "date_won": opp.date_won.isoformat() if opp.date_won else None,
    }
    staged = {
        c.field: c.value
        for c in ctx.services.staged.list(ctx.user.sub, lead_id=target.lead_id)
        if (c.object_type, c.object_id) == ("opportunity", opp.id)
    }
    values = {s.key: to_form(s, staged.get(s.key, current[s.key])) for s in specs}
    waiting = [f"{s.label}: {show(s, current[s.key])}" for s in specs if s.key in staged]
    notes = (f"In Close now: {', '.join(waiting)}",) if waiting else ()
    extra = {"was": json.dumps(current), "currency": currency}
    return push(edit_card(_view(ctx, target, specs, values, extra=extra, notes=notes)))


@action("save_opportunity")
def save_opportunity(ctx: Context) -> Intent:
    """Send (or stage) the opportunity fields the user changed."""
    target = Target.of(ctx.event)
    specs = _specs(ctx, ctx.event.param("currency"))
    typed = {s.key: read_form(s, ctx.event, s.key) for s in specs}
    was = _was(ctx)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        try:
            values[spec.key] = parse(spec, typed[spec.key])
        except FieldInvalid as exc:
            errors[spec.key] = str(exc)
    if errors:
        return update(edit_card(_view(ctx, target, specs, typed, errors=errors)))
    changes = [_change(target, s, values[s.key], was.get(s.key, UNKNOWN)) for s in specs]

    def reshow(problem: FormProblem) -> Intent:
        matched = {k: v for k, v in problem.field_errors.items() if k in typed}
        message = problem_message(problem, set(matched))
        view = _view(ctx, target, specs, typed, errors=matched, message=message)
        return update(edit_card(view))

    return commit(ctx, changes, reshow=reshow)


@action("toggle_task")
def toggle_task(ctx: Context) -> Intent:
    """Complete or reopen a task from its switch on the record card."""
    target = Target.of(ctx.event)
    done = ctx.event.param("done") == "1"
    text = target.who or "Task"
    change = Change(
        object_type="task",
        object_id=target.object_id,
        lead_id=target.lead_id,
        field="is_complete",
        value=done,
        label=label_for(target, "Done"),
        shown="Done" if done else "Not done",
        said=f"Task {'done' if done else 'reopened'}: {text}",
        was=ctx.event.param("was") == "1",
    )
    return commit(ctx, [change], reshow=None, pushed=False)


def _opportunity(ctx: Context, target: Target) -> Opportunity:
    data = Lookup(ctx).record(target.lead_id, contact_id=target.contact_id or None)
    known = next((o for o in data.opportunities or () if o.id == target.object_id), None)
    if known is not None:
        return known
    # Not among the card's (the section is off, or the deal is closed): ask Close.
    path = record_path("opportunity", target.object_id)
    return Opportunity.model_validate(ctx.close.get(path))


def _specs(ctx: Context, currency: str) -> tuple[FieldSpec, ...]:
    org = Lookup(ctx).org()
    return opportunity_specs(org, currency or org.currency)


def _change(target: Target, spec: FieldSpec, value: Any, was: Any) -> Change:
    shown = show(spec, value)
    return Change(
        object_type="opportunity",
        object_id=target.object_id,
        lead_id=target.lead_id,
        field=spec.key,
        value=value,
        label=label_for(target, spec.label),
        shown=shown,
        said=f"{spec.label} set to {shown}",
        was=was,
    )


def _view(
    ctx: Context,
    target: Target,
    specs: tuple[FieldSpec, ...],
    values: dict[str, FormValue],
    *,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    extra: dict[str, str] | None = None,
    notes: tuple[str, ...] = (),
) -> EditView:
    params = {k: v for k, v in ctx.event.parameters.items() if not k.startswith("_")}
    params.update(extra or {})
    inputs = tuple(EditInput(s.key, s, values[s.key], (errors or {}).get(s.key)) for s in specs)
    return EditView(
        title="Opportunity",
        subtitle=target.who,
        inputs=inputs,
        save_action="save_opportunity",
        params=params,
        message=message,
        staged=not ctx.require_settings().immediate_updates,
        notes=notes,
    )


def _was(ctx: Context) -> dict[str, Any]:
    try:
        was = json.loads(ctx.event.param("was") or "{}")
    except ValueError:
        return {}
    return was if isinstance(was, dict) else {}
