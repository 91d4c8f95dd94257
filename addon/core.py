"""The framework-free core: one verified event in, one rendered response out."""

from __future__ import annotations

from collections.abc import Mapping

from addon import screens  # noqa: F401  (registers every handler)
from addon.auth import GoogleUser
from addon.errors import intent_for_error
from addon.events import Event
from addon.registry import Args, BadArguments, Context, Registration, registry
from addon.services import Services
from addon.ui.responses import Intent, RouteKind, envelope, to_json


def handle(
    services: Services,
    kind: RouteKind,
    name: str,
    event: Event,
    user: GoogleUser,
    query: Mapping[str, str],
) -> tuple[str, str]:
    """Run the handler registered for (kind, name): its answer as JSON, and a word for the log.

    A button's arguments arrive in its URL's query (see `registry.click`); parameters in
    the event, from cards built before that, are read too.
    """
    registration = registry.lookup(kind, name)
    # BadArguments: a 400, before anything runs.
    args = registration.parse({**event.parameters, **query})
    ctx = Context(
        event=event,
        user=user,
        # A stored key that no configured secret decrypts comes back as None: "reconnect".
        settings=services.store.get(user.sub),
        services=services,
        kind=kind,
        deadline=services.clock() + services.config.request_deadline_seconds,
        name=name,
    )
    intent, result = run(registration, ctx, args)
    return to_json(envelope(intent, kind), public_url=services.config.public_url), result


def run(registration: Registration, ctx: Context, args: Args | None) -> tuple[Intent, str]:
    """Call a handler, mapping anything it raises to an error card (BadArguments: a 400)."""
    try:
        if registration.needs_connection:
            ctx.require_settings()
        return registration.call(ctx, args), "ok"
    except BadArguments:
        # Arguments that parse but name nothing the handler can act on (a field no card
        # edits): a 400, as for arguments that do not parse; no card, no bug.
        raise
    except Exception as exc:
        return intent_for_error(exc, ctx, args), type(exc).__name__
