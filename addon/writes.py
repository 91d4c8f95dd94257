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
from typing import Any

from addon.close import (
    CloseAuthError,
    CloseError,
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


def new_form_id() -> str:
    """Return an id for a form about to be shown; its submissions create at most once."""
    return secrets.token_urlsafe(12)


def create_once(
    ctx: Context,
    form_id: str,
    create: Callable[[], Json],
    *,
    find_existing: Callable[[], Json | None] | None = None,
) -> Json:
    """Create something in Close at most once per form, whatever the user or network does.

    `find_existing` looks in Close for what `create` would make; it runs only after an
    earlier attempt ended without an answer (a timeout or a 5xx), when Close may or may
    not have acted.
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
        try:
            existing = find_existing()
        except BaseException:
            ledger.uncertain(user, form_id)
            raise
        if existing is not None:
            ledger.done(user, form_id, existing)
            after_write(ctx)  # the earlier attempt did create it: caches are stale
            return existing
    try:
        result = create()
    except (CloseTimeout, CloseUnavailable):
        # The request may have reached Close: never create blindly on the next try.
        ledger.uncertain(user, form_id)
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


def form_problem(exc: CloseError) -> FormProblem:
    """Say what went wrong in words for the form; a refused key is not a form problem."""
    if isinstance(exc, CloseAuthError):
        raise exc  # the reconnect card, from errors.py
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
            "Close did not answer. Your entries are kept: save again, nothing will be doubled."
        )
    return FormProblem(exc.message)
