"""Cards that say what went wrong and what to do, and their buttons: try again, or go back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from addon.events import FormInput
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
from addon.ui.widgets import Json, button, buttons, card, esc, header, paragraph, section


@dataclass(frozen=True)
class Remedy:
    """A button that helps: a handler's `click(…)` (try again, back) or a page's `open_link(…)`."""

    label: str
    on_click: Json


@dataclass(frozen=True)
class ErrorView:
    """A problem in words a salesperson can act on."""

    title: str
    what_happened: str
    what_to_do: str
    remedies: tuple[Remedy, ...] = ()
    details: tuple[str, ...] = ()


def error_card(view: ErrorView) -> Json:
    """Return an error card: what happened, what to do, and the buttons that help."""
    # What stays in the add-on is the filled button; a page opens in a new tab.
    remedies = (
        button(r.label, r.on_click, filled="openLink" not in r.on_click) for r in view.remedies
    )
    return card(
        section(
            paragraph(f"<b>{esc(view.what_happened)}</b>"),
            *(paragraph(f"• {esc(line)}") for line in view.details),
            paragraph(esc(view.what_to_do)),
            buttons(*remedies),
        ),
        header=header(view.title, "Close for Gmail"),
        name="error",
    )


FormInputs = TypeAdapter(dict[str, FormInput])


class RetryArgs(Args):
    """What failed: the route it was, its arguments written as a URL query, and its inputs.

    `inputs` are what the user had typed (the event's form inputs, as JSON): a retried
    Save sends them again, never an empty form.
    """

    kind: RouteKind
    name: str = Field(max_length=48)
    args: str = Field(default="", max_length=4 * MAX_PARAMETER)  # several parameters in one
    inputs: str = Field(default="", max_length=MAX_PARAMETER)

    @classmethod
    def of(
        cls, kind: RouteKind, name: str, args: Args | None, inputs: dict[str, FormInput] | None
    ) -> RetryArgs:
        """Return the retry of route `name` with the arguments and inputs it was called with."""
        # Built from a request's own arguments, and checked like any button's when pressed.
        query = urlencode(sorted(args.params().items()), safe=QUERY_SAFE) if args else ""
        typed = FormInputs.dump_json(inputs, by_alias=True, exclude_none=True) if inputs else b""
        return cls.model_construct(kind=kind, name=name, args=query, inputs=typed.decode())

    def fits(self) -> bool:
        """Tell whether the retry carries everything, so its button can be offered."""
        return len(self.inputs) <= MAX_PARAMETER and len(self.args) <= 4 * MAX_PARAMETER

    def form_inputs(self) -> dict[str, FormInput]:
        """Return the inputs the failed request had, parsed as an event's are."""
        return FormInputs.validate_json(self.inputs) if self.inputs else {}

    def route(self) -> Registration:
        return registry.lookup(self.kind, self.name)

    def parsed(self) -> Args | None:
        """Return the failed route's arguments, parsed as its button's were."""
        return self.route().parse(dict(parse_qsl(self.args, keep_blank_values=True)))

    @model_validator(mode="after")
    def _fits_its_route(self) -> RetryArgs:
        # A retry naming no route, or arguments its route does not take, is refused
        # before anything runs, like any other button's.
        try:
            self.parsed()
        except UnknownAction:
            raise ValueError(f"no {self.kind} is named {self.name!r}") from None
        except BadArguments as exc:
            raise ValueError(f"args: {exc}") from None
        try:
            self.form_inputs()
        except ValidationError:
            raise ValueError("inputs: not form inputs") from None
        return self


@action(needs_connection=False)
def retry(ctx: Context, args: RetryArgs) -> Intent:
    """Run again what failed, in place of the error card."""
    from addon.core import run  # the core imports the handlers; import late to avoid a cycle

    event = ctx.event
    if args.inputs:  # what the user typed, sent again with the retry
        common = event.common_event_object.model_copy(update={"form_inputs": args.form_inputs()})
        event = event.model_copy(update={"common_event_object": common})
    again = replace(ctx, kind=args.kind, name=args.name, event=event)
    intent, _ = run(args.route(), again, args.parsed())
    # A trigger's error card is the root: replace it. A button's error card sits on top
    # of the card the user was on: drop it, then apply what the button does.
    return as_update(intent) if args.kind == "trigger" else pop().then(intent)


@action(needs_connection=False)
def back(ctx: Context) -> Intent:
    """Go back one card."""
    return pop()
