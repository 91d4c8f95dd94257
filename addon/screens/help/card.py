"""The help card: what the add-on shows, where data goes, and where to get help."""

from __future__ import annotations

from dataclasses import dataclass

from addon.ui.widgets import Json, button, buttons, card, header, open_link, paragraph, section


@dataclass(frozen=True)
class HelpView:
    """Links the help card points to."""

    help_url: str
    api_keys_url: str
    connected: bool


def help_card(view: HelpView) -> Json:
    """Return the help card."""
    return card(
        section(
            paragraph(
                "<b>What you see.</b> When you open an email, the sidebar shows the Close lead or "
                "contact behind the sender (or the person you wrote to), with opportunities, "
                "tasks, custom fields and recent activity. Mail between coworkers is never "
                "looked up."
            ),
            paragraph(
                "<b>Your data.</b> The add-on reads only the headers of the open email (who, "
                "subject, date). Your Close API key is stored encrypted and never shown again."
            ),
            paragraph(
                "<b>Key trouble?</b> Paste the whole key, not the key ID. A key deleted in "
                "Close stops working at once: create a new one and reconnect."
            ),
            title="How it works",
        ),
        section(
            buttons(
                button("Close API keys", open_link(view.api_keys_url)),
                button("Help center", open_link(view.help_url)),
            ),
        ),
        header=header("Help", "Close for Gmail"),
        name="help",
    )
