"""What the sidebar adds to a lead: notes, tasks and opportunities, and finding them again.

A draft holds what the user typed, exactly, so a refused form comes back unchanged. The
payload builders check it and turn it into Close's shapes (dates as ISO days); `add`
creates it, and `find_added` looks in Close for what an earlier, unanswered attempt may
have made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from addon.close import CloseClient
from addon.close.metadata import OrgInfo
from addon.close.models import on_lead

Json = dict[str, Any]
Addition = Literal["note", "task", "opportunity"]
PERIODS = (("One-time", "one_time"), ("Monthly", "monthly"), ("Annual", "annual"))
LOOK_BACK = dt.timedelta(days=1)  # an unanswered attempt is retried well within a day


@dataclass(frozen=True)
class NoteDraft:
    note: str = ""


@dataclass(frozen=True)
class TaskDraft:
    text: str = ""
    due: dt.date | None = None
    assigned_to: str = ""


@dataclass(frozen=True)
class OpportunityDraft:
    status_id: str = ""
    value: str = ""
    period: str = "one_time"
    confidence: str = ""
    close_date: dt.date | None = None
    note: str = ""


def member_options(org: OrgInfo, me: str | None) -> tuple[tuple[str, str], ...]:
    """Return (name, user id) of the org's members: the user first, marked, then by name."""
    mine = [(f"{m.name} (me)", m.user_id) for m in org.members if m.user_id == me]
    others = sorted((m.name, m.user_id) for m in org.members if m.user_id != me)
    return tuple(mine + others)


def note_payload(
    draft: NoteDraft, lead_id: str, contact_id: str | None
) -> tuple[Json, dict[str, str]]:
    """Return the note to post, or the problems to show next to the fields."""
    if not draft.note.strip():
        return {}, {"note": "Write the note first."}
    return on_lead(lead_id, contact_id) | {"note": draft.note}, {}


def task_payload(
    draft: TaskDraft, lead_id: str, contact_id: str | None
) -> tuple[Json, dict[str, str]]:
    """Return the lead task to post, or the problems to show next to the fields."""
    if not draft.text.strip():
        return {}, {"text": "Say what needs doing."}
    payload = on_lead(lead_id, contact_id) | {"_type": "lead", "text": draft.text.strip()}
    if draft.assigned_to:
        payload["assigned_to"] = draft.assigned_to
    if draft.due:
        payload["date"] = draft.due.isoformat()
    return payload, {}


def opportunity_payload(
    draft: OpportunityDraft, lead_id: str, contact_id: str | None, cents: int | None
) -> tuple[Json, dict[str, str]]:
    """Return the opportunity to post, or the problems to show; `cents` is the value read."""
    errors: dict[str, str] = {}
    payload = on_lead(lead_id, contact_id) | {"value_period": draft.period}
    if draft.period not in {period for _, period in PERIODS}:
        errors["value_period"] = "Pick how it is billed: one-time, monthly or annual."
    if draft.status_id:
        payload["status_id"] = draft.status_id
    if draft.value.strip() and cents is None:
        errors["value"] = "Enter an amount, like 72,000, 1,250.50 or 80k."
    elif cents is not None:
        payload["value"] = cents
    confidence = draft.confidence.strip().rstrip("%").strip()
    if confidence and (not confidence.isdigit() or int(confidence) > 100):
        errors["confidence"] = "Enter a whole number from 0 to 100."
    elif confidence:
        payload["confidence"] = int(confidence)
    if draft.close_date:
        payload["date_won"] = draft.close_date.isoformat()  # the expected close, while open
    if draft.note.strip():
        payload["note"] = draft.note
    return (payload, {}) if not errors else ({}, errors)


def add(client: CloseClient, kind: Addition, payload: Json) -> str:
    """Create a note, a task or an opportunity on a lead; return its id."""
    return str(client.post(_PATHS[kind], payload)["id"])


def find_added(client: CloseClient, kind: Addition, payload: Json, now: dt.datetime) -> str | None:
    """Return the id of what an unanswered attempt to add `payload` made, if Close has it."""
    found = _FINDERS[kind](client, payload, now)
    return str(found["id"]) if found is not None else None


def _find_note(client: CloseClient, payload: Json, now: dt.datetime) -> Json | None:
    found = _recent(client, "activity/", payload["lead_id"], now, _type="Note")
    return _first(found, lambda a: (a.get("note") or "").strip() == payload["note"].strip())


def _find_task(client: CloseClient, payload: Json, now: dt.datetime) -> Json | None:
    found = _recent(client, "task/", payload["lead_id"], now)
    wanted = payload.get("assigned_to")
    return _first(
        found,
        lambda t: t.get("text") == payload["text"] and (not wanted or t["assigned_to"] == wanted),
    )


def _find_opportunity(client: CloseClient, payload: Json, now: dt.datetime) -> Json | None:
    found = _recent(client, "opportunity/", payload["lead_id"], now)
    keys = [k for k in ("status_id", "value", "value_period", "confidence", "note") if k in payload]
    return _first(found, lambda o: all(o.get(k) == payload[k] for k in keys))


_PATHS: dict[Addition, str] = {
    "note": "activity/note/",
    "task": "task/",
    "opportunity": "opportunity/",
}
_FINDERS: dict[Addition, Callable[[CloseClient, Json, dt.datetime], Json | None]] = {
    "note": _find_note,
    "task": _find_task,
    "opportunity": _find_opportunity,
}


def _recent(
    client: CloseClient, path: str, lead_id: str, now: dt.datetime, **filters: str
) -> list[Json]:
    since = (now - LOOK_BACK).isoformat()
    params = {"lead_id": lead_id, "date_created__gte": since, "_limit": 50, **filters}
    data = client.get(path, params=params).get("data")
    return [item for item in data or [] if isinstance(item, dict)]


def _first(items: list[Json], wanted: Callable[[Json], bool]) -> Json | None:
    return next((item for item in items if wanted(item)), None)
