"""In-process caches whose entries belong to an owner, who can be reset at once.

Each instance keeps its own; that is enough on one machine because everything cached is
allowed to be briefly stale and is cheap to refetch (Close metadata, search results, a
user's rows). Several instances share theirs through Redis instead (shared_cache.py, the
same interface). The cache itself is cachetools' `TTLCache`: bounded, least recently used
out first.
What this adds is the reset after an owner's own write: their entries go at once, and
a load that started before the reset is not stored when it finishes, since it may have
read what the write changed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from cachetools import TTLCache

from addon import metrics

V = TypeVar("V")
DEFAULT_MAXSIZE = 4096


class OwnedCache(Generic[V]):
    """A bounded map whose entries expire and can be reset per owner; thread-safe."""

    # What the metrics count its get_or_load hits and misses under, when set: `Caches`
    # names each of its caches after its field. The store's copies of rows go uncounted.
    name: str | None = None

    def __init__(
        self,
        *,
        ttl: float,
        maxsize: int = DEFAULT_MAXSIZE,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._entries: TTLCache[tuple[Hashable, Hashable], V] = TTLCache(
            maxsize=maxsize, ttl=ttl, timer=timer
        )
        # Resets are numbered; a load carries the number current when it began (its
        # generation) and is stored only if its owner has not been reset since. The record
        # of who was reset when is bounded too: when it fills up it is emptied, and every
        # owner counts as reset then (`_floor`), which only drops a few loads once.
        self._resets = 0
        self._reset_at: dict[Hashable, int] = {}
        self._floor = 0

    @property
    def ttl(self) -> float:
        """Seconds an entry lives."""
        return float(self._entries.ttl)

    @property
    def maxsize(self) -> int:
        """Entries kept at most."""
        return int(self._entries.maxsize)

    def get(self, owner: Hashable, key: Hashable) -> V | None:
        """Return a live entry, or None."""
        with self._lock:
            return self._entries.get((owner, key))

    def generation(self, owner: Hashable) -> int:
        """Return what to pass to `put` after a slow load, so a reset meanwhile wins."""
        with self._lock:
            return self._resets

    def put(
        self, owner: Hashable, key: Hashable, value: V, *, generation: int | None = None
    ) -> None:
        """Store an entry; a load that began before its owner's reset is dropped, not stored."""
        with self._lock:
            if generation is not None and self._reset_at.get(owner, self._floor) > generation:
                return
            self._entries[(owner, key)] = value

    def discard(self, owner: Hashable, key: Hashable) -> None:
        """Drop one entry; loads under way may still store theirs."""
        with self._lock:
            self._entries.pop((owner, key), None)

    def reset(self, owner: Hashable) -> None:
        """Forget everything cached for this owner, and refuse loads begun before now."""
        with self._lock:
            self._resets += 1
            if owner not in self._reset_at and len(self._reset_at) >= self._entries.maxsize:
                self._reset_at.clear()
                self._floor = self._resets
            self._reset_at[owner] = self._resets
            for full in [k for k in self._entries if k[0] == owner]:
                self._entries.pop(full, None)

    @contextmanager
    def changing(self, owner: Hashable) -> Iterator[None]:
        """Wrap a write of the owner's data: their entries are reset once it is over."""
        try:
            yield
        finally:
            self.reset(owner)

    def clear(self) -> None:
        """Forget everything for every owner, and refuse every load begun before now."""
        with self._lock:
            self._resets += 1
            self._reset_at.clear()
            self._floor = self._resets
            self._entries.clear()

    def get_or_load(self, owner: Hashable, key: Hashable, load: Callable[[], V]) -> V:
        """Return the cached value or load, store and return it (loads may race; both win)."""
        with self._lock:
            try:
                found = self._entries[(owner, key)]
            except KeyError:
                generation = self._resets
            else:
                metrics.cache_lookup(self.name, hit=True)
                return found
        metrics.cache_lookup(self.name, hit=False)
        value = load()
        self.put(owner, key, value, generation=generation)
        return value
