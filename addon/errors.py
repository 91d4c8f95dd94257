"""Every typed error a handler can raise, turned into a card in this one place.

Handlers hold the happy path only. Whatever they raise ends here: Close errors by kind
(key refused, rate or plan limit, unavailable, slow), a missing connection, or a bug.
Texts say what happened and what to do; none carries a key, a token or a traceback.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import replace

from addon.close import (
    CloseAuthError,
    CloseError,
    CloseForbidden,
    CloseNotFound,
    ClosePlanLimit,
    CloseRateLimited,
    CloseTimeout,
    CloseUnavailable,
    CloseValidationError,
)
from addon.gmail import GmailAuthError, GmailDeadlineExceeded, GmailError, GmailNotFound
from addon.links import api_keys_url
from addon.registry import Args, Context, NoMessage, NotConnected, UnknownAction, click, registry
from addon.screens.error import ErrorView, Remedy, RetryArgs, back, error_card, retry
from addon.screens.welcome import show_welcome, welcome_card
from addon.ui.responses import Intent, notify, push
from addon.ui.widgets import open_link
from addon.writes import AlreadySaving, NotFoundYet

log = logging.getLogger(__name__)


def intent_for_error(
    exc: Exception, ctx: Context, args: Args | None = None, *, retry_as: RetryArgs | None = None
) -> Intent:
    """Return the card for an error raised while handling this request.

    `args` are the arguments the failed handler was called with: "Try again" runs the
    same handler with them again, with what the user had typed. `retry_as` names another
    route for "Try again" (after a save that was made, reloading the card, not saving).
    """
    if isinstance(exc, NotConnected):
        return push(welcome_card(api_keys_url(ctx.services.config)))
    if isinstance(exc, AlreadySaving):
        return notify("Already saving this; it will appear in a moment.")
    if isinstance(exc, NotFoundYet):
        wait = max(1, math.ceil(exc.wait))
        return notify(f"Close may still be saving this; try again in {wait} s.")
    return push(error_card(_error_view(exc, ctx, _again(ctx, args, retry_as))))


def saved_but_not_shown(
    exc: Exception, ctx: Context, said: str, reload: Callable[..., Intent], args: Args
) -> Intent:
    """Return the card for a save Close made whose card then failed to load.

    The toast says the save was made; "Try again" only reloads the card (`reload` with
    `args`), never saves again: a second save would send an empty form.
    """
    again = RetryArgs.of("callback", registry.name_of(reload), args, None)
    view = _error_view(exc, ctx, _again(ctx, args, again))
    # The card outlasts the toast: it says first that the save was made.
    happened = f"Saved in Close: {said}. Then, reloading the card: {view.what_happened}"
    return push(error_card(replace(view, what_happened=happened))).with_notification(
        f"{said}. Close did not answer when the card reloaded."
    )


def _again(ctx: Context, args: Args | None, retry_as: RetryArgs | None) -> Remedy:
    """Return "Try again": the same request, what was typed included, or else "Back"."""
    inputs = ctx.event.common_event_object.form_inputs if _may_carry_inputs(ctx) else None
    again = retry_as or RetryArgs.of(ctx.kind, ctx.name, args, inputs)
    if not again.fits():  # too long to carry (a long note): the form below still holds it
        return Remedy("Back", click(back))
    return Remedy("Try again", click(retry, again))


def _may_carry_inputs(ctx: Context) -> bool:
    # A route open before connecting (connect itself) may carry a key: never in a button.
    try:
        return registry.lookup(ctx.kind, ctx.name).needs_connection
    except UnknownAction:
        return False


def _error_view(exc: Exception, ctx: Context, again: Remedy) -> ErrorView:
    # Narrow kinds come first: a timeout is also Close being unavailable, for one.
    if isinstance(exc, NoMessage):
        return ErrorView(
            title="No email open",
            what_happened="Gmail did not say which email is open.",
            what_to_do="Open an email, or close and reopen it, to see who is behind it.",
        )
    if isinstance(exc, CloseAuthError):
        keys = Remedy("Open API keys in Close", open_link(api_keys_url(ctx.services.config)))
        return ErrorView(
            title="Reconnect to Close",
            what_happened="Close did not accept your API key.",
            what_to_do="The key may have been deleted in Close or mistyped. Create a new key "
            "in Close (Settings → Developer → API Keys) and reconnect with it.",
            remedies=(Remedy("Reconnect", click(show_welcome)), keys),
        )
    if isinstance(exc, CloseRateLimited):
        wait = max(1, math.ceil(exc.retry_after))
        return ErrorView(
            title="Close needs a moment",
            what_happened="Close's rate limit for your API key was reached.",
            what_to_do=f"Wait {wait} second{'s' if wait != 1 else ''}, then try again.",
            remedies=(replace(again, label=f"Try again in {wait} s"),),
        )
    if isinstance(exc, ClosePlanLimit):
        return ErrorView(
            title="Close plan limit reached",
            what_happened="Close refused this because a limit of your Close plan was reached.",
            what_to_do="An admin of your Close organization can upgrade the plan in Close "
            "under Settings → Billing; then try again.",
            remedies=(Remedy("Open Close", open_link(ctx.services.config.close_app_url)), again),
        )
    if isinstance(exc, CloseForbidden):
        return ErrorView(
            title="Not allowed in Close",
            what_happened="Your Close role does not allow this.",
            what_to_do="Ask an admin of your Close organization for the permission.",
            remedies=(Remedy("Back", click(back)),),
        )
    if isinstance(exc, CloseNotFound):
        return ErrorView(
            title="Not found in Close",
            what_happened="This record is no longer in Close; it may have been deleted or merged.",
            what_to_do="Go back and refresh to see the current data.",
            remedies=(Remedy("Back", click(back)),),
        )
    if isinstance(exc, CloseValidationError):
        return ErrorView(
            title="Close rejected the change",
            what_happened="Close did not accept what was sent.",
            what_to_do="Go back, correct it and try again.",
            details=tuple(exc.errors) + tuple(f"{k}: {v}" for k, v in exc.field_errors.items()),
            remedies=(Remedy("Back", click(back)),),
        )
    if isinstance(exc, CloseTimeout):
        return ErrorView(
            title="Close is slow",
            what_happened="Close did not answer in time.",
            what_to_do="Try again in a moment.",
            remedies=(again,),
        )
    if isinstance(exc, CloseUnavailable):
        return ErrorView(
            title="Close is unavailable",
            what_happened="Close could not be reached or answered with an error.",
            what_to_do="Try again in a moment. If it persists, check status.close.com.",
            remedies=(again,),
        )
    if isinstance(exc, CloseError):
        return ErrorView(
            title="Close error",
            what_happened="Close answered with an error.",
            what_to_do="Try again in a moment.",
            remedies=(again,),
        )
    if isinstance(exc, GmailAuthError):
        return ErrorView(
            title="Reopen the email",
            what_happened="Gmail's permission to read this email has run out.",
            what_to_do="Close the email and open it again; the sidebar will reload.",
        )
    if isinstance(exc, GmailNotFound):
        return ErrorView(
            title="Email not found",
            what_happened="Gmail no longer has this email; it may have been deleted.",
            what_to_do="Open another email.",
        )
    if isinstance(exc, GmailError):
        slow = isinstance(exc, GmailDeadlineExceeded)
        return ErrorView(
            title="Gmail is slow" if slow else "Gmail is unavailable",
            what_happened="Gmail did not answer in time."
            if slow
            else "Gmail could not be reached.",
            what_to_do="Try again in a moment.",
            remedies=(again,),
        )
    log.exception("unhandled error in %s %s", ctx.kind, ctx.name)
    return ErrorView(
        title="Something went wrong",
        what_happened="The add-on hit an unexpected problem and did not finish.",
        what_to_do="Try again. If it keeps happening, tell us what you clicked.",
        remedies=(again,),
    )
