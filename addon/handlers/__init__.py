"""Handlers: one module per area, each registering its triggers and actions on import."""

from addon.handlers import (
    actions,
    compose,
    create,
    edit,
    edit_deals,
    help,
    home,
    remove,
    settings,
    sidebar,
    staged,
    welcome,
)

__all__ = [
    "actions",
    "compose",
    "create",
    "edit",
    "edit_deals",
    "help",
    "home",
    "remove",
    "settings",
    "sidebar",
    "staged",
    "welcome",
]
