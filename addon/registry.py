"""Handlers by reference, their arguments typed, and the context they receive.

Triggers are the routes Gmail calls by itself (homepage, message, compose, menu items);
actions are the buttons on our cards, posted to `/actions/<name>`. A handler registers
under its own function name; a button names the handler function itself
(`click(edit_field, FieldArgs(...))`), so go-to-definition from a button lands on its
handler and mypy checks the button's arguments against what the handler takes.

Parameters come back from Gmail as the card sent them, but a card can be old and a
request forged: they are parsed into the handler's `Args` model once, before it runs, and
anything missing or malformed is a 400 with a short reason, never a generic error card.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, overload
from urllib.parse import urlencode

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from addon.auth import GoogleUser
from addon.events import Event
from addon.ui.format import Formatter
from addon.ui.responses import Intent, RouteKind
from addon.ui.widgets import Json

if TYPE_CHECKING:
    from addon.close import CloseClient
    from addon.services import Services
    from addon.store import UserSettings

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
MAX_PARAMETER = 2_000  # longer than any value a card of ours carries
QUERY_SAFE = "@,:"  # legal in a query as they are; addresses and ids stay readable


class UnknownAction(LookupError):
    """No handler is registered under the requested name."""


class NotConnected(Exception):
    """The user has no Close API key stored yet."""


class NoMessage(Exception):
    """The event carries no open message, or not the tokens needed to read it."""


@dataclass
class Context:
    """Everything one handler call may use: the event, the user and the services."""

    event: Event
    user: GoogleUser
    settings: UserSettings | None
    services: Services
    kind: RouteKind
    deadline: float
    name: str

    def require_settings(self) -> UserSettings:
        """Return the user's settings with a Close key, or raise NotConnected."""
        if self.settings is None or not self.settings.api_key:
            raise NotConnected()
        return self.settings

    @cached_property
    def formatter(self) -> Formatter:
        """Return date, time and money formatting in the user's time zone and locale."""
        return Formatter.for_user(self.event.timezone_id, self.event.locale)

    @cached_property
    def close(self) -> CloseClient:
        """Return a Close client for this user, bound to this request's deadline."""
        settings = self.require_settings()
        return self.services.close_client(
            settings.api_key or "", org_id=settings.close_org_id, deadline=self.deadline
        )


A = TypeVar("A", bound="Args")
H = TypeVar("H", bound=Callable[..., Intent])


class Args(BaseModel):
    """The parameters a button carries to its handler, typed.

    Parameters travel as strings. A field left at its default is not sent at all, which
    keeps cards small; the handler gets the default back. Unknown parameters (from a card
    built by an older version) are ignored.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", str_max_length=MAX_PARAMETER)

    def params(self) -> dict[str, str]:
        """Return the parameters for a card's action: strings, defaults left out.

        A field may travel under a short name (see `short`); it is read under either.
        """
        dumped = self.model_dump(mode="json", by_alias=True, exclude_defaults=True)
        return {key: _as_text(value) for key, value in dumped.items()}


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def short(wire: str, name: str, **field: Any) -> Any:
    """Return a field that travels as `wire` in a button's URL and is read under either name.

    The fields every button of a record card carries go by one letter: dozens of buttons
    carry them, and a card must stay small.
    """
    return Field(validation_alias=AliasChoices(wire, name), serialization_alias=wire, **field)


class BadArguments(ValueError):
    """A button's parameters do not fit its handler's arguments; the text is safe to show."""


@dataclass(frozen=True)
class Registration:
    """One handler: the name it is served under, what it takes, and whether it needs Close."""

    name: str
    handler: Callable[..., Intent]
    args: type[Args] | None
    needs_connection: bool

    def parse(self, parameters: Mapping[str, str]) -> Args | None:
        """Return the handler's arguments from a button's parameters (BadArguments if unfit)."""
        return parse_args(self.args, parameters) if self.args is not None else None

    def call(self, ctx: Context, args: Args | None) -> Intent:
        return self.handler(ctx) if args is None else self.handler(ctx, args)


def parse_args(model: type[A], parameters: Mapping[str, str]) -> A:
    """Return typed arguments, or raise BadArguments naming the first problem."""
    try:
        return model.model_validate(dict(parameters))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "parameters"
        raise BadArguments(f"{where}: {first['msg']}") from None


@dataclass
class Registry:
    """Handlers by route kind and name."""

    triggers: dict[str, Registration] = field(default_factory=dict)
    actions: dict[str, Registration] = field(default_factory=dict)

    def lookup(self, kind: RouteKind, name: str) -> Registration:
        """Return the registration for a name, or raise UnknownAction."""
        table = self.triggers if kind == "trigger" else self.actions
        try:
            return table[name]
        except KeyError:
            raise UnknownAction(f"no such action: {name}") from None

    def name_of(self, handler: Callable[..., Intent]) -> str:
        """Return the name an action is served under (a button to anything else is a bug)."""
        found = self.actions.get(handler.__name__)
        if found is None or found.handler is not handler:
            raise LookupError(f"{handler.__qualname__} is not a registered handler")
        return found.name

    def add(self, kind: RouteKind, handler: Callable[..., Intent], needs_connection: bool) -> None:
        """Register a handler under its own function name; two of one name are refused."""
        name = handler.__name__
        if not _NAME.match(name):
            raise ValueError(f"handler name {name!r} must be lower_snake_case")
        table = self.triggers if kind == "trigger" else self.actions
        if name in table:
            raise ValueError(f"two handlers are named {name!r}; rename one")
        table[name] = Registration(name, handler, _args_model(handler), needs_connection)


def _args_model(handler: Callable[..., Intent]) -> type[Args] | None:
    # A handler takes (ctx) or (ctx, args); the annotation of `args` names its model.
    parameters = list(inspect.signature(handler).parameters)
    if len(parameters) == 1:
        return None
    model = typing.get_type_hints(handler).get(parameters[-1])
    if len(parameters) != 2 or not (isinstance(model, type) and issubclass(model, Args)):
        raise TypeError(f"{handler.__qualname__} must take (ctx) or (ctx, args: an Args model)")
    return model


registry = Registry()


@overload
def action(handler: H, /) -> H: ...
@overload
def action(*, needs_connection: bool = True) -> Callable[[H], H]: ...
def action(handler: H | None = None, /, *, needs_connection: bool = True) -> H | Callable[[H], H]:
    """Register a button's handler, served at `/actions/<its function name>`."""
    return _registrar("callback", handler, needs_connection)


@overload
def trigger(handler: H, /) -> H: ...
@overload
def trigger(*, needs_connection: bool = True) -> Callable[[H], H]: ...
def trigger(handler: H | None = None, /, *, needs_connection: bool = True) -> H | Callable[[H], H]:
    """Register a route Gmail calls by itself: homepage, message, compose, menu_<item>."""
    return _registrar("trigger", handler, needs_connection)


def _registrar(kind: RouteKind, handler: H | None, needs_connection: bool) -> H | Callable[[H], H]:
    def register(fn: H) -> H:
        registry.add(kind, fn, needs_connection)
        return fn

    return register(handler) if handler is not None else register


@overload
def click(
    handler: Callable[[Context], Intent],
    *,
    persist_values: bool = False,
    spinner: bool = True,
    required: Sequence[str] = (),
) -> Json: ...
@overload
def click(
    handler: Callable[[Context, A], Intent],
    args: A,
    *,
    persist_values: bool = False,
    spinner: bool = True,
    required: Sequence[str] = (),
) -> Json: ...
def click(
    handler: Callable[..., Intent],
    args: Args | None = None,
    *,
    persist_values: bool = False,
    spinner: bool = True,
    required: Sequence[str] = (),
) -> Json:
    """Return an onClick that posts to `handler`, with `args` in the URL's query.

    Google calls the function URL as given, query included, and signs the request for
    that exact URL, so the arguments come back untouched; in the query they cost a
    fraction of Action.parameters' key/value objects, which matters on a record card
    with dozens of buttons.
    """
    name = registry.name_of(handler)
    query = urlencode(args.params(), safe=QUERY_SAFE) if args is not None else ""
    # Written relative: the envelope puts the deployment's public URL in front.
    body: Json = {"function": f"actions/{name}?{query}" if query else f"actions/{name}"}
    if persist_values:
        body["persistValues"] = True
    if not spinner:
        body["loadIndicator"] = "NONE"
    if required:
        body["requiredWidgets"] = list(required)
    return {"action": body}
