"""Handlers: one module per area, each registering its triggers and actions on import."""

from addon.handlers import compose, help, home, settings, sidebar, welcome

__all__ = ["compose", "help", "home", "settings", "sidebar", "welcome"]
