"""Caches kept in Redis and shared by every instance, with the interface of OwnedCache.

With ADDON_REDIS_URL set, a user's or an organization's cached Close and Gmail data lives
in Redis, so a reopen that lands on another instance makes no upstream call, and a reset
(the user's own write, Refresh) is seen by every instance at once.

Keys, all under one prefix, none holding an email address, a token or an API key (`owner`
and `key` are short hashes of the values the add-on passes):
  {prefix}:c:{cache}:{owner}:{key}   an entry, "<generation>|<JSON>", with the cache's TTL
  {prefix}:c:{cache}:{owner}:gen     the owner's generation, drawn anew by each reset
  {prefix}:c:{cache}:epoch           the whole cache's generation, set anew by `clear`
  {prefix}:generations               the counter every generation is drawn from
  {prefix}:settling:{user}           lives while Close's search may not show their change
  {prefix}:inserted:{card}           a compose card inserted something already
  {prefix}:r:{rows}:{owner}:gen      the generation of a user's rows (RowCopies)
Beside them, with TTLs too: {prefix}:known:… (people seen before, known_people.py) and
{prefix}:ratebudget:… (Close's rate budgets, close/ratebudget.py).

An owner's current generation is the larger of their own and the cache's epoch. Each
entry carries the generation it was stored under and is served only while that one is
current: a reset draws a new number, never used before, which leaves every older entry
unreachable until its TTL removes it. An owner's generation that is gone (expired, or
evicted when Redis ran short of memory) is drawn anew too, when next read, so an entry
from before a reset never comes back. A load begun before a reset is not stored, as in
OwnedCache: storing is one Lua script that compares generations first.

Round trips to Redis: a get (or a hit of get_or_load) is one script call; a miss adds
one to store what was loaded; a reset is one. A reopen makes nine: five caches, the
settling mark, and the generations of the user's settings, waiting edits (read twice)
and logged marks.

Every key but the counter and the epochs has a TTL, and those two must never be evicted
(generations would be drawn again): give Redis `maxmemory-policy volatile-lru` (or another
`volatile-*` policy), never an `allkeys-*` one.

Values are JSON written and read by pydantic, never pickles: whoever can write to Redis
must not be able to run code here. An entry that no longer reads as its type (written by
another release) is a miss. While Redis fails, every cache answers as if empty and
stores nothing, and the log says so once: requests are still served, from Close and Gmail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import redis
from pydantic import TypeAdapter, ValidationError
from redis.backoff import NoBackoff
from redis.retry import Retry

from addon import metrics
from addon.cache import DEFAULT_MAXSIZE, OwnedCache
from addon.store.store import COPY_TTL

log = logging.getLogger(__name__)

T = TypeVar("T")
V = TypeVar("V")
PREFIX = "addon"
PAUSE = 5.0  # seconds without Redis after a failure, so requests do not queue on its timeouts
# Redis answers in a millisecond; one that takes longer is treated as down (a cache miss),
# not waited on while a user waits for the sidebar.
TIMEOUT = 0.5

# An owner's current generation, and the entry KEYS[4] when one is named. An owner without
# a generation of their own (never reset, or it expired or was evicted) is given a new one
# (ARGV[1]: its TTL): whatever was stored for them before can then never be read again,
# even if the key that said it was out of date is gone.
_CURRENT = """
local own = redis.call('GET', KEYS[2])
if not own then
  own = redis.call('INCR', KEYS[3])
  redis.call('SET', KEYS[2], own, 'PX', ARGV[1])
end
local current = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(own))
if KEYS[4] then return {current, redis.call('GET', KEYS[4])} end
return {current}
"""
# Store an entry only if the owner's generation is still the one the load began under
# (ARGV[1]; empty: whatever is current, a new one if the owner has none). The owner's
# generation is kept alive as long as the entry, so the entry stays reachable for its
# whole TTL.
_STORE = """
local own = redis.call('GET', KEYS[2])
if not own then
  if ARGV[1] ~= '' then return 0 end
  own = redis.call('INCR', KEYS[4])
end
local current = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(own))
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= current then return 0 end
redis.call('SET', KEYS[3], string.format('%d', current) .. '|' .. ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[2], own, 'PX', ARGV[3])
return 1
"""
# Give an owner (or, with no TTL, a whole cache) a generation never used before.
_RENEW = """
local n = redis.call('INCR', KEYS[1])
if ARGV[1] == '' then redis.call('SET', KEYS[2], n)
else redis.call('SET', KEYS[2], n, 'PX', ARGV[1]) end
return n
"""


def connect_redis(url: str) -> redis.Redis:
    """Return a client for the instances' shared Redis that gives up fast when it is down."""
    return redis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT,
        socket_connect_timeout=TIMEOUT,
        # One immediate retry: a pooled connection the server closed is reopened, but a
        # Redis that is down is not waited on with backoff.
        retry=Retry(NoBackoff(), retries=1),
        health_check_interval=30,
    )


class RedisGuard:
    """Runs the caches' Redis commands; while Redis fails, answers without it."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        clock: Callable[[], float] = time.monotonic,
        pause: float = PAUSE,
        what: str = "shared caches are off",
    ) -> None:
        self.client = client
        self._what = what  # what the add-on does without Redis, for the log
        self._clock = clock
        self._pause = pause
        self._lock = threading.Lock()
        self._down_until: float | None = None  # None while Redis answers

    def run(self, command: Callable[[], T], fallback: T) -> T:
        """Return what `command` returns, or `fallback` if Redis failed (now or just before)."""
        if self._resting():
            return fallback
        try:
            result = command()
        except redis.RedisError as exc:
            self._failed(exc)
            return fallback
        if self._down_until is not None:
            self._answered()
        return result

    def _resting(self) -> bool:
        with self._lock:
            return self._down_until is not None and self._clock() < self._down_until

    def _failed(self, exc: redis.RedisError) -> None:
        with self._lock:
            first = self._down_until is None
            self._down_until = self._clock() + self._pause
        if first:
            # The error's class only: its text may name the server.
            log.warning(
                "Redis is not answering (%s); %s until it does", type(exc).__name__, self._what
            )

    def _answered(self) -> None:
        with self._lock:
            was_down, self._down_until = self._down_until is not None, None
        if was_down:
            log.warning("Redis answers again")


class _Generations:
    """Each owner's generation, and the cache's epoch, in Redis (see the module's doc)."""

    def __init__(self, guard: RedisGuard, *, base: str, prefix: str, ttl_ms: int) -> None:
        self._guard = guard
        self._base = base
        self._ttl_ms = ttl_ms
        self.epoch = f"{base}:epoch"
        self.counter = f"{prefix}:generations"
        self._current = guard.client.register_script(_CURRENT)
        self._renew = guard.client.register_script(_RENEW)

    def key(self, owner: Hashable) -> str:
        return f"{self._base}:{digest(owner)}:gen"

    def current(self, owner: Hashable) -> int | None:
        """Return the owner's generation, or None without Redis."""
        found = self.read(owner, None)
        return None if found is None else found[0]

    def read(self, owner: Hashable, entry: str | None) -> tuple[int, Any] | None:
        """Return the owner's generation and the raw `entry` (if named), or None without Redis."""
        keys = [self.epoch, self.key(owner), self.counter, *([entry] if entry else [])]
        values = self._guard.run(lambda: self._current(keys=keys, args=[self._ttl_ms]), None)
        if values is None:
            return None
        return int(values[0]), values[1] if len(values) > 1 else None

    def reset(self, owner: Hashable) -> None:
        keys = [self.counter, self.key(owner)]
        self._guard.run(lambda: self._renew(keys=keys, args=[self._ttl_ms]), None)

    def clear(self) -> None:
        self._guard.run(lambda: self._renew(keys=[self.counter, self.epoch], args=[""]), None)


class RedisCache(OwnedCache[V]):
    """An OwnedCache whose entries and resets live in Redis, for every instance at once."""

    def __init__(
        self,
        guard: RedisGuard,
        *,
        name: str,
        ttl: float,
        value_type: Any,
        prefix: str = PREFIX,
    ) -> None:
        # OwnedCache.__init__ is not called: nothing is kept in this process.
        self.name = name
        self._guard = guard
        self._ttl = ttl
        self._ttl_ms = max(1, round(ttl * 1000))
        self._adapter: TypeAdapter[V] = TypeAdapter(value_type)
        self._base = f"{prefix}:c:{name}"
        self._generations = _Generations(guard, base=self._base, prefix=prefix, ttl_ms=self._ttl_ms)
        self._store = guard.client.register_script(_STORE)

    @property
    def ttl(self) -> float:
        return self._ttl

    @property
    def maxsize(self) -> int:
        return 0  # bounded by the TTLs and Redis's own memory policy

    def get(self, owner: Hashable, key: Hashable) -> V | None:
        return self._read(owner, key)[0]

    def generation(self, owner: Hashable) -> int:
        current = self._generations.current(owner)
        # Without Redis, a number no entry has: a load begun now is not stored.
        return -1 if current is None else current

    def put(
        self, owner: Hashable, key: Hashable, value: V, *, generation: int | None = None
    ) -> None:
        generations = self._generations
        keys = [
            generations.epoch,
            generations.key(owner),
            self._entry(owner, key),
            generations.counter,
        ]
        args = ["" if generation is None else generation, self._adapter.dump_json(value)]
        self._guard.run(lambda: self._store(keys=keys, args=[*args, self._ttl_ms]), None)

    def discard(self, owner: Hashable, key: Hashable) -> None:
        self._guard.run(lambda: self._guard.client.delete(self._entry(owner, key)), None)

    def reset(self, owner: Hashable) -> None:
        self._generations.reset(owner)

    def clear(self) -> None:
        self._generations.clear()

    def get_or_load(self, owner: Hashable, key: Hashable, load: Callable[[], V]) -> V:
        found, generation = self._read(owner, key)
        metrics.cache_lookup(self.name, hit=found is not None)
        if found is not None:
            return found
        value = load()
        if generation is not None:  # None: Redis failed, so nothing would be stored
            self.put(owner, key, value, generation=generation)
        return value

    def _read(self, owner: Hashable, key: Hashable) -> tuple[V | None, int | None]:
        """Return the live entry (or None) and the owner's generation (None without Redis)."""
        found = self._generations.read(owner, self._entry(owner, key))
        if found is None:
            return None, None
        current, entry = found
        if entry is None:
            return None, current
        stored, _, payload = _bytes(entry).partition(b"|")
        if stored != str(current).encode():
            return None, current  # stored before a reset: unreachable until it expires
        try:
            return self._adapter.validate_json(payload), current
        except ValidationError:
            return None, current  # written by a release whose types differ

    def _entry(self, owner: Hashable, key: Hashable) -> str:
        return f"{self._base}:{digest(owner)}:{digest(key)}"


class RowCopies(OwnedCache[V]):
    """Copies of a user's database rows, kept in this process but reset on every instance.

    The store keeps a copy of each user's settings, waiting edits and logged marks for a
    few seconds, since every request reads them. Those copies stay here (settings hold the
    decrypted API key, which never goes to Redis); what Redis holds is each owner's
    generation, so a change made through one instance is not hidden on another by its
    copy. A get costs one round trip (the generation); without Redis, every get misses
    and the rows are read from the database.
    """

    def __init__(
        self,
        guard: RedisGuard,
        *,
        name: str,
        ttl: float,
        maxsize: int = DEFAULT_MAXSIZE,
        prefix: str = PREFIX,
    ) -> None:
        # OwnedCache.__init__ is not called: the entries are `_local`'s, with generations.
        self._local: OwnedCache[tuple[int, V]] = OwnedCache(ttl=ttl, maxsize=maxsize)
        ttl_ms = max(1, round(ttl * 1000))
        self._generations = _Generations(
            guard, base=f"{prefix}:r:{name}", prefix=prefix, ttl_ms=ttl_ms
        )

    @property
    def ttl(self) -> float:
        return self._local.ttl

    @property
    def maxsize(self) -> int:
        return self._local.maxsize

    def get(self, owner: Hashable, key: Hashable) -> V | None:
        current = self._generations.current(owner)
        found = self._local.get(owner, key)
        if current is None or found is None or found[0] != current:
            return None
        return found[1]

    def generation(self, owner: Hashable) -> int:
        current = self._generations.current(owner)
        return -1 if current is None else current

    def put(
        self, owner: Hashable, key: Hashable, value: V, *, generation: int | None = None
    ) -> None:
        current = self._generations.current(owner)
        if current is None or (generation is not None and generation != current):
            return  # without Redis, or overtaken by a reset on some instance
        self._local.put(owner, key, (current, value))

    def discard(self, owner: Hashable, key: Hashable) -> None:
        self._local.discard(owner, key)

    def reset(self, owner: Hashable) -> None:
        self._generations.reset(owner)
        self._local.reset(owner)

    def clear(self) -> None:
        self._generations.clear()
        self._local.clear()

    def get_or_load(self, owner: Hashable, key: Hashable, load: Callable[[], V]) -> V:
        current = self._generations.current(owner)
        found = self._local.get(owner, key)
        if current is not None and found is not None and found[0] == current:
            return found[1]
        value = load()
        if current is not None:
            self.put(owner, key, value, generation=current)
        return value


def row_copies(client: redis.Redis | None) -> Callable[[str], OwnedCache[Any] | None]:
    """Return what makes the store's copies of rows by name: reset through Redis, if any.

    None tells a store to keep its own copies, reset on this instance only.
    """
    if client is None:
        return lambda name: None
    guard = RedisGuard(client, what="copies of users' rows are not kept")
    return lambda name: RowCopies(guard, name=name, ttl=COPY_TTL)


class RedisMarks:
    """Who changed something lately, and which compose cards inserted already, in Redis."""

    def __init__(
        self, guard: RedisGuard, *, settle: float, keep: float, prefix: str = PREFIX
    ) -> None:
        self._guard = guard
        self._settle_ms = max(1, round(settle * 1000))
        self._keep_ms = max(1, round(keep * 1000))
        self._prefix = prefix

    def changed(self, user_sub: str, now: float) -> None:
        """Note that the user just changed something in Close (Redis keeps the time)."""
        key = f"{self._prefix}:settling:{digest(user_sub)}"
        self._guard.run(lambda: self._guard.client.set(key, 1, px=self._settle_ms), None)

    def settling(self, user_sub: str, now: float) -> bool:
        """Tell whether the user's last change may not show in Close's search yet."""
        key = f"{self._prefix}:settling:{digest(user_sub)}"
        # Unknown counts as settling: their records are then read from Close's own
        # endpoints, which is right either way.
        return bool(self._guard.run(lambda: self._guard.client.exists(key), 1))

    def first_insert(self, compose_card: str) -> bool:
        """Record an insert from a compose card, telling whether it is the card's first."""
        key = f"{self._prefix}:inserted:{digest(compose_card)}"

        def mark() -> Any:
            return self._guard.client.set(key, 1, nx=True, px=self._keep_ms)  # None if set before

        return bool(self._guard.run(mark, True))


def digest(value: Hashable) -> str:
    """Return a short stable hash of a key or owner: the same in every process, and opaque."""
    canonical = json.dumps(_canonical(value), separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:20]


def _canonical(value: Any) -> Any:
    # Sets are sorted: their order differs between processes (string hashes are salted).
    if isinstance(value, frozenset | set):
        return sorted((_canonical(v) for v in value), key=json.dumps)
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return value


def _bytes(value: bytes | str) -> bytes:
    # A client made with decode_responses=True hands back text.
    return value.encode() if isinstance(value, str) else value
