"""Links into the Close web app, built from the configured app URL."""

from __future__ import annotations

from addon.config import Config


def api_keys_url(config: Config) -> str:
    """Return where users create API keys in Close."""
    return config.close_app_url + "settings/developer/api-keys/"


def lead_url(config: Config, lead_id: str) -> str:
    """Return the lead's page in Close (contacts and opportunities live on it too)."""
    return f"{config.close_app_url}lead/{lead_id}/"


def templates_url(config: Config) -> str:
    """Return the email templates page in Close."""
    return config.close_app_url + "settings/templates/email/"
