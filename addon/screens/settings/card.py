"""The settings card and the disconnect confirmation."""

from __future__ import annotations

from dataclasses import dataclass

from addon.registry import click
from addon.screens.error import back
from addon.screens.settings import handlers  # a module, not names: the handlers import this too
from addon.screens.welcome import card as welcome
from addon.ui.widgets import (
    DANGER_RED,
    RED_TEXT,
    Json,
    button,
    buttons,
    card,
    decorated,
    esc,
    footer,
    header,
    paragraph,
    section,
    selection,
    switch,
    text_input,
    tinted,
)

SETTINGS_CARD = "settings"

SECTION_LABELS = {
    "opportunities": "Opportunities",
    "tasks": "Tasks",
    "contacts": "Other contacts on the lead",
    "custom_fields": "Custom fields",
    "activities": "Activities",
}
PAGE_SIZES = (3, 5, 8, 10, 15, 20, 25)


@dataclass(frozen=True)
class SettingsView:
    """The values the settings form shows (stored ones, or what the user just typed)."""

    user_name: str
    user_email: str
    org_name: str
    view: str
    sections: frozenset[str]
    activities_per_page: int
    immediate_updates: bool
    create_initial_opportunity: bool
    aliases_text: str
    error: str | None = None


def settings_card(view: SettingsView) -> Json:
    """Return the settings form."""
    sizes = sorted({*PAGE_SIZES, view.activities_per_page})
    return card(
        section(paragraph(tinted(f"<b>{esc(view.error)}</b>", RED_TEXT))) if view.error else {},
        welcome.identity_section(view.user_name, view.user_email, view.org_name),
        section(
            selection(
                "view",
                "Show people as",
                [
                    ("Leads (the company and its deals)", "lead"),
                    ("Contacts (the person)", "contact"),
                ],
                selected=[view.view],
                kind="RADIO_BUTTON",
            ),
            selection(
                "sections",
                "Load these sections (fewer is faster)",
                list((label, key) for key, label in SECTION_LABELS.items()),
                selected=view.sections,
                kind="CHECK_BOX",
            ),
            selection(
                "activities_per_page",
                "Activities per page",
                [(str(n), str(n)) for n in sizes],
                selected=[str(view.activities_per_page)],
            ),
            title="Sidebar",
        ),
        section(
            decorated(
                "Save each change immediately",
                bottom="Off: edits wait, then you send them together (bulk updates)",
                switch=switch("immediate_updates", selected=view.immediate_updates),
            ),
            decorated(
                "Create an opportunity with new leads",
                bottom="Adds opportunity fields to the Add to Close form",
                switch=switch(
                    "create_initial_opportunity", selected=view.create_initial_opportunity
                ),
            ),
            title="Editing",
        ),
        section(
            text_input(
                "aliases",
                "My other email addresses",
                value=view.aliases_text,
                hint="One per line. Mail from these counts as sent by you.",
                multiline=True,
            ),
            title="You",
        ),
        header=header("Settings", "Close for Gmail"),
        name=SETTINGS_CARD,
        footer=footer(
            button("Save", click(handlers.save_settings, persist_values=True)),
            button("Disconnect", click(handlers.confirm_disconnect)),
        ),
    )


def disconnect_card(org_name: str) -> Json:
    """Return the confirmation that names what disconnecting deletes."""
    return card(
        section(
            paragraph(
                f"Disconnect from <b>{esc(org_name)}</b>? Your stored Close API key and your "
                "settings are deleted from Close for Gmail. Nothing changes in Close; "
                "to revoke the key itself, delete it in Close."
            ),
            buttons(
                button("Disconnect", click(handlers.disconnect), color=DANGER_RED),
                button("Cancel", click(back)),
            ),
        ),
        header=header("Disconnect?"),
        name="disconnect",
    )
