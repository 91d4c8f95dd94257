"""The framework-free core: one verified event in, one rendered response out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from addon import screens  # noqa: F401  (registers every handler)
from addon.auth import GoogleUser
from addon.deferred import Deferred
from addon.errors import intent_for_error
from addon.events import Event
from addon.lookup import read_headers, read_user_rows
from addon.registry import Args, Context, Registration, registry
from addon.services import Services
from addon.ui.responses import Intent, RouteKind, envelope, to_json
from addon.upstream import once_sent


@dataclass(frozen=True)
class Outcome:
    """The rendered response and a short word for the log line."""

    body: str  # JSON text, ready to send
    result: str


def handle(
    services: Services,
    kind: RouteKind,
    name: str,
    event: Event,
    user: GoogleUser,
    *,
    query: Mapping[str, str] | None = None,
) -> Outcome:
    """Run the handler registered for (kind, name) and render its answer for the route.

    A button's arguments arrive in its URL's query (see `registry.click`); parameters in
    the event, from cards built before that, are read too.
    """
    registration = registry.lookup(kind, name)
    # BadArguments: a 400, before anything runs.
    args = registration.parse({**event.parameters, **(query or {})})
    deadline = services.new_deadline()
    headers = None
    # A stored key that no configured secret decrypts comes back as None: "reconnect".
    if registration.reads_message:
        # This thread asks Gmail for the open email's headers at once (no handoff), and
        # once that request is out, a worker reads the user's rows from the store.
        rows = Deferred(services.pool, lambda: read_user_rows(services, user.sub))
        with once_sent(rows.start):
            headers = read_headers(services, user.sub, event, deadline)
        settings = rows.result()
    else:
        settings = services.store.get(user.sub)
    ctx = Context(
        event=event,
        user=user,
        settings=settings,
        services=services,
        kind=kind,
        deadline=deadline,
        name=name,
        headers=headers,
    )
    intent, result = run(registration, ctx, args)
    body = to_json(envelope(intent, kind), public_url=services.config.public_url)
    return Outcome(body, result)


def run(registration: Registration, ctx: Context, args: Args | None) -> tuple[Intent, str]:
    """Call a handler, mapping anything it raises to an error card."""
    try:
        if registration.needs_connection:
            ctx.require_settings()
        return registration.call(ctx, args), "ok"
    except Exception as exc:
        return intent_for_error(exc, ctx), type(exc).__name__
