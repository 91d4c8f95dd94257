"""The framework-free core: one verified event in, one rendered response out."""

from __future__ import annotations

from dataclasses import dataclass

from addon import handlers  # noqa: F401  (registers every handler)
from addon.cards.responses import Intent, RouteKind, envelope, to_json
from addon.errors import intent_for_error
from addon.events import Event
from addon.google_auth import GoogleUser
from addon.registry import Context, Registration, registry
from addon.services import Services


@dataclass(frozen=True)
class Outcome:
    """The rendered response and a short word for the log line."""

    body: str  # JSON text, ready to send
    result: str


def handle(
    services: Services, kind: RouteKind, name: str, event: Event, user: GoogleUser
) -> Outcome:
    """Run the handler registered for (kind, name) and render its answer for the route."""
    registration = registry.lookup(kind, name)
    ctx = Context(
        event=event,
        user=user,
        # A stored key that no configured secret decrypts comes back as None: "reconnect".
        settings=services.store.get(user.sub),
        services=services,
        kind=kind,
        deadline=services.new_deadline(),
        name=name,
    )
    intent, result = run(registration, ctx)
    body = to_json(envelope(intent, kind), public_url=services.config.public_url)
    return Outcome(body, result)


def run(registration: Registration, ctx: Context) -> tuple[Intent, str]:
    """Call a handler, mapping anything it raises to an error card."""
    try:
        if registration.needs_connection:
            ctx.require_settings()
        return registration.handler(ctx), "ok"
    except Exception as exc:
        return intent_for_error(exc, ctx), type(exc).__name__
