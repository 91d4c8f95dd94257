"""Edits waiting to be sent to Close together, kept in the database.

They survive a reload, another device and a server restart, and only their owner ever
sees or sends them. Staging the same field of the same record again replaces the value.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from addon.cache import OwnedCache
from addon.store.schema import staged_changes
from addon.store.store import COPY_TTL


@dataclass(frozen=True)
class StagedChange:
    """One field of one Close record, as it will be sent."""

    id: int
    object_type: str
    object_id: str
    lead_id: str
    field: str
    value: Any
    label: str
    shown: str
    error: str | None = None


_COLUMNS = [staged_changes.c[f.name] for f in fields(StagedChange)]


class StagedChanges:
    """A user's waiting edits, in the order they were made."""

    def __init__(
        self, engine: Engine, *, copies: OwnedCache[tuple[StagedChange, ...]] | None = None
    ) -> None:
        self._engine = engine
        # Every record card reads them; edits on this instance drop the copy at once, edits
        # on another instance show within a few seconds (at once when `copies` are reset
        # on every instance: shared_cache.RowCopies).
        self._copies = copies if copies is not None else OwnedCache(ttl=COPY_TTL)

    def stage(
        self,
        user_id: str,
        *,
        object_type: str,
        object_id: str,
        lead_id: str,
        field: str,
        value: Any,
        label: str,
        shown: str,
    ) -> None:
        """Keep an edit for later, replacing an earlier one of the same field."""
        key = dict(user_id=user_id, object_type=object_type, object_id=object_id, field=field)
        row = {"value": value, "label": label, "shown": shown, "error": None}
        with self._copies.changing(user_id), self._engine.begin() as connection:
            replaced = connection.execute(update(staged_changes).filter_by(**key).values(**row))
            if replaced.rowcount == 0:
                created = datetime.now(UTC)
                connection.execute(
                    insert(staged_changes).values(**key, **row, lead_id=lead_id, created_at=created)
                )

    def forget_copies(self) -> None:
        """Drop every in-memory copy; the next reads go to the database."""
        self._copies.clear()

    def list(self, user_id: str, *, lead_id: str | None = None) -> list[StagedChange]:
        """Return the user's waiting edits (of one lead's records), oldest first."""
        changes = self._copies.get_or_load(user_id, "staged", lambda: self._read(user_id))
        return [c for c in changes if lead_id is None or c.lead_id == lead_id]

    def _read(self, user_id: str) -> tuple[StagedChange, ...]:
        query = select(*_COLUMNS).filter_by(user_id=user_id).order_by(staged_changes.c.id)
        with self._engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return tuple(StagedChange(**row) for row in rows)

    def sent(self, user_id: str, change_id: int) -> None:
        """Forget an edit Close accepted."""
        with self._copies.changing(user_id), self._engine.begin() as connection:
            connection.execute(delete(staged_changes).filter_by(user_id=user_id, id=change_id))

    def refused(self, user_id: str, change_id: int, reason: str) -> None:
        """Keep an edit Close refused, with Close's reason beside it."""
        refused = update(staged_changes).filter_by(user_id=user_id, id=change_id)
        with self._copies.changing(user_id), self._engine.begin() as connection:
            connection.execute(refused.values(error=reason[:500]))

    def discard(self, user_id: str, *, lead_id: str | None = None) -> int:
        """Drop the user's waiting edits (of one lead's records); return how many."""
        statement = delete(staged_changes).filter_by(user_id=user_id)
        if lead_id is not None:
            statement = statement.filter_by(lead_id=lead_id)
        with self._copies.changing(user_id), self._engine.begin() as connection:
            return int(connection.execute(statement).rowcount)
