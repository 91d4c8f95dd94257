"""First run: what the add-on does, how to get a Close API key, and connecting with it.

A pasted key is checked against Close and kept, and the user's metadata is warmed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from addon.close import CloseAuthError, CloseError
from addon.close.metadata import load_fields, load_org
from addon.gmail import is_valid_email
from addon.links import api_keys_url
from addon.registry import Context, NoMessage, action, click
from addon.screens import home
from addon.screens import settings as settings_screen  # a module: it imports this one too
from addon.screens.record import handlers as record
from addon.services import key_owner
from addon.store import UserSettings
from addon.store.models import MAX_ALIASES
from addon.ui.responses import Intent, as_update, update
from addon.ui.widgets import (
    RED_TEXT,
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    footer,
    header,
    icon,
    open_link,
    paragraph,
    section,
    text_input,
    tinted,
)
from addon.upstream import UpstreamError

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
        return _welcome(ctx, problem)
    client = ctx.services.close_client(key, deadline=ctx.deadline)
    try:
        me = client.me()
    except CloseAuthError:
        return _welcome(ctx, "Close did not accept this API key.")
    organizations = me.get("organizations") or []
    if not organizations:
        return _welcome(ctx, "This key is not part of any Close organization.")
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
    return (
        _first_card(replace(ctx, settings=settings))
        .changed()
        .with_notification("Connected to Close")
    )


@action(needs_connection=False)
def show_welcome(ctx: Context) -> Intent:
    """Show the key form in place of the current card (used by Reconnect)."""
    return _welcome(ctx)


def _first_card(ctx: Context) -> Intent:
    """Show in the welcome card's place what the sidebar shows once connected.

    With an email open, its person; otherwise the homepage. The welcome card was the
    root of its stack: left as a confirmation, it would come back whenever the user
    returns to that stack.
    """
    try:
        if ctx.event.gmail is not None and ctx.event.gmail.message_id:
            return as_update(record.message(ctx))
        return as_update(home.homepage(ctx))
    except (NoMessage, UpstreamError):
        # Close or Gmail cannot answer right now; the key is kept all the same.
        settings = ctx.require_settings()
        return update(connected_card(settings, close_url=ctx.services.config.close_app_url))


def _welcome(ctx: Context, problem: str | None = None) -> Intent:
    # The typed key is never echoed back into the form: no response ever carries a key.
    return update(welcome_card(api_keys_url(ctx.services.config), error=problem))


def _shape_problem(key: str) -> str | None:
    if not key:
        return "Paste your Close API key first."
    if key.startswith("api_") and "." not in key:
        return "This looks like the key ID only, without its secret part."
    if len(key) > 512:
        return "That is too long to be a Close API key."
    if not (key.isascii() and key.isprintable()):  # nor could it go in an HTTP header
        return "That is not a Close API key: it has characters no key has."
    return None


def _warm_metadata(ctx: Context, key: str, org_id: str | None) -> None:
    # Knowing the coworkers before the first email opens means internal mail is
    # recognised without any call to Close, and known field definitions keep the first
    # record to its own calls. A failure here only delays that.
    if not org_id:
        return
    client = ctx.services.close_client(key, org_id=org_id, deadline=ctx.deadline)
    pool, caches, owner = ctx.services.pool, ctx.services.caches, key_owner(key)
    org = pool.submit(load_org, client, org_id, now=ctx.services.wall_clock())
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


def welcome_card(keys_url: str, *, error: str | None = None) -> Json:
    """Return the welcome card with the API key how-to, the key form and any problem."""
    problem = None
    if error:
        problem = section(
            paragraph(tinted(f"<b>{esc(error)}</b>", RED_TEXT)),
            *(paragraph(f"• {esc(tip)}") for tip in KEY_TIPS),
        )
    return card(
        section(
            paragraph(
                "See the Close lead or contact behind every email, with their opportunities, "
                "tasks and latest activity, and update Close without leaving Gmail."
            ),
            paragraph(
                "To connect, open Close and go to <b>Settings → Developer → API Keys</b>, "
                "click <b>+ New API Key</b>, then copy the whole key and paste it below."
            ),
            buttons(button("Open API keys in Close", open_link(keys_url))),
        ),
        problem or {},
        section(
            text_input(
                "api_key",
                "Close API key",
                hint="The full key: api_… with a dot and a secret part",
            ),
            paragraph(
                "<i>Your key is stored encrypted and used only to talk to Close for you. "
                "Disconnect in Settings at any time to delete it.</i>"
            ),
        ),
        header=header("Connect Close for Gmail", "Your Close CRM next to every email"),
        name="welcome",
        footer=footer(button("Connect", click(connect, required=["api_key"]))),
    )


def identity_section(settings: UserSettings) -> Json:
    """Return who the stored key connects as: the Close user and organization."""
    return section(
        decorated(
            esc(settings.close_user_name or ""),
            top="Connected as",
            bottom=esc(settings.close_user_email or ""),
            start_icon=icon("PERSON"),
        ),
        decorated(
            esc(settings.close_org_name or ""),
            top="Organization",
            start_icon=icon("MULTIPLE_PEOPLE"),
        ),
    )


def connected_card(settings: UserSettings, *, close_url: str) -> Json:
    """Return the confirmation shown once a key is checked and kept."""
    return card(
        identity_section(settings),
        section(
            paragraph(
                "Open any email to see the Close lead or contact behind it. "
                "Choose what the sidebar shows in Settings."
            ),
            buttons(
                button("Settings", click(settings_screen.show_settings)),
                button("Open Close", open_link(close_url)),
            ),
        ),
        header=header("Connected to Close", settings.close_org_name or ""),
        name="connected",
    )
