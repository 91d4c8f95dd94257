"""Per-user settings, stored with the Close API key encrypted at rest."""

from addon.store.cached import CachedSettingsStore
from addon.store.crypto import KeyRing, KeyRingError, generate_key
from addon.store.engine import DEFAULT_DATABASE_URL, make_engine, normalise_url
from addon.store.forms import Claim, FormLedger
from addon.store.logged import LoggedEmails
from addon.store.models import (
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
from addon.store.schema import metadata, user_settings
from addon.store.staged import StagedChange, StagedChanges
from addon.store.store import SettingsStore, SqlSettingsStore, create_tables

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
