"""The homepage, message and compose triggers."""

from __future__ import annotations

from addon.cards.responses import Intent, push
from addon.cards.welcome import ConnectedView, connected_card
from addon.registry import Context, trigger


@trigger("homepage")
def homepage(ctx: Context) -> Intent:
    """Show the add-on's home card."""
    return push(connected_card(_connected(ctx)))


@trigger("message")
def message(ctx: Context) -> Intent:
    """Show the Close records behind the open email."""
    return push(connected_card(_connected(ctx)))


@trigger("compose")
def compose(ctx: Context) -> Intent:
    """Show the compose tools."""
    return push(connected_card(_connected(ctx)))


def _connected(ctx: Context) -> ConnectedView:
    settings = ctx.require_settings()
    return ConnectedView(
        user_name=settings.close_user_name or "",
        user_email=settings.close_user_email or "",
        org_name=settings.close_org_name or "",
        close_url=ctx.services.config.close_app_url,
    )
