"""The error card's own buttons: try again what failed, or go back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode

from pydantic import Field, model_validator

from addon.registry import (
    MAX_PARAMETER,
    QUERY_SAFE,
    Args,
    BadArguments,
    Context,
    Registration,
    UnknownAction,
    action,
    registry,
)
from addon.ui.responses import Intent, RouteKind, as_update, pop


class RetryArgs(Args):
    """What failed: the route it was, and its arguments written as a URL query."""

    kind: RouteKind
    name: str = Field(max_length=48)
    args: str = Field(default="", max_length=4 * MAX_PARAMETER)  # several parameters in one

    @classmethod
    def of(cls, kind: RouteKind, name: str, arguments: Mapping[str, str]) -> RetryArgs:
        """Return the retry of route `name` with these arguments."""
        # Built from a request's own arguments, and checked like any button's when pressed.
        query = urlencode(sorted(arguments.items()), safe=QUERY_SAFE)
        return cls.model_construct(kind=kind, name=name, args=query)

    def arguments(self) -> dict[str, str]:
        """Return the failed route's arguments as its button sent them."""
        return dict(parse_qsl(self.args, keep_blank_values=True))

    def route(self) -> Registration:
        """Return the failed route's registration."""
        return registry.lookup(self.kind, self.name)

    @model_validator(mode="after")
    def _fits_its_route(self) -> RetryArgs:
        # A retry naming no route, or arguments its route does not take, is refused
        # before anything runs, like any other button's.
        try:
            self.route().parse(self.arguments())
        except UnknownAction:
            raise ValueError(f"no {self.kind} is named {self.name!r}") from None
        except BadArguments as exc:
            raise ValueError(f"args: {exc}") from None
        return self


@action(needs_connection=False)
def retry(ctx: Context, args: RetryArgs) -> Intent:
    """Run again what failed, in place of the error card."""
    from addon.core import run  # the core imports the handlers; import late to avoid a cycle

    route, arguments = args.route(), args.arguments()
    # Handlers that read their parameters from the event find them there as before.
    common = ctx.event.common_event_object.model_copy(update={"parameters": arguments})
    event = ctx.event.model_copy(update={"common_event_object": common})
    again = replace(ctx, event=event, kind=args.kind, name=args.name)
    intent, _ = run(route, again, route.parse(arguments))
    # A trigger's error card is the root: replace it. A button's error card sits on top
    # of the card the user was on: drop it, then apply what the button does.
    return as_update(intent) if args.kind == "trigger" else pop().then(intent)


@action(needs_connection=False)
def back(ctx: Context) -> Intent:
    """Go back one card."""
    return pop()
