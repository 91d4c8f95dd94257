"""The long-lived collaborators one add-on instance shares across requests and threads."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any, Protocol, get_args, get_type_hints

import redis
import requests
from cachetools import LRUCache, TTLCache

from addon.cache import OwnedCache
from addon.close import CloseClient
from addon.close.metadata import FieldSchema, OrgInfo
from addon.close.models import EmailTemplate, Sequence
from addon.close.ratebudget import RateBudget, rate_budget
from addon.close.records import RecordData
from addon.close.scheduling import SchedulingLink
from addon.close.search import PeopleMatches
from addon.config import Config
from addon.gmail import GmailClient, MessageHeaders
from addon.gmail.client import HEADERS_KEEP
from addon.shared_cache import RedisCache, RedisGuard, RedisMarks
from addon.store import (
    CachedSettingsStore,
    FormLedger,
    LoggedEmails,
    SettingsStore,
    StagedChanges,
)
from addon.store.known import KnownPeople
from addon.upstream import POOL_SIZE, new_session

METADATA_TTL = 600.0  # field definitions: rarely change
ORG_KEEP = 86_400.0  # coworkers are served from memory and refreshed in the background
ORG_FRESH = 600.0
MATCH_TTL = 60.0  # who is who, and their records: our own writes reset it at once
# Close's search index catches up with a change within a second or two; for a while after
# a user's write (or Refresh), their records are read from the objects' own endpoints.
SEARCH_SETTLE = 15.0
COMPOSE_KEEP = 86_400.0  # a compose window stays open for hours at most


class Marks(Protocol):
    """Who changed something lately, and which compose cards inserted already."""

    def changed(self, user_sub: str, now: float) -> None: ...

    def settling(self, user_sub: str, now: float) -> bool: ...

    def first_insert(self, compose_card: str) -> bool: ...


class LocalMarks:
    """Marks kept in this process, bounded: only the most recent writers and cards matter."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed_at: LRUCache[str, float] = LRUCache(maxsize=4096)
        self._inserted: TTLCache[str, bool] = TTLCache(maxsize=4096, ttl=COMPOSE_KEEP)

    def changed(self, user_sub: str, now: float) -> None:
        with self._lock:
            self._changed_at[user_sub] = now

    def settling(self, user_sub: str, now: float) -> bool:
        with self._lock:
            changed = self._changed_at.get(user_sub)
        return changed is not None and now - changed < SEARCH_SETTLE

    def first_insert(self, compose_card: str) -> bool:
        with self._lock:
            first = compose_card not in self._inserted
            self._inserted[compose_card] = True
        return first


@dataclass
class Caches:
    """What may be reused between requests, and for how long (each bounded in entries).

    Each is in this process (`Caches()`) or in Redis for every instance (`Caches.shared`),
    and is known by its field's name, in the metrics and in Redis: a new `OwnedCache`
    field here is counted and shared through Redis with no more work.
    """

    org: OwnedCache[OrgInfo] = field(default_factory=lambda: OwnedCache(ttl=ORG_KEEP))
    fields: OwnedCache[FieldSchema] = field(default_factory=lambda: OwnedCache(ttl=METADATA_TTL))
    matches: OwnedCache[PeopleMatches] = field(default_factory=lambda: OwnedCache(ttl=MATCH_TTL))
    records: OwnedCache[RecordData] = field(default_factory=lambda: OwnedCache(ttl=MATCH_TTL))
    templates: OwnedCache[tuple[EmailTemplate, ...]] = field(
        default_factory=lambda: OwnedCache(ttl=METADATA_TTL)
    )
    # The organization's active sequences, to add a contact to (per API key owner).
    sequences: OwnedCache[tuple[Sequence, ...]] = field(
        default_factory=lambda: OwnedCache(ttl=METADATA_TTL)
    )
    # The user's own scheduling links (and the shared ones mapped for them), by Google user.
    scheduling_links: OwnedCache[tuple[SchedulingLink, ...]] = field(
        default_factory=lambda: OwnedCache(ttl=METADATA_TTL)
    )
    # user → message → its headers, which never change (see GmailClient).
    headers: OwnedCache[MessageHeaders] = field(
        default_factory=lambda: OwnedCache(ttl=HEADERS_KEEP, maxsize=2048)
    )
    marks: Marks = field(default_factory=LocalMarks)

    def __post_init__(self) -> None:
        for name, cache in self.owned():
            cache.name = name

    def owned(self) -> Iterator[tuple[str, OwnedCache[Any]]]:
        """Return each cache with the name of its field."""
        for each in fields(self):
            cache = getattr(self, each.name)
            if isinstance(cache, OwnedCache):
                yield each.name, cache

    @classmethod
    def shared(cls, client: redis.Redis, *, prefix: str = "addon") -> Caches:
        """Return the same caches kept in Redis, where every instance sees the same entries.

        Each becomes a `RedisCache` with its field's name and TTL, holding values of the
        type the field's annotation names (`OwnedCache[X]`: X), which Redis keeps as JSON.
        """
        guard = RedisGuard(client)
        marks = RedisMarks(guard, settle=SEARCH_SETTLE, keep=COMPOSE_KEEP, prefix=prefix)
        caches = cls(marks=marks)
        annotations = get_type_hints(cls)
        for name, local in caches.owned():
            (value_type,) = get_args(annotations[name])
            shared: RedisCache[Any] = RedisCache(
                guard, name=name, ttl=local.ttl, value_type=value_type, prefix=prefix
            )
            setattr(caches, name, shared)
        return caches

    def settling(self, user_sub: str, now: float) -> bool:
        """Tell whether Close's search may not show the user's last change yet."""
        return self.marks.settling(user_sub, now)

    def first_insert(self, compose_card: str) -> bool:
        """Record an insert from a compose card, telling whether it is the card's first."""
        return self.marks.first_insert(compose_card)

    def reset_records(self, user_sub: str, now: float) -> None:
        """Forget who is who and their records for a user (after one of their writes).

        Until the search has settled, their records are then read from Close's object
        endpoints (see `settling`).
        """
        self.matches.reset(user_sub)
        self.records.reset(user_sub)
        self.marks.changed(user_sub, now)

    def reset_user(self, user_sub: str, api_key: str | None, now: float) -> None:
        """Forget everything cached for a user, metadata included (Refresh)."""
        self.reset_records(user_sub, now)
        self.scheduling_links.reset(user_sub)
        if api_key:
            self.org.reset(key_owner(api_key))
            self.fields.reset(key_owner(api_key))
            self.templates.reset(key_owner(api_key))
            self.sequences.reset(key_owner(api_key))


def key_owner(api_key: str) -> str:
    """Return a cache owner for an API key that does not keep the key itself in memory maps."""
    return hashlib.sha256(api_key.encode()).hexdigest()[:24]


@dataclass
class Services:
    """Config, the settings store, pooled HTTP sessions, a worker pool and the caches."""

    config: Config
    store: SettingsStore
    staged: StagedChanges
    forms: FormLedger
    logged: LoggedEmails
    known: KnownPeople  # who was on which lead: a cold open's record starts beside its search
    redis: redis.Redis | None = None  # shared by all instances when configured
    close_session: requests.Session = field(default_factory=new_session)
    gmail_session: requests.Session = field(default_factory=new_session)
    clock: Callable[[], float] = time.monotonic
    # Ages every instance must agree on (the organization's `loaded_at`): wall time, not
    # monotonic, which each process starts at its own origin.
    wall_clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep  # Close's retry waits; tests pass their own
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(POOL_SIZE, thread_name_prefix="upstream")
    )
    caches: Caches = field(init=False)
    gmail: GmailClient = field(init=False)
    close_budget: RateBudget = field(init=False)  # Close's rate limits, per key and org, shared
    _refreshing: set[Hashable] = field(default_factory=set, init=False, repr=False)
    _refreshing_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        # Chosen once: with Redis, every instance shares one set of caches; without, each
        # keeps its own, which is all one instance needs.
        self.caches = Caches() if self.redis is None else Caches.shared(self.redis)
        self.close_budget = rate_budget(self.redis, clock=lambda: self.clock())
        self.gmail = GmailClient(
            base_url=self.config.gmail_api_url,
            session=self.gmail_session,
            clock=self.clock,
            cache=self.caches.headers,
        )

    def refresh_in_background(self, key: Hashable, refresh: Callable[[], None]) -> None:
        """Run `refresh` on the worker pool, unless the one for `key` is still running.

        Every request that sees an entry stale asks for its refresh; one at a time is enough.
        """
        with self._refreshing_lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def run() -> None:
            try:
                refresh()
            finally:
                self._refreshed(key)

        try:
            self.pool.submit(run)
        except BaseException:
            self._refreshed(key)  # never queued: a later request may ask again
            raise

    def _refreshed(self, key: Hashable) -> None:
        with self._refreshing_lock:
            self._refreshing.discard(key)

    def close_client(
        self, api_key: str, *, org_id: str | None = None, deadline: float | None = None
    ) -> CloseClient:
        """Return a Close client for one user's key, sharing the pooled session.

        `org_id` is the key's Close organization: its calls then count against the
        organization's rate budget too (Close counts all of its keys together).
        """
        org = key_owner(org_id) if org_id else None  # hashed: never in clear in Redis
        return CloseClient(
            api_key,
            base_url=self.config.close_api_url,
            session=self.close_session,
            timeout=self.config.close_timeout_seconds,
            deadline=deadline,
            clock=self.clock,
            sleep=self.sleep,
            budget=self.close_budget.for_key(key_owner(api_key), org),
        )

    def forget_copies(self) -> None:
        """Drop the in-memory copies of per-user rows (settings, waiting edits, logged marks).

        The next request reads them from the database, as on a user's first open after a
        pause; caches of Close data are `caches`, and are left alone.
        """
        if isinstance(self.store, CachedSettingsStore):
            self.store.forget_copies()
        self.staged.forget_copies()
        self.logged.forget_copies()
