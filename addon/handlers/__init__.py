"""Handlers: one module per area, each registering its triggers and actions on import."""

from addon.handlers import help, home, settings, sidebar, welcome

__all__ = ["help", "home", "settings", "sidebar", "welcome"]
