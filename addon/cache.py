"""Small in-process caches: bounded, thread-safe, with time limits and per-owner reset.

Each instance keeps its own; that is enough because every cached thing is either
immutable (message headers) or allowed to be briefly stale and cheap to refetch (Close
metadata, search results). Our own writes and Refresh reset an owner's entries at once
by bumping that owner's generation, which old entries no longer match.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TtlCache(Generic[V]):
    """A least-recently-used map whose entries expire and can be reset per owner."""

    def __init__(
        self, *, ttl: float, max_entries: int = 4096, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, int, Hashable], tuple[float, V]] = OrderedDict()
        self._generations: dict[str, int] = {}

    def get(self, owner: str, key: Hashable) -> V | None:
        """Return a live entry, or None."""
        with self._lock:
            full = (owner, self._generations.get(owner, 0), key)
            entry = self._entries.get(full)
            if entry is None:
                return None
            expires, value = entry
            if self._clock() >= expires:
                del self._entries[full]
                return None
            self._entries.move_to_end(full)
            return value

    def generation(self, owner: str) -> int:
        """Return the owner's current generation, to pass to `put` after a slow load."""
        with self._lock:
            return self._generations.get(owner, 0)

    def put(self, owner: str, key: Hashable, value: V, *, generation: int | None = None) -> None:
        """Store an entry; a load that began before a reset is dropped, not stored."""
        with self._lock:
            current = self._generations.get(owner, 0)
            if generation is not None and generation != current:
                return
            full = (owner, current, key)
            self._entries[full] = (self._clock() + self._ttl, value)
            self._entries.move_to_end(full)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def reset(self, owner: str) -> None:
        """Forget everything cached for this owner."""
        with self._lock:
            self._generations[owner] = self._generations.get(owner, 0) + 1
            for full in [k for k in self._entries if k[0] == owner]:
                del self._entries[full]

    def get_or_load(self, owner: str, key: Hashable, load: Callable[[], V]) -> V:
        """Return the cached value or load, store and return it (loads may race; both win)."""
        cached = self.get(owner, key)
        if cached is not None:
            return cached
        generation = self.generation(owner)
        value = load()
        self.put(owner, key, value, generation=generation)
        return value
