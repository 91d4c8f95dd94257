"""Deleting a record in Close, and reading what goes with it just before asking.

A lead takes its contacts, opportunities, tasks and activities with it, so the question
counts them from what Close holds at the moment of asking, not from a cached card.
"""

from __future__ import annotations

from dataclasses import dataclass

from addon.close import CloseClient
from addon.close.field_writes import record_path
from addon.close.models import Lead

NAMES = "id,display_name,name"
LEAD_COUNTS = f"{NAMES},contact_ids,opportunities,tasks"


@dataclass(frozen=True)
class LeadContents:
    """A lead by name, and how many of each record would go with it."""

    name: str
    contacts: int
    opportunities: int
    tasks: int


def lead_contents(client: CloseClient, lead_id: str) -> LeadContents:
    """Fetch a lead's name and count its contacts, opportunities and open tasks."""
    raw = client.get(f"lead/{lead_id}/", {"_fields": LEAD_COUNTS})
    counts = (len(raw.get(k) or []) for k in ("contact_ids", "opportunities", "tasks"))
    return LeadContents(Lead.model_validate(raw).label, *counts)


def lead_name(client: CloseClient, lead_id: str) -> str:
    """Fetch only a lead's name."""
    return Lead.model_validate(client.get(f"lead/{lead_id}/", {"_fields": NAMES})).label


def delete_record(client: CloseClient, object_type: str, object_id: str) -> None:
    """Delete a lead, contact, opportunity or task (CloseNotFound when already gone)."""
    client.delete(record_path(object_type, object_id))
