"""Connecting a Close API key: checked against Close, kept, and the user's metadata warmed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from addon.close import CloseAuthError, CloseError
from addon.close.metadata import load_fields, load_org
from addon.gmail import is_valid_email
from addon.links import api_keys_url
from addon.registry import Context, action
from addon.screens.welcome import card
from addon.services import key_owner
from addon.store import UserSettings
from addon.store.models import MAX_ALIASES
from addon.ui.responses import Intent, update

KEY_TIPS = (
    "Paste the whole key (api_… then a dot and a secret part), not only the key ID.",
    "Close shows a new key only once; if you lost it, create another one.",
    "A key deleted in Close stops working at once.",
)


@action(needs_connection=False)
def connect(ctx: Context) -> Intent:
    """Check the pasted key against Close and keep it, or say why it was refused."""
    key = "".join(ctx.event.text("api_key").split())
    problem = _shape_problem(key)
    if problem:
        return _welcome_again(ctx, problem)
    client = ctx.services.close_client(key, deadline=ctx.deadline)
    try:
        me = client.me()
    except CloseAuthError:
        return _welcome_again(ctx, "Close did not accept this API key.")
    organizations = me.get("organizations") or []
    if not organizations:
        return _welcome_again(ctx, "This key is not part of any Close organization.")
    base = ctx.settings or UserSettings(user_id=ctx.user.sub)
    full_name = " ".join(p for p in (me.get("first_name"), me.get("last_name")) if p)
    settings = replace(
        base,
        api_key=key,
        google_email=ctx.user.email,
        close_user_id=me.get("id"),
        close_user_email=(me.get("email") or "").lower() or None,
        close_user_name=full_name or me.get("email"),
        close_org_id=organizations[0].get("id"),
        close_org_name=organizations[0].get("name"),
        aliases=_sending_addresses(me, base.aliases, ctx.user.email),
    )
    ctx.services.store.save(settings)
    _warm_metadata(ctx, key, settings.close_org_id)
    view = card.ConnectedView(
        user_name=settings.close_user_name or "",
        user_email=settings.close_user_email or "",
        org_name=settings.close_org_name or "",
        close_url=ctx.services.config.close_app_url,
    )
    return update(card.connected_card(view)).changed().with_notification("Connected to Close")


@action(needs_connection=False)
def show_welcome(ctx: Context) -> Intent:
    """Show the key form in place of the current card (used by Reconnect)."""
    view = card.WelcomeView(api_keys_url=api_keys_url(ctx.services.config))
    return update(card.welcome_card(view))


def _welcome_again(ctx: Context, problem: str) -> Intent:
    # The typed key is never echoed back into the form: no response ever carries a key.
    view = card.WelcomeView(
        api_keys_url=api_keys_url(ctx.services.config), error=problem, tips=KEY_TIPS
    )
    return update(card.welcome_card(view))


def _shape_problem(key: str) -> str | None:
    if not key:
        return "Paste your Close API key first."
    if key.startswith("api_") and "." not in key:
        return "This looks like the key ID only, without its secret part."
    if len(key) > 512:
        return "That is too long to be a Close API key."
    return None


def _warm_metadata(ctx: Context, key: str, org_id: str | None) -> None:
    # Knowing the coworkers before the first email opens means internal mail is
    # recognised without any call to Close, and known field definitions keep the first
    # record to its own calls. A failure here only delays that.
    if not org_id:
        return
    client = ctx.services.close_client(key, deadline=ctx.deadline)
    pool, caches, owner = ctx.services.pool, ctx.services.caches, key_owner(key)
    org = pool.submit(load_org, client, org_id, now=ctx.services.clock())
    fields = {kind: pool.submit(load_fields, client, kind) for kind in ("lead", "contact")}
    try:
        caches.org.put(owner, org_id, org.result())
        for kind, schema in fields.items():
            caches.fields.put(owner, kind, schema.result())
    except CloseError:
        return


def _sending_addresses(me: dict[str, Any], kept: tuple[str, ...], google: str) -> tuple[str, ...]:
    # The addresses the user sends from in Close count as theirs too, so mail sent from
    # them reads as sent; the user can edit the list in Settings.
    found = [
        str(identity.get("email") or "").lower()
        for account in me.get("email_accounts") or []
        for identity in account.get("identities") or []
    ]
    extra = [a for a in found if is_valid_email(a) and a not in (google.lower(), *kept)]
    return (*kept, *dict.fromkeys(extra))[:MAX_ALIASES]
