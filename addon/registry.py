"""Named handlers for triggers and button callbacks, and the context they receive.

Triggers are the routes Gmail calls by itself (homepage, message, compose, menu items);
actions are the buttons on our cards, posted to `/actions/<name>`. Both register here by
name; an unknown name is a typed error the web layer answers with a 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from addon.cards.format import Formatter
from addon.cards.responses import Intent, RouteKind
from addon.events import Event
from addon.google_auth import GoogleUser

if TYPE_CHECKING:
    from addon.close_client import CloseClient
    from addon.services import Services
    from addon.settings import UserSettings

_NAME = re.compile(r"^[a-z][a-z0-9_]{1,47}$")


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
    name: str = ""

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
        key = self.require_settings().api_key or ""
        return self.services.close_client(key, deadline=self.deadline)


Handler = Callable[[Context], Intent]


@dataclass(frozen=True)
class Registration:
    handler: Handler
    needs_connection: bool


@dataclass
class Registry:
    """Handlers by route kind and name."""

    triggers: dict[str, Registration] = field(default_factory=dict)
    actions: dict[str, Registration] = field(default_factory=dict)

    def trigger(self, name: str, *, needs_connection: bool = True) -> Callable[[Handler], Handler]:
        """Register a trigger handler (homepage, message, compose, menu_<item>)."""
        return self._register(self.triggers, name, needs_connection)

    def action(self, name: str, *, needs_connection: bool = True) -> Callable[[Handler], Handler]:
        """Register a button-callback handler served at /actions/<name>."""
        return self._register(self.actions, name, needs_connection)

    def lookup(self, kind: RouteKind, name: str) -> Registration:
        """Return the registration for a name, or raise UnknownAction."""
        table = self.triggers if kind == "trigger" else self.actions
        try:
            return table[name]
        except KeyError:
            raise UnknownAction(name) from None

    @staticmethod
    def _register(
        table: dict[str, Registration], name: str, needs_connection: bool
    ) -> Callable[[Handler], Handler]:
        if not _NAME.match(name):
            raise ValueError(f"handler name {name!r} must be lower_snake_case")
        if name in table:
            raise ValueError(f"handler {name!r} is registered twice")

        def decorate(handler: Handler) -> Handler:
            table[name] = Registration(handler, needs_connection)
            return handler

        return decorate


registry = Registry()
trigger = registry.trigger
action = registry.action
