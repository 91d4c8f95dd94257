"""Bulk updates: send a lead's waiting changes together, or discard them.

Send applies the user's own staged changes in the order they were made, one partial `PUT`
per record. What Close accepts is forgotten; what it refuses stays staged with Close's
reason beside it, and the record's other changes are sent without it. When Close does not
answer (a timeout, a 5xx, a rate limit), the batch stops and everything not confirmed
stays staged: sending again is safe, since a `PUT` of the same values changes nothing.
A change to a record deleted meanwhile (in Close, or by the user) is dropped, and the toast
says so: there is nothing left to send it to. Discarding several changes asks first.
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
from addon.registry import Context, action, click
from addon.screens.error import back
from addon.screens.record.handlers import record_card_for
from addon.screens.record.lines import counted
from addon.screens.refs import OnRecord
from addon.store import StagedChange
from addon.ui.responses import Intent, pop, pop_to_root, push, update
from addon.ui.widgets import DANGER_RED, Json, button, buttons, card, header, paragraph, section
from addon.writes import after_write

STOPS_THE_BATCH = (CloseUnavailable, CloseRateLimited, ClosePlanLimit)
GONE = "no longer in Close"
FORBIDDEN = "Your Close role may not change this record."


class ChangeArgs(OnRecord):
    """One waiting change of the lead the card shows, by its id in the store."""

    change_id: int


class DiscardArgs(OnRecord):
    """Discard every change waiting on the lead; `sure` once the user said yes."""

    sure: bool = False


@dataclass
class Report:
    """How a Send went."""

    sent: int = 0
    refused: int = 0
    dropped: int = 0  # their record is no longer in Close
    left: int = 0  # not sent because the batch stopped
    stopped: CloseError | None = None

    def words(self) -> str:
        """Return the toast: '3 changes sent', '2 sent, 1 refused by Close', …"""
        dropped = f"{counted(self.dropped)} dropped: record {GONE}" if self.dropped else ""
        if self.stopped is not None:
            done = f"{self.sent} sent, " if self.sent else ""
            refused = f"{self.refused} refused, " if self.refused else ""
            gone = f"{self.dropped} dropped, " if self.dropped else ""
            waiting = f"{done}{refused}{gone}{self.left} still waiting"
            return f"{_why(self.stopped)}: {waiting}. Send again."
        if self.refused:
            return _and(f"{self.sent} sent, {self.refused} refused by Close", dropped)
        if self.sent:
            return _and(f"{counted(self.sent)} sent", dropped)
        return dropped or "Nothing waiting to send"


@action
def send_staged(ctx: Context, args: OnRecord) -> Intent:
    """Send this lead's waiting changes to Close."""
    report = send(ctx, ctx.services.staged.list(ctx.user.sub, lead_id=args.lead_id))
    if report.sent or report.dropped:  # a dropped change's record is gone from the cache too
        after_write(ctx)
    try:
        rebuilt = update(record_card_for(ctx, args)).with_notification(report.words())
    except CloseNotFound:  # the lead itself is gone: back to the card the user came from
        return pop_to_root().changed().with_notification(report.words())
    return rebuilt.changed() if report.sent else rebuilt


@action
def discard_staged(ctx: Context, args: DiscardArgs) -> Intent:
    """Drop every change waiting on this lead; several only once the user said yes."""
    store, user = ctx.services.staged, ctx.user.sub
    if not args.sure:
        waiting = len(store.list(user, lead_id=args.lead_id))
        if waiting > 1:
            return push(discard_card(waiting, args.model_copy(update={"sure": True})))
    count = store.discard(user, lead_id=args.lead_id)
    rebuilt = update(record_card_for(ctx, args))
    # Asked first: the question lies over the record card, and closes.
    return (pop().then(rebuilt) if args.sure else rebuilt).with_notification(
        f"{counted(count)} discarded"
    )


def discard_card(waiting: int, sure: DiscardArgs) -> Json:
    """Return the question before several waiting changes are thrown away."""
    return card(
        section(
            paragraph(f"<b>Discard {counted(waiting)} waiting?</b>"),
            paragraph("They have not been sent to Close, and cannot be brought back."),
            buttons(
                button("Discard", click(discard_staged, sure), color=DANGER_RED),
                button("Cancel", click(back)),
            ),
        ),
        header=header("Discard changes?"),
        name="confirm_discard",
    )


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
        except Dropped as gone:
            report.dropped += gone.count
            continue
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
        except CloseNotFound:
            # Deleted or merged meanwhile: nothing is left to send the changes to.
            for change in group:
                store.sent(user, change.id)
            raise Dropped(len(group)) from None
        except CloseForbidden:
            blamed = {c.id: FORBIDDEN for c in pending}
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


class Dropped(Exception):
    """A record's waiting changes were dropped: the record is no longer in Close."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def _and(done: str, dropped: str) -> str:
    return f"{done}; {dropped}" if dropped else done


def _why(exc: CloseError) -> str:
    if isinstance(exc, CloseRateLimited):
        return f"Close asks us to wait {max(1, math.ceil(exc.retry_after))} s"
    if isinstance(exc, ClosePlanLimit):
        return "A limit of your Close plan was reached"
    return "Close did not answer"
