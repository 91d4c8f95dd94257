"""Short-lived in-process copies of per-user rows read on every open.

Every event needs the user's settings; reading and decrypting them costs about a
millisecond. Writes through this instance update the copy at once; a change made by
another instance (say, a disconnect) is seen here within `ttl` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from addon.cache import DEFAULT_MAXSIZE, OwnedCache
from addon.store.models import UserSettings
from addon.store.store import SettingsStore

DEFAULT_TTL = 5.0
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
_ROWS = "rows"  # each key holds one value: the key is the cache's owner


class Memo(Generic[K, V]):
    """A few seconds' memory of database reads, dropped at once by this instance's writes."""

    def __init__(
        self,
        *,
        ttl: float = DEFAULT_TTL,
        maxsize: int = DEFAULT_MAXSIZE,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._cache: OwnedCache[V] = OwnedCache(ttl=ttl, maxsize=maxsize, timer=timer)

    def get(self, key: K, load: Callable[[], V]) -> V:
        """Return the remembered value, or load and remember it.

        A write that ends while the load runs may not be in it: such a load is returned to
        its caller but not kept.
        """
        return self._cache.get_or_load(key, _ROWS, load)

    @contextmanager
    def changing(self, key: K) -> Iterator[None]:
        """Wrap a write of a key's rows: its copy is dropped once the write is over."""
        try:
            yield
        finally:
            self.forget(key)

    def remember(self, key: K, value: V) -> None:
        """Keep a value just written, so the next read needs no load (nor keeps an older one)."""
        self._cache.reset(key)
        self._cache.put(key, _ROWS, value)

    def forget(self, key: K) -> None:
        """Drop what is remembered for a key, and what reads under way would remember."""
        self._cache.reset(key)

    def clear(self) -> None:
        """Drop everything remembered."""
        self._cache.clear()


class CachedSettingsStore:
    """A SettingsStore that remembers each user's settings for a few seconds."""

    def __init__(
        self,
        inner: SettingsStore,
        *,
        ttl: float = DEFAULT_TTL,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._memo: Memo[str, UserSettings | None] = Memo(ttl=ttl, timer=timer)

    def get(self, user_id: str) -> UserSettings | None:
        """Return the user's settings, from memory when read in the last few seconds."""
        return self._memo.get(user_id, lambda: self._inner.get(user_id))

    def save(self, settings: UserSettings) -> None:
        """Save, and keep the saved copy."""
        self._inner.save(settings)
        self._memo.remember(settings.user_id, settings)

    def delete(self, user_id: str) -> None:
        """Delete, and forget the copy at once."""
        self._inner.delete(user_id)
        self._memo.forget(user_id)

    def forget_copies(self) -> None:
        """Drop every in-memory copy; the next reads go to the database."""
        self._memo.clear()
