"""Known people in Redis when instances share one, otherwise in the SQL store.

In Redis each address is one key, `addon:known:<org hash>:<address hash>`, holding the lead
and contact as JSON and expiring after KNOWN_FOR. Redis being down only costs the shortcut:
the open takes its ordinary three steps, and the outage is logged once (RedisGuard).
"""

from __future__ import annotations

import redis
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Engine

from addon.config import Config
from addon.services import key_owner
from addon.shared_cache import PREFIX, RedisGuard
from addon.store.known import (
    KNOWN_FOR,
    KnownPeople,
    KnownPerson,
    SqlKnownPeople,
    address_hash,
    hashing_key,
)

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
        self._guard = RedisGuard(client, what="opens skip the known-people shortcut")

    def recall(self, org_id: str, email: str) -> KnownPerson | None:
        name = self._name(org_id, email)
        raw = self._guard.run(lambda: self._redis.get(name), None)
        if not isinstance(raw, bytes):
            return None
        try:
            return _PERSON.validate_json(raw)
        except ValidationError:
            return None  # not ours to trust: the search will say

    def remember(self, org_id: str, email: str, person: KnownPerson) -> None:
        name, ttl = self._name(org_id, email), int(KNOWN_FOR.total_seconds())
        self._guard.run(lambda: self._redis.set(name, _PERSON.dump_json(person), ex=ttl), None)

    def forget(self, org_id: str, email: str) -> None:
        name = self._name(org_id, email)
        self._guard.run(lambda: self._redis.delete(name), None)

    def _name(self, org_id: str, email: str) -> str:
        return f"{PREFIX}:known:{key_owner(org_id)}:{address_hash(self._key, org_id, email)}"
