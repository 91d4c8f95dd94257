"""Per-user settings, stored with the Close API key encrypted at rest."""

from addon.store.crypto import KeyRing, generate_key
from addon.store.engine import make_engine
from addon.store.forms import FormLedger
from addon.store.logged import LoggedEmails
from addon.store.models import SECTIONS, SettingsError, UserSettings, parse_aliases
from addon.store.staged import StagedChange, StagedChanges
from addon.store.store import CachedSettingsStore, SettingsStore, SqlSettingsStore, create_tables

__all__ = [
    "SECTIONS",
    "CachedSettingsStore",
    "FormLedger",
    "KeyRing",
    "LoggedEmails",
    "SettingsError",
    "SettingsStore",
    "SqlSettingsStore",
    "StagedChange",
    "StagedChanges",
    "UserSettings",
    "create_tables",
    "generate_key",
    "make_engine",
    "parse_aliases",
]
