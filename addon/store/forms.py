"""A ledger of submitted creation forms: each one creates its record in Close at most once.

Every form that creates something carries a random id. The first submission claims it;
a double click or a retried request finds the claim and gets the first one's answer, or
is told it is still being saved. When Close may have acted without answering (a timeout,
a 5xx), the claim is kept as uncertain, and the next try first looks in Close for what it
would create.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from addon.store.schema import form_submissions

ClaimState = Literal["new", "pending", "done", "uncertain"]
STALE_PENDING = timedelta(minutes=2)


def _age(moment: datetime) -> timedelta:
    # SQLite hands back naive datetimes; they were written in UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC) - aware


@dataclass(frozen=True)
class Claim:
    """What the ledger knows of a form when it is submitted."""

    state: ClaimState
    result: Any = None


class FormLedger:
    """Submitted forms by user and form id."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def claim(self, user_id: str, form_id: str) -> Claim:
        """Claim a form for this submission, or say what an earlier one left."""
        form = {"user_id": user_id, "form_id": form_id}
        pending = {"state": "pending", "updated_at": datetime.now(UTC)}
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(form_submissions).values(**form, **pending))
            return Claim("new")
        except IntegrityError:
            pass
        columns = form_submissions.c
        query = select(columns.state, columns.result, columns.updated_at).filter_by(**form)
        with self._engine.connect() as connection:
            found = connection.execute(query).first()
        if found is None:  # released between our insert and this read: try once more
            return self.claim(user_id, form_id)
        state, result, updated_at = found
        if state == "pending" and _age(updated_at) > STALE_PENDING:
            # The request that claimed it died mid-way; whether Close acted is unknown.
            state = "uncertain"
        if state == "uncertain":
            self._set(user_id, form_id, "pending")
        return Claim(state, result)

    def done(self, user_id: str, form_id: str, result: Any) -> None:
        """Record what Close created for this form."""
        self._set(user_id, form_id, "done", result)

    def uncertain(self, user_id: str, form_id: str) -> None:
        """Record that Close may or may not have acted on this form."""
        self._set(user_id, form_id, "uncertain")

    def release(self, user_id: str, form_id: str) -> None:
        """Forget a claim whose attempt surely changed nothing, so the form can be sent again."""
        with self._engine.begin() as connection:
            connection.execute(delete(form_submissions).filter_by(user_id=user_id, form_id=form_id))

    def _set(self, user_id: str, form_id: str, state: str, result: Any = None) -> None:
        statement = update(form_submissions).filter_by(user_id=user_id, form_id=form_id)
        with self._engine.begin() as connection:
            connection.execute(
                statement.values(state=state, result=result, updated_at=datetime.now(UTC))
            )
