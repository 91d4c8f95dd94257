"""Known people in Redis when instances share one, otherwise in the SQL store.

In Redis each address is one key, `known:<org hash>:<address hash>`, holding the lead and
contact as JSON and expiring after KNOWN_FOR. Redis being down only costs the shortcut: the
open takes its ordinary three steps, and the outage is logged once.
"""

from __future__ import annotations

import hashlib
import logging
import threading

import redis
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine

from addon.config import Config
from addon.store.known import (
    KNOWN_FOR,
    KnownPeople,
    KnownPerson,
    SqlKnownPeople,
    address_hash,
    hashing_key,
)

log = logging.getLogger(__name__)

_PERSON = TypeAdapter(KnownPerson)


def known_people(config: Config, engine: Engine, shared: redis.Redis | None) -> KnownPeople:
    """Return where this instance remembers people: Redis when configured, else the store."""
    key = hashing_key(config.secret_keys[0])
    return RedisKnownPeople(shared, key) if shared is not None else SqlKnownPeople(engine, key)


class RedisKnownPeople:
    """Known people as expiring Redis keys; never raises for Redis being unreachable."""

    def __init__(self, client: redis.Redis, key: bytes) -> None:
        self._redis = client
        self._key = key
        self._lock = threading.Lock()
        self._failing = False  # so an outage is logged once, not on every open

    def recall(self, org_id: str, email: str) -> KnownPerson | None:
        try:
            raw = self._redis.get(self._name(org_id, email))
        except redis.RedisError as error:
            self._failed(error)
            return None
        self._answered()
        if not isinstance(raw, bytes):
            return None
        try:
            return _PERSON.validate_json(raw)
        except ValidationError:
            return None  # not ours to trust: the search will say

    def remember(self, org_id: str, email: str, person: KnownPerson) -> None:
        ttl = int(KNOWN_FOR.total_seconds())
        try:
            self._redis.set(self._name(org_id, email), _PERSON.dump_json(person), ex=ttl)
        except redis.RedisError as error:
            self._failed(error)
            return
        self._answered()

    def forget(self, org_id: str, email: str) -> None:
        try:
            self._redis.delete(self._name(org_id, email))
        except redis.RedisError as error:
            self._failed(error)
            return
        self._answered()

    def _name(self, org_id: str, email: str) -> str:
        org = hashlib.sha256(org_id.encode()).hexdigest()[:24]
        return f"known:{org}:{address_hash(self._key, org_id, email)}"

    def _failed(self, error: redis.RedisError) -> None:
        with self._lock:
            first, self._failing = not self._failing, True
        if first:
            log.warning(
                "Redis unreachable; opens skip the known-people shortcut (%s)",
                type(error).__name__,
            )

    def _answered(self) -> None:
        with self._lock:
            self._failing = False
