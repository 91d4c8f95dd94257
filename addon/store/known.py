"""Which lead and contact an email address belonged to, per organization, for days.

A cold open of mail from someone seen before starts loading their record beside the search
instead of after it (see lookup.py); the search still decides what the card shows. Only a
keyed hash of the address is kept, never the address itself: HMAC-SHA256 under a key
derived from the instance's newest secret key, so the rows (or Redis keys) do not say who
wrote to whom, and a guessed address cannot be checked against them without the secret.
A rotated secret starts the memory afresh, which costs one ordinary open per person.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import Engine, delete, select

from addon.store.schema import known_people
from addon.store.store import _INSERTS

KNOWN_FOR = timedelta(days=30)


@dataclass(frozen=True)
class KnownPerson:
    """The lead, and the contact on it, that an address was found on."""

    lead_id: str
    contact_id: str | None = None


class KnownPeople(Protocol):
    """Where the add-on remembers who is who in each organization."""

    def recall(self, org_id: str, email: str) -> KnownPerson | None:
        """Return where `email` was found last in this organization, if within KNOWN_FOR."""
        ...

    def remember(self, org_id: str, email: str, person: KnownPerson) -> None:
        """Note that the search found `email` on exactly this lead and contact."""
        ...

    def forget(self, org_id: str, email: str) -> None:
        """Forget `email` (the search found it nowhere, or on several records)."""
        ...


def hashing_key(secret_key: str) -> bytes:
    """Derive the address-hashing key from a secret key, kept apart from its use for encryption."""
    return hmac.digest(secret_key.encode(), b"close-addon known people", "sha256")


def address_hash(key: bytes, org_id: str, email: str) -> str:
    """Return the keyed hash that stands for `email` in one organization."""
    message = f"{org_id}\0{email.strip().lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class SqlKnownPeople:
    """Known people in the `known_people` table: one row per organization and address hash."""

    def __init__(
        self, engine: Engine, key: bytes, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
    ) -> None:
        self._engine = engine
        self._key = key
        self._now = now

    def recall(self, org_id: str, email: str) -> KnownPerson | None:
        query = select(
            known_people.c.lead_id, known_people.c.contact_id, known_people.c.seen_at
        ).filter_by(org_id=org_id, address_hash=address_hash(self._key, org_id, email))
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None or _aware(row.seen_at) < self._now() - KNOWN_FOR:
            return None
        return KnownPerson(lead_id=row.lead_id, contact_id=row.contact_id)

    def remember(self, org_id: str, email: str, person: KnownPerson) -> None:
        now = self._now()
        row = {
            "org_id": org_id,
            "address_hash": address_hash(self._key, org_id, email),
            "lead_id": person.lead_id,
            "contact_id": person.contact_id,
            "seen_at": now,
        }
        statement = _INSERTS[self._engine.dialect.name](known_people).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=[known_people.c.org_id, known_people.c.address_hash],
            set_={name: statement.excluded[name] for name in ("lead_id", "contact_id", "seen_at")},
        )
        # Rows past their days are dropped as new ones come, so the table holds only the
        # people the organization wrote with lately.
        expired = delete(known_people).where(
            known_people.c.org_id == org_id, known_people.c.seen_at < now - KNOWN_FOR
        )
        with self._engine.begin() as connection:
            connection.execute(expired)
            connection.execute(statement)

    def forget(self, org_id: str, email: str) -> None:
        hashed = address_hash(self._key, org_id, email)
        with self._engine.begin() as connection:
            connection.execute(delete(known_people).filter_by(org_id=org_id, address_hash=hashed))


def _aware(moment: datetime) -> datetime:
    # SQLite hands back the naive UTC time it was given; PostgreSQL an aware one.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
