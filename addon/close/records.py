"""Everything the record card shows about one lead, fetched in parallel once it is known.

Each section is loaded only when the user's settings ask for it: users of CRM sidebars
prefer less information, faster. Opportunities and open tasks come nested in the lead
(from the search, in lead view), so a lead costs at most two calls, the lead and its
activities, started together: one upstream round trip of wall time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, TypeVar

from addon.close import CloseClient
from addon.close.metadata import FieldSchema
from addon.close.models import Activity, Contact, Lead, Opportunity, Task, on_lead
from addon.close.search import lead_fields

T = TypeVar("T")

# What an activity line shows (screens/activities/lines.py), of every type at once; never the
# email bodies, which can run to hundreds of KB each and are not shown.
ACTIVITY_FIELDS = ",".join(
    [
        *("id", "_type", "lead_id", "contact_id", "user_name", "date_created", "activity_at"),
        *("direction", "status", "subject", "template_id", "template_name", "opens"),
        *("duration", "note", "note_html", "title", "starts_at", "text", "task_text"),
        *("old_status_label", "new_status_label", "opportunity_value"),
        *("opportunity_value_currency", "source", "latest_normalized_subject"),
    ]
)
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


def fetch_activity(client: CloseClient, kind: str, activity_id: str) -> Activity:
    """Fetch one activity whole (an email's body, a note's full text) by its URL kind."""
    return Activity.model_validate(client.get(f"activity/{kind}/{activity_id}/"))


def load_activities(
    client: CloseClient, lead_id: str, *, contact_id: str | None, skip: int, limit: int
) -> ActivityPage:
    """Fetch one page of a lead's (or one contact's) activities, newest first."""
    page = {"_skip": skip, "_limit": limit, "_fields": ACTIVITY_FIELDS}
    raw = client.get("activity/", params=on_lead(lead_id, contact_id) | page)
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
    known_lead: Lead | Future[Lead] | None = None,
    started_activities: Future[ActivityPage] | None = None,
) -> RecordData:
    """Fetch the lead (unless the search already brought it) and its activities, at once.

    Close nests a lead's opportunities and open tasks in the lead, so those sections come
    with it. Should a search answer lack them, they are fetched beside the activities:
    never one step more, and never shown empty for want of asking. A lead or activities
    page already on its way (started beside the search) is waited for, not asked again.
    """
    deals_wanted, tasks_wanted = "opportunities" in sections, "tasks" in sections
    # Each call parses its own answer in its worker, while the others are still in flight.
    lead = known_lead or pool.submit(fetch_lead, client, lead_id, sections)
    deals: Future[tuple[Opportunity, ...]] | None = None
    tasks: Future[tuple[Task, ...]] | None = None
    if isinstance(lead, Lead) and deals_wanted and lead.opportunities is None:
        deals = pool.submit(fetch_opportunities, client, lead_id)
    if isinstance(lead, Lead) and tasks_wanted and lead.tasks is None:
        tasks = pool.submit(fetch_open_tasks, client, lead_id)
    # The request thread does one call itself and reads the (usually cached) field
    # definitions meanwhile, rather than waiting idle on one more handoff to a worker.
    if started_activities is not None:
        activities: ActivityPage | None = started_activities.result()
    elif "activities" in sections:
        activities = load_activities(
            client, lead_id, contact_id=activity_contact_id, skip=0, limit=page_size
        )
    else:
        activities = None
    custom = "custom_fields" in sections
    lead_schema = field_schema("lead") if custom else None
    contact_schema = field_schema("contact") if custom else None
    # Errors surface in the caller's thread, typed, so errors.py can turn them into a card.
    found = lead if isinstance(lead, Lead) else lead.result()
    return RecordData(
        lead=found,
        opportunities=newest_deals(_either(deals, found.opportunities)) if deals_wanted else None,
        tasks=open_tasks(_either(tasks, found.tasks)) if tasks_wanted else None,
        activities=activities,
        lead_fields=lead_schema,
        contact_fields=contact_schema,
    )


def fetch_lead(client: CloseClient, lead_id: str, sections: Collection[str]) -> Lead:
    """Fetch one lead from its own endpoint, with the nested sections shown."""
    fields = ",".join(lead_fields(sections))
    return Lead.model_validate(client.get(f"lead/{lead_id}/", params={"_fields": fields}))


def fetch_contact(client: CloseClient, contact_id: str) -> Contact:
    """Fetch one contact from its own endpoint."""
    return Contact.model_validate(client.get(f"contact/{contact_id}/"))


def fetch_opportunity(client: CloseClient, opportunity_id: str) -> Opportunity:
    """Fetch one opportunity, open or closed, from its own endpoint."""
    return Opportunity.model_validate(client.get(f"opportunity/{opportunity_id}/"))


def fetch_task(client: CloseClient, task_id: str) -> Task:
    """Fetch one task, open or done, from its own endpoint."""
    return Task.model_validate(client.get(f"task/{task_id}/"))


def newest_deals(deals: Iterable[Opportunity]) -> tuple[Opportunity, ...]:
    """Return a lead's opportunities, most recently updated first, at most MAX_OPPORTUNITIES."""
    ordered = sorted(deals, key=lambda o: (o.date_updated is not None, o.date_updated))
    return tuple(reversed(ordered))[:MAX_OPPORTUNITIES]


def open_tasks(tasks: Iterable[Task]) -> tuple[Task, ...]:
    """Return a lead's open tasks, soonest due first (dateless last), at most MAX_TASKS."""
    ordered = sorted(
        (t for t in tasks if not t.is_complete), key=lambda t: (t.date is None, t.date)
    )
    return tuple(ordered)[:MAX_TASKS]


def fetch_opportunities(client: CloseClient, lead_id: str) -> tuple[Opportunity, ...]:
    """Fetch a lead's opportunities, open and closed, most recently updated first."""
    params = {"lead_id": lead_id, "_order_by": "-date_updated", "_limit": MAX_OPPORTUNITIES}
    return _each(client.get("opportunity/", params=params), Opportunity.model_validate)


def fetch_open_tasks(client: CloseClient, lead_id: str) -> tuple[Task, ...]:
    """Fetch a lead's open tasks, soonest due first."""
    params = {"lead_id": lead_id, "is_complete": "false", "_order_by": "date", "_limit": MAX_TASKS}
    return _each(client.get("task/", params=params), Task.model_validate)


def _either(call: Future[tuple[T, ...]] | None, nested: tuple[T, ...] | None) -> tuple[T, ...]:
    # The separate call's answer when one was needed, else what Close nested in the lead.
    return call.result() if call is not None else nested or ()


def _each(page: dict[str, Any], parse: Callable[[Any], T]) -> tuple[T, ...]:
    return tuple(parse(item) for item in page.get("data") or [])
