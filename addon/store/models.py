"""Per-user settings: one frozen value per verified Google user, validated on construction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, get_args

View = Literal["lead", "contact"]
VIEWS: tuple[View, ...] = get_args(View)
SECTIONS = ("opportunities", "tasks", "contacts", "custom_fields", "activities")
MIN_ACTIVITIES_PER_PAGE = 1
MAX_ACTIVITIES_PER_PAGE = 50
MAX_ALIASES = 50

# Deliberately loose: the point is catching typos in the settings form, not RFC 5322.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ALIAS_SEPARATORS = re.compile(r"[\s,;]+")


class SettingsError(ValueError):
    """A settings value the user has to correct; the message is shown to them as is."""


@dataclass(frozen=True)
class UserSettings:
    """Everything the add-on remembers about one user, keyed by their verified Google `sub`."""

    user_id: str
    google_email: str = ""
    # Plaintext only in memory; the store encrypts it, and repr() must never leak it to logs.
    api_key: str | None = field(default=None, repr=False)
    close_user_id: str | None = None
    close_user_email: str | None = None
    close_user_name: str | None = None
    close_org_id: str | None = None
    close_org_name: str | None = None
    view: View = "lead"
    sections: frozenset[str] = frozenset(SECTIONS)
    activities_per_page: int = 8
    # False means "bulk updates": edits are staged and sent to Close in one batch.
    immediate_updates: bool = True
    create_initial_opportunity: bool = False
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.user_id:
            raise SettingsError("Settings need a user id.")
        if self.view not in VIEWS:
            raise SettingsError("Choose the lead view or the contact view.")
        _check_activities_per_page(self.activities_per_page)
        object.__setattr__(self, "google_email", self.google_email.strip().lower())
        object.__setattr__(self, "sections", _checked_sections(self.sections))
        object.__setattr__(self, "aliases", normalise_aliases(self.aliases))

    @property
    def connected(self) -> bool:
        """Tell whether the user has a usable Close API key."""
        return bool(self.api_key)


def normalise_aliases(aliases: Iterable[str]) -> tuple[str, ...]:
    """Lowercase, deduplicate and validate email aliases, keeping the user's order."""
    unique: dict[str, None] = {}
    for alias in aliases:
        address = alias.strip().lower()
        if not _EMAIL.fullmatch(address) or len(address) > 254:
            raise SettingsError(f'"{alias.strip()}" is not a valid email address.')
        unique[address] = None
    if len(unique) > MAX_ALIASES:
        raise SettingsError(f"You can add at most {MAX_ALIASES} email aliases.")
    return tuple(unique)


def parse_aliases(text: str) -> tuple[str, ...]:
    """Split a form field of addresses (commas, semicolons or whitespace) into aliases."""
    return normalise_aliases(part for part in _ALIAS_SEPARATORS.split(text) if part)


def _checked_sections(sections: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(sections)
    unknown = sorted(chosen.difference(SECTIONS))
    if unknown:
        raise SettingsError(f"Unknown sidebar section: {', '.join(unknown)}.")
    return chosen


def _check_activities_per_page(value: int) -> None:
    # bool is an int subclass; True must not silently mean "1 activity".
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError("Activities per page must be a whole number.")
    if not MIN_ACTIVITIES_PER_PAGE <= value <= MAX_ACTIVITIES_PER_PAGE:
        raise SettingsError(
            f"Activities per page must be between {MIN_ACTIVITIES_PER_PAGE} "
            f"and {MAX_ACTIVITIES_PER_PAGE}."
        )
