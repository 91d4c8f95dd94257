"""The Help menu item."""

from __future__ import annotations

from addon.links import api_keys_url
from addon.registry import Context, action, trigger
from addon.screens.help.card import HelpView, help_card
from addon.ui.responses import Intent, push


@trigger(needs_connection=False)
def menu_help(ctx: Context) -> Intent:
    """Show help from the add-on menu."""
    return push(help_card(_view(ctx)))


@action(needs_connection=False)
def show_help(ctx: Context) -> Intent:
    """Show help from a button."""
    return push(help_card(_view(ctx)))


def _view(ctx: Context) -> HelpView:
    return HelpView(
        help_url=ctx.services.config.help_url,
        api_keys_url=api_keys_url(ctx.services.config),
        connected=ctx.settings is not None and bool(ctx.settings.api_key),
    )
