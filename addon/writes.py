"""Writing to Close from the sidebar: each form creates once, nothing typed is lost.

Creating handlers call `create_once` with the form's id; editing handlers call Close
directly (a PUT of the same values twice is harmless). Either way, `after_write` drops the
user's cached matches and records so the next card shows what Close now holds, and
`form_problem` turns a refused or failed write into words for the form, which is shown
again with everything the user typed.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from addon.close import (
    CloseAuthError,
    CloseError,
    CloseNotFound,
    ClosePlanLimit,
    CloseRateLimited,
    CloseTimeout,
    CloseUnavailable,
    CloseValidationError,
)
from addon.registry import Context

Json = dict[str, Any]


class AlreadySaving(Exception):
    """The same form was sent again while the first submission is still being saved."""


class NotFoundYet(Exception):
    """An unanswered attempt's result is not in Close yet, though Close may still make it.

    Close can finish a request after its answer was lost, and its search shows a new
    record a few seconds late: until then, creating again could make a second one, so
    the user is asked to save again in `wait` seconds.
    """

    def __init__(self, wait: float) -> None:
        super().__init__(f"not found yet; look again in {wait:.0f} s")
        self.wait = wait


def new_form_id() -> str:
    """Return an id for a form about to be shown; its submissions create at most once."""
    return secrets.token_urlsafe(12)


def create_once(
    ctx: Context,
    form_id: str,
    create: Callable[[], Json],
    *,
    find_existing: Callable[[], Json | None] | None = None,
    finder_lag: timedelta = timedelta(0),
) -> Json:
    """Create something in Close at most once per form, whatever the user or network does.

    `find_existing` looks in Close for what `create` would make; it runs only after an
    earlier attempt ended without a clear answer (a timeout, a 5xx, a crash), when Close
    may or may not have acted. It may miss a record made `finder_lag` ago or less (a
    search's index lags); an attempt that got no answer may still be running in Close
    for the ledger's lease. Not found within that time, nothing is created: `NotFoundYet`
    asks for another try a little later.
    """
    user, ledger = ctx.user.sub, ctx.services.forms
    if not form_id:
        raise ValueError("a creating form needs its form id")
    claim = ledger.claim(user, form_id)
    if claim.state == "done":
        return dict(claim.result or {})
    if claim.state == "pending":
        raise AlreadySaving()
    if claim.state == "uncertain" and find_existing is not None:
        unsure = partial(ledger.uncertain, user, form_id, in_flight=claim.in_flight)
        try:
            existing = find_existing()
        except BaseException:
            unsure(since=claim.since)
            raise
        if existing is not None:
            ledger.done(user, form_id, existing)
            after_write(ctx)  # the earlier attempt did create it: caches are stale
            return existing
        window = max(ledger.lease if claim.in_flight else timedelta(0), finder_lag)
        settled = (claim.since or ledger.clock()) + window
        if ledger.clock() < settled:
            unsure(since=claim.since)
            raise NotFoundYet((settled - ledger.clock()).total_seconds())
    try:
        result = create()
    except CloseUnavailable as exc:
        # Close may have acted: without an answer (a timeout, a lost connection) it may
        # still be acting; with an error status (a 5xx) it acted, if at all, before failing.
        ledger.uncertain(user, form_id, in_flight=exc.status is None)
        raise
    except BaseException:
        # Refused (400, 401, 402, 403, 429) or never sent: nothing exists, a retry may create.
        ledger.release(user, form_id)
        raise
    ledger.done(user, form_id, result)
    after_write(ctx)
    return result


def after_write(ctx: Context) -> None:
    """Forget the user's cached matches and records: Close has changed.

    For a few seconds their records are then read from Close's object endpoints rather
    than from the search, whose index may not show the change yet. Organization metadata
    (coworkers, statuses, field definitions) is not written from the sidebar, so it stays.
    """
    ctx.services.caches.reset_records(ctx.user.sub, ctx.services.clock())


@dataclass(frozen=True)
class FormProblem:
    """Why a write did not happen, for the form shown again with the user's values."""

    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    unknown_outcome: bool = False  # Close may have made the write: look before writing again


def form_problem(exc: CloseError | NotFoundYet) -> FormProblem:
    """Say what went wrong in words for the form; a refused key is not a form problem."""
    if isinstance(exc, NotFoundYet):
        wait = max(1, math.ceil(exc.wait))
        return FormProblem(
            "Close may still be saving your earlier try. Your entries are kept: save again "
            f"in {wait} s to check, nothing will be doubled."
        )
    if isinstance(exc, CloseAuthError | CloseNotFound):
        raise exc  # the reconnect card, or the card saying the record is gone, from errors.py
    if isinstance(exc, CloseValidationError) and _names_a_gone_record(exc):
        # Deleted or merged in Close while the form was open: no field here can fix that.
        raise CloseNotFound() from exc
    if isinstance(exc, CloseValidationError):
        details = "; ".join(exc.errors)
        return FormProblem(
            "Close did not accept this. " + (details or "Check the fields marked below."),
            dict(exc.field_errors),
        )
    if isinstance(exc, CloseRateLimited):
        wait = max(1, math.ceil(exc.retry_after))
        return FormProblem(f"Close asks us to wait {wait} s. Your entries are kept: save again.")
    if isinstance(exc, ClosePlanLimit):
        return FormProblem("A limit of your Close plan was reached, so Close refused this.")
    if isinstance(exc, CloseTimeout | CloseUnavailable):
        return FormProblem(
            "Close did not answer. Your entries are kept: save again, nothing will be doubled.",
            unknown_outcome=True,
        )
    return FormProblem(exc.message)


# Close's words, beside the field, for an id it holds no record of.
_NO_SUCH_OBJECT = "Object does not exist."
# The record a form writes to; a missing coworker (assigned_to, user) is another problem.
_RECORD_FIELDS = ("lead", "lead_id", "contact", "contact_id")


def _names_a_gone_record(exc: CloseValidationError) -> bool:
    """Tell whether Close refused because the lead or contact written to no longer exists."""
    return any(exc.field_errors.get(name) == _NO_SUCH_OBJECT for name in _RECORD_FIELDS)
