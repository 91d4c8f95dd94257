"""First-run cards: what the add-on does, how to get a Close API key, and connecting."""

from __future__ import annotations

from dataclasses import dataclass

from addon.registry import click
from addon.screens.settings import handlers as settings
from addon.screens.welcome import handlers  # a module, not names: the handlers import this too
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

WELCOME_CARD = "welcome"


@dataclass(frozen=True)
class WelcomeView:
    """What the welcome card needs: where keys live in Close and an optional problem."""

    api_keys_url: str
    error: str | None = None
    tips: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConnectedView:
    """Who the stored key connects as."""

    user_name: str
    user_email: str
    org_name: str
    close_url: str


def welcome_card(view: WelcomeView) -> Json:
    """Return the welcome card with the API key how-to and the key form."""
    problem = None
    if view.error:
        problem = section(
            paragraph(tinted(f"<b>{esc(view.error)}</b>", RED_TEXT)),
            *(paragraph(f"• {esc(tip)}") for tip in view.tips),
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
            buttons(button("Open API keys in Close", open_link(view.api_keys_url))),
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
        name=WELCOME_CARD,
        footer=footer(button("Connect", click(handlers.connect, required=["api_key"]))),
    )


def identity_section(user_name: str, user_email: str, org_name: str) -> Json:
    """Return who the stored key connects as: the Close user and organization."""
    return section(
        decorated(
            esc(user_name), top="Connected as", bottom=esc(user_email), start_icon=icon("PERSON")
        ),
        decorated(esc(org_name), top="Organization", start_icon=icon("MULTIPLE_PEOPLE")),
    )


def connected_card(view: ConnectedView) -> Json:
    """Return the confirmation shown once a key is checked and kept."""
    return card(
        identity_section(view.user_name, view.user_email, view.org_name),
        section(
            paragraph(
                "Open any email to see the Close lead or contact behind it. "
                "Choose what the sidebar shows in Settings."
            ),
            buttons(
                button("Settings", click(settings.show_settings)),
                button("Open Close", open_link(view.close_url)),
            ),
        ),
        header=header("Connected to Close", view.org_name),
        name="connected",
    )
