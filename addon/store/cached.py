"""Short-lived in-process copies of per-user rows read on every open.

Every event needs the user's settings; reading and decrypting them costs about a
millisecond. Writes through this instance update the copy at once; a change made by
another instance (say, a disconnect) is seen here within `ttl` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from addon.cache import OwnedCache
from addon.store.models import UserSettings
from addon.store.store import SettingsStore

COPY_TTL = 5.0  # seconds a change made by another instance may go unseen


class CachedSettingsStore:
    """A SettingsStore that remembers each user's settings for a few seconds."""

    def __init__(
        self,
        inner: SettingsStore,
        *,
        ttl: float = COPY_TTL,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._copies: OwnedCache[UserSettings | None] = OwnedCache(ttl=ttl, timer=timer)

    def get(self, user_id: str) -> UserSettings | None:
        """Return the user's settings, from memory when read in the last few seconds."""
        return self._copies.get_or_load(user_id, "settings", lambda: self._inner.get(user_id))

    def save(self, settings: UserSettings) -> None:
        """Save, and keep the saved copy rather than what a read under way brings back."""
        self._inner.save(settings)
        self._copies.reset(settings.user_id)
        self._copies.put(settings.user_id, "settings", settings)

    def delete(self, user_id: str) -> None:
        """Delete, and forget the copy at once."""
        with self._copies.changing(user_id):
            self._inner.delete(user_id)

    def forget_copies(self) -> None:
        """Drop every in-memory copy; the next reads go to the database."""
        self._copies.clear()
