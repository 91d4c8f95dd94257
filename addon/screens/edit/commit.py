"""Saving an edit: sent to Close now, or staged until the user sends the batch.

Every edit action ends here. With immediate updates on, the record is updated with one
partial `PUT` and the record card underneath is rebuilt from fresh data. With bulk updates
(immediate updates off), the change is kept in the store instead; setting a field back
to what Close holds drops its waiting change rather than staging a no-op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from addon.close import ClosePlanLimit, CloseRateLimited, CloseUnavailable, CloseValidationError
from addon.close.field_writes import UNKNOWN, Change, already_held, put_changes
from addon.crm.field_entries import describe_ops
from addon.errors import saved_but_not_shown
from addon.lookup import Lookup
from addon.registry import Context
from addon.screens.record import handlers as record
from addon.screens.refs import OnRecord
from addon.ui.responses import Intent, pop, update
from addon.writes import FormProblem, after_write, form_problem

Reshow = Callable[[FormProblem], Intent]
Staging = Literal["staged", "dropped", "unchanged"]
FORM_PROBLEMS = (CloseValidationError, CloseRateLimited, ClosePlanLimit, CloseUnavailable)


def commit(
    ctx: Context,
    at: OnRecord,
    changes: list[Change],
    *,
    lookup: Lookup,
    reshow: Reshow | None,
    pushed: bool = True,
    unsure: bool = False,
) -> Intent:
    """Send the changes to one record now, or stage them; answer with the rebuilt card.

    `at` is the record card to rebuild; `reshow` shows the edit card again with the
    user's values and the problem when Close refuses or does not answer; `pushed` is
    False when the edit was made on the record card itself (a task's switch), which is
    then updated in place. `unsure` says an earlier save of this card got no answer:
    Close is asked first, and what it already holds is not written again.
    """

    def rebuilt() -> Intent:
        return _rebuilt(ctx, at, lookup, pushed)

    def saved(said: str) -> Intent:
        try:
            return rebuilt().changed().with_notification(said)
        except Exception as exc:  # the save is made: Try again must only reload the card
            failed = saved_but_not_shown(exc, ctx, said, record.refresh, reload_args(at))
            return pop().then(failed) if pushed else failed

    if ctx.require_settings().immediate_updates:
        real = [c for c in changes if c.was is UNKNOWN or c.value != c.was]
        if not real:
            return rebuilt().with_notification("Nothing changed")
        try:
            if unsure:
                held = already_held(ctx.close, real[0].object_type, real[0].object_id, real)
                if all(held):  # the earlier save did reach Close
                    after_write(ctx)
                    return saved("Already saved: " + "; ".join(c.said for c in real))
            put_changes(ctx.close, real[0].object_type, real[0].object_id, real)
        except FORM_PROBLEMS as exc:
            if reshow is None:
                raise
            return reshow(form_problem(exc))
        after_write(ctx)
        return saved("; ".join(c.said for c in real))
    outcomes = [(c, stage(ctx, lookup, c)) for c in changes]
    waiting = len(ctx.services.staged.list(ctx.user.sub, lead_id=changes[0].lead_id))
    plural = "change" if waiting == 1 else "changes"
    words = [f"{c.label} → {c.shown}" for c, outcome in outcomes if outcome == "staged"]
    words += [f"{c.label} back to {c.shown}" for c, outcome in outcomes if outcome == "dropped"]
    said = ", ".join(words) or "Nothing changed"
    return rebuilt().with_notification(f"{said} · {waiting} {plural} waiting")


def nothing_changed(ctx: Context, at: OnRecord, *, lookup: Lookup) -> Intent:
    """Close the edit card, nothing sent or staged: what was saved is what Close holds."""
    return _rebuilt(ctx, at, lookup, pushed=True).with_notification("Nothing changed")


def _rebuilt(ctx: Context, at: OnRecord, lookup: Lookup, pushed: bool) -> Intent:
    card = update(record.record_card_for(ctx, at, lookup=lookup))
    return pop().then(card) if pushed else card


def entry_shown(ctx: Context, field: str) -> Callable[[str], str]:
    """Return how the card writes one entry of a field: a phone as the user reads it."""
    return ctx.formatter.phone if field == "phones" else str


def reload_args(at: OnRecord) -> record.RefreshArgs:
    """Return what reloads the record card a write was made from."""
    return record.RefreshArgs(email=at.email, index=at.index, lead_id=at.lead_id)


def stage(ctx: Context, lookup: Lookup, change: Change) -> Staging:
    """Keep a change for later; one restoring Close's value drops the waiting one instead."""
    store, user = ctx.services.staged, ctx.user.sub
    editing = lookup.editing(change.lead_id, None)
    existing = editing.waiting(change.object_type, change.object_id, change.field)
    value, shown = change.value, change.shown
    if isinstance(value, list) and change.field in ("emails", "phones"):
        ops = [*(existing.value if existing else []), *value]
        value, shown = ops, describe_ops(ops, entry_shown(ctx, change.field))
    elif change.was is not UNKNOWN and value == change.was:
        if existing is None:
            return "unchanged"
        store.sent(user, existing.id)  # back to what Close holds: nothing to send
        return "dropped"
    store.stage(
        user,
        object_type=change.object_type,
        object_id=change.object_id,
        lead_id=change.lead_id,
        field=change.field,
        value=value,
        label=change.label,
        shown=shown,
    )
    return "staged"


def problem_message(problem: FormProblem, matched: set[str]) -> str:
    """Return the card's message: the problem, plus Close's reasons not shown at a field."""
    extra = [f"{k}: {v}" for k, v in problem.field_errors.items() if k not in matched]
    return " ".join([problem.message, *extra])
