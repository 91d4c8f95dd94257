"""The Settings menu item: what the sidebar loads, how edits are sent, and disconnecting."""

from __future__ import annotations

from dataclasses import replace

from addon.registry import Context, NoMessage, action, click, trigger
from addon.screens import welcome  # a module: it imports this one too
from addon.screens.error import back
from addon.screens.record.handlers import person_card
from addon.store import SECTIONS, SettingsError, UserSettings, parse_aliases
from addon.ui.responses import Intent, pop_to_root, push, update
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
from addon.upstream import UpstreamError

SECTION_LABELS = {
    "opportunities": "Opportunities",
    "tasks": "Tasks",
    "contacts": "Other contacts on the lead",
    "custom_fields": "Custom fields",
    "activities": "Activities",
}
PAGE_SIZES = (3, 5, 8, 10, 15, 20, 25)


@trigger
def menu_settings(ctx: Context) -> Intent:
    """Show settings from the add-on menu."""
    return push(settings_card(ctx.require_settings()))


@action
def show_settings(ctx: Context) -> Intent:
    """Show settings from a button."""
    return push(settings_card(ctx.require_settings()))


@action
def save_settings(ctx: Context) -> Intent:
    """Validate and keep the submitted settings; on a problem, show the form as typed."""
    current = ctx.require_settings()
    event = ctx.event
    aliases_text = event.text("aliases")
    try:
        per_page = int(event.text("activities_per_page") or current.activities_per_page)
        changed = replace(
            current,
            view="contact" if event.text("view") == "contact" else "lead",
            sections=frozenset(s for s in event.texts("sections") if s in SECTIONS),
            activities_per_page=per_page,
            immediate_updates=event.has_input("immediate_updates"),
            create_initial_opportunity=event.has_input("create_initial_opportunity"),
            aliases=parse_aliases(aliases_text),
        )
    except (SettingsError, ValueError) as exc:
        return update(settings_card(current, typed_aliases=aliases_text, error=str(exc)))
    ctx.services.store.save(changed)
    saved = settings_card(changed)
    return _rebuilt_underneath(replace(ctx, settings=changed), saved).with_notification(
        "Settings saved"
    )


def _rebuilt_underneath(ctx: Context, saved: Json) -> Intent:
    """Show the saved settings over the open email's card, rebuilt with them.

    Gmail keeps the cards of this stack as they were drawn; `stateChanged` only makes it
    reload the other stack. Google's navigation guide has cards of the same context
    re-rendered by navigation instead, so the email's card (the root of its stack) is
    rebuilt here, and Back from settings shows the new layout at once.
    """
    try:
        fresh = person_card(ctx, email=None, index=0)
    except (NoMessage, UpstreamError):
        # No email open (the homepage, which settings do not change), or Close cannot
        # answer now: the email's card follows the settings when it is next opened.
        return update(saved).changed()
    return pop_to_root().then(update(fresh)).then(push(saved)).changed()


@action
def confirm_disconnect(ctx: Context) -> Intent:
    """Ask before deleting the stored key."""
    return push(disconnect_card(ctx.require_settings().close_org_name or "Close"))


@action(needs_connection=False)
def disconnect(ctx: Context) -> Intent:
    """Delete the user's stored key and settings, then show the welcome card."""
    ctx.services.store.delete(ctx.user.sub)
    return (
        pop_to_root()
        .then(welcome.show_welcome(ctx))
        .changed()
        .with_notification("Disconnected. Your Close API key was deleted.")
    )


def settings_card(
    settings: UserSettings, *, typed_aliases: str | None = None, error: str | None = None
) -> Json:
    """Return the settings form: the stored settings, or the aliases as typed and a problem."""
    aliases = "\n".join(settings.aliases) if typed_aliases is None else typed_aliases
    sizes = sorted({*PAGE_SIZES, settings.activities_per_page})
    return card(
        section(paragraph(tinted(f"<b>{esc(error)}</b>", RED_TEXT))) if error else {},
        welcome.identity_section(settings),
        section(
            selection(
                "view",
                "Show people as",
                [
                    ("Leads (the company and its deals)", "lead"),
                    ("Contacts (the person)", "contact"),
                ],
                selected=[settings.view],
                kind="RADIO_BUTTON",
            ),
            selection(
                "sections",
                "Load these sections (fewer is faster)",
                list((label, key) for key, label in SECTION_LABELS.items()),
                selected=settings.sections,
                kind="CHECK_BOX",
            ),
            selection(
                "activities_per_page",
                "Activities per page",
                [(str(n), str(n)) for n in sizes],
                selected=[str(settings.activities_per_page)],
            ),
            title="Sidebar",
        ),
        section(
            decorated(
                "Save each change immediately",
                bottom="Off: edits wait, then you send them together (bulk updates)",
                switch=switch("immediate_updates", selected=settings.immediate_updates),
            ),
            decorated(
                "Create an opportunity with new leads",
                bottom="Adds opportunity fields to the Add to Close form",
                switch=switch(
                    "create_initial_opportunity", selected=settings.create_initial_opportunity
                ),
            ),
            title="Editing",
        ),
        section(
            text_input(
                "aliases",
                "My other email addresses",
                value=aliases,
                hint="One per line. Mail from these counts as sent by you.",
                multiline=True,
            ),
            title="You",
        ),
        header=header("Settings", "Close for Gmail"),
        name="settings",
        footer=footer(
            button("Save", click(save_settings, persist_values=True)),
            button("Disconnect", click(confirm_disconnect)),
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
                button("Disconnect", click(disconnect), color=DANGER_RED),
                button("Cancel", click(back)),
            ),
        ),
        header=header("Disconnect?"),
        name="disconnect",
    )
