"""A ledger of submitted creation forms: each one creates its record in Close at most once.

Every form that creates something carries a random id. The first submission claims it;
a double click or a retried request finds the claim and gets the first one's answer, or
is told it is still being saved. When Close may have acted without answering (a timeout,
a 5xx), the claim is kept as uncertain, and the next try first looks in Close for what it
would create. A claim is held for a short lease, about one request's deadline: one left
pending longer belongs to a request that died mid-way, and turns uncertain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from addon.store.schema import form_submissions

ClaimState = Literal["new", "pending", "done", "uncertain"]
# Stored states beyond the claim's: an unanswered attempt may still be running in Close
# ("uncertain"), while one Close answered with an error has ended ("answered").
UNSURE = ("uncertain", "answered")
Clock = Callable[[], datetime]
# Past its deadline a request has answered; a little more covers Close finishing it late.
LEASE_MARGIN = timedelta(seconds=5)


def lease_after(request_deadline_seconds: float) -> timedelta:
    """Return how long a claim is held: a request's deadline and a margin."""
    return timedelta(seconds=request_deadline_seconds) + LEASE_MARGIN


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Claim:
    """What the ledger knows of a form when it is submitted.

    `since` is when the earlier attempt was last heard of: when it claimed the form, or
    when it ended without an answer from Close. `in_flight` says an uncertain attempt's
    request may still be running in Close (a timeout, a crash), not answered with an error.
    """

    state: ClaimState
    result: Any = None
    since: datetime | None = None
    in_flight: bool = False


class FormLedger:
    """Submitted forms by user and form id."""

    def __init__(
        self, engine: Engine, *, lease: timedelta = timedelta(seconds=30), clock: Clock = _utc_now
    ) -> None:
        self._engine = engine
        self.lease = lease
        self.clock = clock

    def claim(self, user_id: str, form_id: str) -> Claim:
        """Claim a form for this submission, or say what an earlier one left."""
        form = {"user_id": user_id, "form_id": form_id}
        pending = {"state": "pending", "updated_at": self.clock()}
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
        since = _aware(updated_at)
        if state == "pending" and self.clock() - since > self.lease:
            # The request that claimed it died mid-way; whether Close acted is unknown.
            state = "uncertain"
        if state in UNSURE:
            self._set(user_id, form_id, "pending")
            return Claim("uncertain", result, since, in_flight=state == "uncertain")
        return Claim(state, result, since)

    def done(self, user_id: str, form_id: str, result: Any) -> None:
        """Record what Close created for this form."""
        self._set(user_id, form_id, "done", result)

    def uncertain(
        self, user_id: str, form_id: str, *, in_flight: bool, since: datetime | None = None
    ) -> None:
        """Record that Close may or may not have acted on this form (last heard of `since`).

        `in_flight`: no answer came, so Close may still be acting on it.
        """
        self._set(user_id, form_id, "uncertain" if in_flight else "answered", at=since)

    def release(self, user_id: str, form_id: str) -> None:
        """Forget a claim whose attempt surely changed nothing, so the form can be sent again."""
        with self._engine.begin() as connection:
            connection.execute(delete(form_submissions).filter_by(user_id=user_id, form_id=form_id))

    def _set(
        self, user_id: str, form_id: str, state: str, result: Any = None, at: datetime | None = None
    ) -> None:
        statement = update(form_submissions).filter_by(user_id=user_id, form_id=form_id)
        with self._engine.begin() as connection:
            connection.execute(
                statement.values(state=state, result=result, updated_at=at or self.clock())
            )
