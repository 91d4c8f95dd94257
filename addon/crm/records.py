"""Everything the record card shows about one lead, fetched in parallel once it is known.

Each section is loaded only when the user's settings ask for it: users of CRM sidebars
prefer less information, faster. All calls for one record start together, so a record
costs one upstream round trip of wall time, however many sections are on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, TypeVar

from addon.close_client import CloseClient
from addon.crm.metadata import FieldSchema
from addon.crm.models import Activity, Contact, Lead, Opportunity, Task
from addon.crm.search import LEAD_FIELDS as SEARCH_LEAD_FIELDS

T = TypeVar("T")

LEAD_FIELDS = ",".join(SEARCH_LEAD_FIELDS)
MAX_OPPORTUNITIES = 20
MAX_TASKS = 20


@dataclass(frozen=True)
class ActivityPage:
    """One page of activities, newest first."""

    items: tuple[Activity, ...]
    skip: int
    has_more: bool


@dataclass(frozen=True)
class RecordData:
    """A lead and the sections the user asked for (None where a section is off)."""

    lead: Lead
    opportunities: tuple[Opportunity, ...] | None = None
    tasks: tuple[Task, ...] | None = None
    activities: ActivityPage | None = None
    lead_fields: FieldSchema | None = None
    contact_fields: FieldSchema | None = None

    def contact(self, contact_id: str | None) -> Contact | None:
        """Return one of the lead's contacts by id."""
        return next((c for c in self.lead.contacts if c.id == contact_id), None)


def load_activities(
    client: CloseClient, lead_id: str, *, contact_id: str | None, skip: int, limit: int
) -> ActivityPage:
    """Fetch one page of a lead's (or one contact's) activities, newest first."""
    params: dict[str, Any] = {"lead_id": lead_id, "_skip": skip, "_limit": limit}
    if contact_id:
        params["contact_id"] = contact_id
    raw = client.get("activity/", params=params)
    items = tuple(Activity.model_validate(a) for a in raw.get("data") or [])
    return ActivityPage(items=items, skip=skip, has_more=bool(raw.get("has_more")))


def load_record(
    client: CloseClient,
    pool: Executor,
    *,
    lead_id: str,
    sections: Collection[str],
    page_size: int,
    activity_contact_id: str | None = None,
    field_schema: Callable[[str], FieldSchema],
    known_lead: Lead | None = None,
) -> RecordData:
    """Fetch the lead (unless the search already brought it) and its sections, all at once."""

    def later(fn: Callable[[], T], wanted: bool = True) -> Future[T] | None:
        return pool.submit(fn) if wanted else None

    # Each call parses its own answer in its worker, while the others are still in flight.
    lead = later(
        lambda: Lead.model_validate(
            client.get(f"lead/{lead_id}/", params={"_fields": LEAD_FIELDS})
        ),
        known_lead is None,
    )
    opportunities = later(
        lambda: _each(
            client.get(
                "opportunity/",
                params={
                    "lead_id": lead_id,
                    "_order_by": "-date_updated",
                    "_limit": MAX_OPPORTUNITIES,
                },
            ),
            Opportunity.model_validate,
        ),
        "opportunities" in sections,
    )
    tasks = later(
        lambda: _each(
            client.get(
                "task/",
                params={
                    "lead_id": lead_id,
                    "is_complete": "false",
                    "_order_by": "date",
                    "_limit": MAX_TASKS,
                },
            ),
            Task.model_validate,
        ),
        "tasks" in sections,
    )
    # The request thread does one call itself and reads the (usually cached) field
    # definitions meanwhile, rather than waiting idle on one more handoff to a worker.
    activities = (
        load_activities(client, lead_id, contact_id=activity_contact_id, skip=0, limit=page_size)
        if "activities" in sections
        else None
    )
    custom = "custom_fields" in sections
    lead_fields = field_schema("lead") if custom else None
    contact_fields = field_schema("contact") if custom else None
    return RecordData(
        lead=known_lead or _result(lead),
        opportunities=_result(opportunities),
        tasks=_result(tasks),
        activities=activities,
        lead_fields=lead_fields,
        contact_fields=contact_fields,
    )


def _result(future: Future[T] | None) -> T:
    # Errors surface in the caller's thread, typed, so errors.py can turn them into a card.
    return future.result() if future is not None else None  # type: ignore[return-value]


def _each(page: dict[str, Any], parse: Callable[[Any], T]) -> tuple[T, ...]:
    return tuple(parse(item) for item in page.get("data") or [])
