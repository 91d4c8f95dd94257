"""Which emails were logged to which leads, shared by everyone in a Close organization."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from addon.cache import OwnedCache
from addon.store.schema import logged_emails
from addon.store.store import COPY_TTL


class LoggedEmails:
    """Emails logged to Close, by organization and RFC Message-ID."""

    def __init__(self, engine: Engine, *, copies: OwnedCache[dict[str, str]] | None = None) -> None:
        self._engine = engine
        # Read on every open; a mark made elsewhere in the organization shows within seconds
        # (at once when `copies` are reset on every instance: shared_cache.RowCopies).
        self._copies = copies if copies is not None else OwnedCache(ttl=COPY_TTL)

    def mark(
        self, *, org_id: str, message_key: str, lead_id: str, activity_id: str, user_id: str
    ) -> None:
        """Remember that a message was logged to a lead (once; repeats are ignored)."""
        try:
            with self._copies.changing((org_id, message_key)), self._engine.begin() as connection:
                connection.execute(
                    insert(logged_emails).values(
                        org_id=org_id,
                        message_key=message_key,
                        lead_id=lead_id,
                        activity_id=activity_id,
                        user_id=user_id,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            return

    def forget_copies(self) -> None:
        """Drop every in-memory copy; the next reads go to the database."""
        self._copies.clear()

    def leads_for(self, *, org_id: str, message_key: str) -> dict[str, str]:
        """Return {lead id: activity id} for a message already logged in this organization."""
        message = (org_id, message_key)
        return dict(self._copies.get_or_load(message, "leads", lambda: self._read(*message)))

    def _read(self, org_id: str, message_key: str) -> dict[str, str]:
        query = select(logged_emails.c.lead_id, logged_emails.c.activity_id).filter_by(
            org_id=org_id, message_key=message_key
        )
        with self._engine.connect() as connection:
            return {lead: activity for lead, activity in connection.execute(query).all()}
