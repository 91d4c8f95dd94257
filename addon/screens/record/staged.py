"""Bulk updates: send a lead's waiting changes together, or discard them.

Send applies the user's own staged changes in the order they were made, one partial `PUT`
per record. What Close accepts is forgotten; what it refuses stays staged with Close's
reason beside it, and the record's other changes are sent without it. When Close does not
answer (a timeout, a 5xx, a rate limit), the batch stops and everything not confirmed
stays staged: sending again is safe, since a `PUT` of the same values changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from addon.close import (
    CloseError,
    CloseForbidden,
    CloseNotFound,
    ClosePlanLimit,
    CloseRateLimited,
    CloseUnavailable,
    CloseValidationError,
)
from addon.close.field_writes import put_changes, refusal_for
from addon.registry import Context, action
from addon.screens.record.handlers import record_card_for
from addon.screens.record.lines import counted
from addon.screens.refs import OnRecord
from addon.store import StagedChange
from addon.ui.responses import Intent, update
from addon.writes import after_write

STOPS_THE_BATCH = (CloseUnavailable, CloseRateLimited, ClosePlanLimit)
GONE = "This record is no longer in Close (deleted or merged)."
FORBIDDEN = "Your Close role may not change this record."


class ChangeArgs(OnRecord):
    """One waiting change of the lead the card shows, by its id in the store."""

    change_id: int


@dataclass
class Report:
    """How a Send went."""

    sent: int = 0
    refused: int = 0
    left: int = 0  # not sent because the batch stopped
    stopped: CloseError | None = None

    def words(self) -> str:
        """Return the toast: '3 changes sent', '2 sent, 1 refused by Close', …"""
        if self.stopped is not None:
            done = f"{self.sent} sent, " if self.sent else ""
            refused = f"{self.refused} refused, " if self.refused else ""
            return f"{_why(self.stopped)}: {done}{refused}{self.left} still waiting. Send again."
        if self.refused:
            return f"{self.sent} sent, {self.refused} refused by Close"
        if self.sent:
            return f"{counted(self.sent)} sent"
        return "Nothing waiting to send"


@action
def send_staged(ctx: Context, args: OnRecord) -> Intent:
    """Send this lead's waiting changes to Close."""
    report = send(ctx, ctx.services.staged.list(ctx.user.sub, lead_id=args.lead_id))
    if report.sent:
        after_write(ctx)
    rebuilt = update(record_card_for(ctx, args)).with_notification(report.words())
    return rebuilt.changed() if report.sent else rebuilt


@action
def discard_staged(ctx: Context, args: OnRecord) -> Intent:
    """Drop every change waiting on this lead."""
    count = ctx.services.staged.discard(ctx.user.sub, lead_id=args.lead_id)
    return update(record_card_for(ctx, args)).with_notification(f"{counted(count)} discarded")


@action
def discard_change(ctx: Context, args: ChangeArgs) -> Intent:
    """Drop one waiting change."""
    mine = ctx.services.staged.list(ctx.user.sub, lead_id=args.lead_id)
    change = next((c for c in mine if c.id == args.change_id), None)
    words = "That change was already gone"
    if change is not None:
        ctx.services.staged.sent(ctx.user.sub, change.id)  # forgotten, as if sent
        words = f"Discarded: {change.label} → {change.shown}"
    return update(record_card_for(ctx, args)).with_notification(words)


def send(ctx: Context, changes: list[StagedChange]) -> Report:
    """Send changes record by record, in order; stop when Close does not answer."""
    report = Report()
    groups = by_record(changes)
    for index, group in enumerate(groups):
        try:
            sent, refused = _send_record(ctx, group)
        except STOPS_THE_BATCH as exc:
            report.stopped = exc
            report.left = sum(len(g) for g in groups[index:])
            break
        report.sent += sent
        report.refused += refused
    return report


def by_record(changes: list[StagedChange]) -> list[list[StagedChange]]:
    """Group changes by record, records in the order of their first change."""
    groups: dict[tuple[str, str], list[StagedChange]] = {}
    for change in changes:
        groups.setdefault((change.object_type, change.object_id), []).append(change)
    return list(groups.values())


def _send_record(ctx: Context, group: list[StagedChange]) -> tuple[int, int]:
    """Send one record's changes in one update; return (sent, refused)."""
    store, user = ctx.services.staged, ctx.user.sub
    pending, refused = list(group), 0
    while pending:
        first = pending[0]
        try:
            put_changes(ctx.close, first.object_type, first.object_id, pending)
        except CloseValidationError as exc:
            # Close applies nothing of a refused update: keep what it named, send the rest.
            blamed = _blamed(pending, exc)
        except (CloseNotFound, CloseForbidden) as exc:
            reason = GONE if isinstance(exc, CloseNotFound) else FORBIDDEN
            blamed = {c.id: reason for c in pending}
        else:
            for change in pending:
                store.sent(user, change.id)
            return len(pending), refused
        for change_id, reason in blamed.items():
            store.refused(user, change_id, reason)
        refused += len(blamed)
        pending = [c for c in pending if c.id not in blamed]
    return 0, refused


def _blamed(pending: list[StagedChange], exc: CloseValidationError) -> dict[int, str]:
    blamed = {c.id: why for c in pending if (why := refusal_for(c, exc.field_errors))}
    if blamed:
        return blamed
    # Close named none of our fields: the update as a whole was refused.
    reason = "; ".join(exc.errors) or exc.message
    return {c.id: reason for c in pending}


def _why(exc: CloseError) -> str:
    if isinstance(exc, CloseRateLimited):
        return f"Close asks us to wait {max(1, math.ceil(exc.retry_after))} s"
    if isinstance(exc, ClosePlanLimit):
        return "A limit of your Close plan was reached"
    return "Close did not answer"
