"""Per-user settings, stored with the Close API key encrypted at rest."""

from addon.settings.cached import CachedSettingsStore
from addon.settings.crypto import KeyRing, KeyRingError, generate_key
from addon.settings.engine import DEFAULT_DATABASE_URL, make_engine, normalise_url
from addon.settings.forms import Claim, FormLedger
from addon.settings.logged import LoggedEmails
from addon.settings.models import (
    MAX_ACTIVITIES_PER_PAGE,
    MIN_ACTIVITIES_PER_PAGE,
    SECTIONS,
    VIEWS,
    SettingsError,
    UserSettings,
    View,
    normalise_aliases,
    parse_aliases,
)
from addon.settings.schema import metadata, user_settings
from addon.settings.staged import StagedChange, StagedChanges
from addon.settings.store import SettingsStore, SqlSettingsStore, create_tables

__all__ = [
    "DEFAULT_DATABASE_URL",
    "MAX_ACTIVITIES_PER_PAGE",
    "MIN_ACTIVITIES_PER_PAGE",
    "SECTIONS",
    "VIEWS",
    "CachedSettingsStore",
    "Claim",
    "FormLedger",
    "KeyRing",
    "KeyRingError",
    "LoggedEmails",
    "SettingsError",
    "SettingsStore",
    "SqlSettingsStore",
    "StagedChange",
    "StagedChanges",
    "UserSettings",
    "View",
    "create_tables",
    "generate_key",
    "make_engine",
    "metadata",
    "normalise_aliases",
    "normalise_url",
    "parse_aliases",
    "user_settings",
]
