"""The Settings menu item: what the sidebar loads, how edits are sent, and disconnecting."""

from __future__ import annotations

from dataclasses import replace

from addon.registry import Context, action, trigger
from addon.screens.settings import card
from addon.screens.welcome import handlers as welcome
from addon.store import SECTIONS, SettingsError, UserSettings, parse_aliases
from addon.ui.responses import Intent, pop_to_root, push, update


@trigger
def menu_settings(ctx: Context) -> Intent:
    """Show settings from the add-on menu."""
    return push(card.settings_card(_view(ctx.require_settings())))


@action
def show_settings(ctx: Context) -> Intent:
    """Show settings from a button."""
    return push(card.settings_card(_view(ctx.require_settings())))


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
        typed = _view(current)
        return update(card.settings_card(replace(typed, aliases_text=aliases_text, error=str(exc))))
    ctx.services.store.save(changed)
    return update(card.settings_card(_view(changed))).changed().with_notification("Settings saved")


@action
def confirm_disconnect(ctx: Context) -> Intent:
    """Ask before deleting the stored key."""
    return push(card.disconnect_card(ctx.require_settings().close_org_name or "Close"))


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


def _view(settings: UserSettings) -> card.SettingsView:
    return card.SettingsView(
        user_name=settings.close_user_name or "",
        user_email=settings.close_user_email or "",
        org_name=settings.close_org_name or "",
        view=settings.view,
        sections=frozenset(settings.sections),
        activities_per_page=settings.activities_per_page,
        immediate_updates=settings.immediate_updates,
        create_initial_opportunity=settings.create_initial_opportunity,
        aliases_text="\n".join(settings.aliases),
    )
