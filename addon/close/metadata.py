"""Organization metadata, cached per API key: coworkers, statuses and custom fields.

It changes rarely and is needed on every open (coworkers decide what is internal mail;
custom field definitions format values), so one load serves a user for several minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from addon.close import CloseClient
from addon.close.models import CustomField, Member

ORG_FIELDS = "currency,memberships,lead_statuses,pipelines"


@dataclass(frozen=True)
class OpportunityStatus:
    """One status of an opportunity pipeline."""

    id: str
    label: str
    type: str  # active, won or lost
    pipeline: str


@dataclass(frozen=True)
class OrgInfo:
    """Who works here, and which lead and opportunity statuses exist."""

    currency: str | None
    members: tuple[Member, ...]
    lead_statuses: tuple[tuple[str, str], ...]  # (id, label) in Close's order
    loaded_at: float = 0.0  # wall-clock time of the load (every instance agrees on its age)
    opportunity_statuses: tuple[OpportunityStatus, ...] = ()  # pipeline by pipeline

    @property
    def coworker_emails(self) -> frozenset[str]:
        return frozenset(m.user_email.lower() for m in self.members if m.user_email)

    def opportunity_choices(self) -> tuple[tuple[str, str], ...]:
        """Return (label, status id) of every opportunity status, by pipeline where several."""
        named = len({s.pipeline for s in self.opportunity_statuses}) > 1
        return tuple(
            (f"{s.pipeline} · {s.label}" if named else s.label, s.id)
            for s in self.opportunity_statuses
        )

    def member_name(self, user_id: str | None) -> str | None:
        """Return a coworker's name by Close user id."""
        return next((m.name for m in self.members if m.user_id == user_id), None)

    def member_role(self, user_id: str | None) -> str | None:
        """Return a coworker's Close role id by Close user id."""
        return next((m.role_id for m in self.members if m.user_id == user_id), None)


@dataclass(frozen=True)
class FieldSchema:
    """Custom field definitions of one object type, by field id."""

    fields: dict[str, CustomField] = field(default_factory=dict)


def load_org(client: CloseClient, org_id: str, *, now: float = 0.0) -> OrgInfo:
    """Fetch the organization's members, lead statuses and pipelines."""
    raw = client.get(f"organization/{org_id}/", params={"_fields": ORG_FIELDS})
    members = tuple(Member.model_validate(m) for m in raw.get("memberships") or [])
    statuses = tuple(
        (str(s["id"]), str(s.get("label", ""))) for s in raw.get("lead_statuses") or [] if "id" in s
    )
    opportunity_statuses = tuple(
        OpportunityStatus(
            id=str(s["id"]),
            label=str(s.get("label") or ""),
            type=str(s.get("type") or "active"),
            pipeline=str(p.get("name") or ""),
        )
        for p in raw.get("pipelines") or []
        for s in p.get("statuses") or []
        if "id" in s
    )
    return OrgInfo(
        currency=raw.get("currency"),
        members=members,
        lead_statuses=statuses,
        loaded_at=now,
        opportunity_statuses=opportunity_statuses,
    )


def load_fields(client: CloseClient, object_type: str) -> FieldSchema:
    """Fetch custom field definitions (shared ones included) for leads or contacts."""
    raw = client.get(f"custom_field_schema/{object_type}/")
    fields = (CustomField.model_validate(f) for f in raw.get("fields") or [])
    return FieldSchema(fields={f.id: f for f in fields})
