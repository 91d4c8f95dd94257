"""The settings store: its interface, its SQL implementation and a short-lived copy in front."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine, RowMapping, Table, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from addon.cache import OwnedCache
from addon.store.crypto import KeyRing, KeyRingError
from addon.store.models import SECTIONS, UserSettings
from addon.store.schema import metadata, user_settings

log = logging.getLogger(__name__)

COPY_TTL = 5.0  # seconds a change made by another instance may go unseen in memory

# Any constant works; it only has to be the same in every instance sharing the database.
_SCHEMA_LOCK_ID = 0x5E771265

# Both dialects spell the upsert the same way: INSERT … ON CONFLICT (user_id) DO UPDATE.
_INSERTS: dict[str, Callable[[Table], sqlite.Insert | postgresql.Insert]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}
# Every setting but the API key is kept as it is, in the column of the same name.
_PLAIN = [f.name for f in dataclasses.fields(UserSettings) if f.name != "api_key"]


class SettingsStore(Protocol):
    """Where per-user settings live, keyed by the verified Google `sub`."""

    def get(self, user_id: str) -> UserSettings | None:
        """Return the user's settings, or None if they never saved any."""
        ...

    def save(self, settings: UserSettings) -> None:
        """Insert or replace the user's settings."""
        ...

    def delete(self, user_id: str) -> None:
        """Forget the user's settings; a no-op if there are none."""
        ...


class SqlSettingsStore:
    """Settings in the `user_settings` table, with the Close API key encrypted at rest.

    Thread-safe: it holds no state but the engine, whose pool hands each thread its own
    connection. A stored key no configured secret key can decrypt reads back as
    `api_key=None` (not connected), so the user is asked to reconnect rather than erroring.
    """

    def __init__(self, engine: Engine, keyring: KeyRing) -> None:
        if engine.dialect.name not in _INSERTS:
            raise ValueError(f"unsupported database: {engine.dialect.name}")
        self._engine = engine
        self._keyring = keyring
        create_tables(engine)

    def get(self, user_id: str) -> UserSettings | None:
        query = select(user_settings).filter_by(user_id=user_id)
        with self._engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        return _settings_from_row(row, api_key=self._open_key(user_id, row["api_key_encrypted"]))

    def save(self, settings: UserSettings) -> None:
        """Insert or replace the user's settings, encrypting the key with the newest secret."""
        now = datetime.now(UTC)
        row = self._row_from_settings(settings) | {"updated_at": now}
        insert = _INSERTS[self._engine.dialect.name]
        statement = insert(user_settings).values(**row, created_at=now)
        # Everything but the key and created_at follows the latest save.
        changed = {name: statement.excluded[name] for name in row if name != "user_id"}
        statement = statement.on_conflict_do_update(
            index_elements=[user_settings.c.user_id], set_=changed
        )
        with self._engine.begin() as connection:
            connection.execute(statement)

    def delete(self, user_id: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(user_settings).filter_by(user_id=user_id))

    def _open_key(self, user_id: str, token: str | None) -> str | None:
        if token is None:
            return None
        try:
            api_key, current = self._keyring.open(token)
        except KeyRingError:
            # The same short hash as the request log, not the Google account id itself.
            tag = hashlib.sha256(user_id.encode()).hexdigest()[:12]
            log.warning("stored Close API key of user %s is unreadable; needs reconnect", tag)
            return None
        if not current:
            # Compare-and-swap on the old token: a concurrent save of a new key must win.
            rotated = self._keyring.rotate(token)
            same_token = update(user_settings).filter_by(user_id=user_id, api_key_encrypted=token)
            with self._engine.begin() as connection:
                connection.execute(same_token.values(api_key_encrypted=rotated))
        return api_key

    def _row_from_settings(self, settings: UserSettings) -> dict[str, Any]:
        row = {name: getattr(settings, name) for name in _PLAIN}
        api_key = settings.api_key
        return row | {
            "api_key_encrypted": None if api_key is None else self._keyring.encrypt(api_key),
            "sections": [name for name in SECTIONS if name in settings.sections],
            "aliases": list(settings.aliases),
        }


class CachedSettingsStore:
    """A SettingsStore that remembers each user's settings for a few seconds.

    Every event needs the user's settings; reading and decrypting them costs about a
    millisecond. Writes through this instance update the copy at once; a change made by
    another instance (say, a disconnect) is seen here within `ttl` seconds.
    """

    def __init__(
        self,
        inner: SettingsStore,
        *,
        ttl: float = COPY_TTL,
        timer: Callable[[], float] = time.monotonic,
        copies: OwnedCache[UserSettings | None] | None = None,
    ) -> None:
        self._inner = inner
        # `copies` reset on every instance (shared_cache.RowCopies) show another instance's
        # change at once; the copies themselves, with the decrypted key, stay in memory.
        self._copies = copies if copies is not None else OwnedCache(ttl=ttl, timer=timer)

    def get(self, user_id: str) -> UserSettings | None:
        return self._copies.get_or_load(user_id, "settings", lambda: self._inner.get(user_id))

    def save(self, settings: UserSettings) -> None:
        """Save, and keep the saved copy rather than what a read under way brings back."""
        self._inner.save(settings)
        self._copies.reset(settings.user_id)
        self._copies.put(settings.user_id, "settings", settings)

    def delete(self, user_id: str) -> None:
        with self._copies.changing(user_id):
            self._inner.delete(user_id)

    def forget_copies(self) -> None:
        """Drop every in-memory copy; the next reads go to the database."""
        self._copies.clear()


def _settings_from_row(row: RowMapping, *, api_key: str | None) -> UserSettings:
    values = {name: row[name] for name in _PLAIN}
    # A section dropped in a later release must not make old rows unreadable.
    values["sections"] = frozenset(row["sections"]).intersection(SECTIONS)
    return UserSettings(**values, api_key=api_key)


def create_tables(engine: Engine) -> None:
    """Create every table the add-on keeps that does not exist yet."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Instances starting together would race on CREATE TABLE; the lock serialises them.
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _SCHEMA_LOCK_ID})
        metadata.create_all(connection)
