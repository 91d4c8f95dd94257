"""The Help menu item: what the add-on shows, where data goes, and where to get help."""

from __future__ import annotations

from addon.links import api_keys_url
from addon.registry import Context, trigger
from addon.ui.responses import Intent, push
from addon.ui.widgets import Json, button, buttons, card, header, open_link, paragraph, section


@trigger(needs_connection=False)
def menu_help(ctx: Context) -> Intent:
    """Show help from the add-on menu."""
    config = ctx.services.config
    return push(help_card(help_url=config.help_url, keys_url=api_keys_url(config)))


def help_card(*, help_url: str, keys_url: str) -> Json:
    return card(
        section(
            paragraph(
                "<b>What you see.</b> When you open an email, the sidebar shows the Close lead or "
                "contact behind the sender (or the person you wrote to), with opportunities, "
                "tasks, custom fields and recent activity. Mail between coworkers is never "
                "looked up."
            ),
            paragraph(
                "<b>Your data.</b> To find the person in Close, the add-on reads only the "
                "headers of the open email (who, subject, date). It reads the email's text "
                "only when you click Log email. Your Close API key is stored encrypted and "
                "never shown again."
            ),
            paragraph(
                "<b>Key trouble?</b> Paste the whole key, not the key ID. A key deleted in "
                "Close stops working at once: create a new one and reconnect."
            ),
            title="How it works",
        ),
        section(
            buttons(
                button("Close API keys", open_link(keys_url)),
                button("Help center", open_link(help_url)),
            ),
        ),
        header=header("Help", "Close for Gmail"),
        name="help",
    )
