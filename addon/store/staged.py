"""Edits waiting to be sent to Close together, kept in the database.

They survive a reload, another device and a server restart, and only their owner ever
sees or sends them. Staging the same field of the same record again replaces the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from addon.store.cached import Memo
from addon.store.schema import staged_changes


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


class StagedChanges:
    """A user's waiting edits, in the order they were made."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Every record card reads them; edits on this instance drop the copy at once, edits
        # on another instance show within the memo's few seconds.
        self._memo: Memo[str, tuple[StagedChange, ...]] = Memo()

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
        key = (
            (staged_changes.c.user_id == user_id)
            & (staged_changes.c.object_type == object_type)
            & (staged_changes.c.object_id == object_id)
            & (staged_changes.c.field == field)
        )
        row = {"value": value, "label": label, "shown": shown, "error": None}
        with self._memo.changing(user_id), self._engine.begin() as connection:
            replaced = connection.execute(update(staged_changes).where(key).values(**row))
            if replaced.rowcount == 0:
                connection.execute(
                    insert(staged_changes).values(
                        user_id=user_id,
                        object_type=object_type,
                        object_id=object_id,
                        lead_id=lead_id,
                        field=field,
                        created_at=datetime.now(UTC),
                        **row,
                    )
                )

    def forget_copies(self) -> None:
        """Drop every in-memory copy; the next reads go to the database."""
        self._memo.clear()

    def list(self, user_id: str, *, lead_id: str | None = None) -> list[StagedChange]:
        """Return the user's waiting edits (of one lead's records), oldest first."""
        changes = self._memo.get(user_id, lambda: self._read(user_id))
        return [c for c in changes if lead_id is None or c.lead_id == lead_id]

    def _read(self, user_id: str) -> tuple[StagedChange, ...]:
        query = select(staged_changes).where(staged_changes.c.user_id == user_id)
        with self._engine.connect() as connection:
            rows = connection.execute(query.order_by(staged_changes.c.id)).mappings().all()
        return tuple(
            StagedChange(
                id=r["id"],
                object_type=r["object_type"],
                object_id=r["object_id"],
                lead_id=r["lead_id"],
                field=r["field"],
                value=r["value"],
                label=r["label"],
                shown=r["shown"],
                error=r["error"],
            )
            for r in rows
        )

    def sent(self, user_id: str, change_id: int) -> None:
        """Forget an edit Close accepted."""
        with self._memo.changing(user_id), self._engine.begin() as connection:
            connection.execute(
                delete(staged_changes).where(
                    (staged_changes.c.user_id == user_id) & (staged_changes.c.id == change_id)
                )
            )

    def refused(self, user_id: str, change_id: int, reason: str) -> None:
        """Keep an edit Close refused, with Close's reason beside it."""
        with self._memo.changing(user_id), self._engine.begin() as connection:
            connection.execute(
                update(staged_changes)
                .where((staged_changes.c.user_id == user_id) & (staged_changes.c.id == change_id))
                .values(error=reason[:500])
            )

    def discard(self, user_id: str, *, lead_id: str | None = None) -> int:
        """Drop the user's waiting edits (of one lead's records); return how many."""
        condition = staged_changes.c.user_id == user_id
        if lead_id is not None:
            condition = condition & (staged_changes.c.lead_id == lead_id)
        with self._memo.changing(user_id), self._engine.begin() as connection:
            return int(connection.execute(delete(staged_changes).where(condition)).rowcount)
