"""What an edit action is about: the record and field its parameters name, and their spec.

Parameters come back from Gmail as they were put on the card; they are checked to name a
Close record before anything is read or written, and the field's spec is rebuilt from the
organization's metadata (statuses, members, custom field definitions), which is cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from addon.close import CloseNotFound
from addon.close.field_writes import record_path
from addon.crm.editing import Editing
from addon.crm.fields import FieldSpec, contact_spec, custom_spec, lead_spec
from addon.events import Event
from addon.lookup import Lookup
from addon.registry import Context
from addon.store import StagedChange


class BadTarget(ValueError):
    """An edit action's parameters do not name a Close record."""


@dataclass(frozen=True)
class Target:
    """The record and field an edit action is about, from the parameters it carries."""

    object_type: str
    object_id: str
    field: str
    lead_id: str
    contact_id: str  # the contact the record card shows (it keys the cached record)
    who: str  # the record in words, for labels: "Dana Whitfield", "$72,000"
    entry: str | None  # emails/phones: the entry edited, "" for a new one; None otherwise
    entry_type: str

    @classmethod
    def of(cls, event: Event) -> Target:
        """Read the target from an event, refusing parameters that name no Close record."""
        object_type, object_id = event.param("object_type"), event.param("object_id")
        lead_id = event.param("lead_id")
        try:
            record_path(object_type, object_id)
            record_path("lead", lead_id)
        except ValueError:
            raise BadTarget("the edit names no Close record") from None
        return cls(
            object_type=object_type,
            object_id=object_id,
            field=event.param("field"),
            lead_id=lead_id,
            contact_id=event.param("contact_id"),
            who=event.param("who")[:200],
            entry=event.param("entry") if "entry" in event.parameters else None,
            entry_type=event.param("entry_type") or "office",
        )


def label_for(target: Target, field_label: str) -> str:
    """Return how a staged change names its field: the record first unless it is the lead."""
    if target.object_type == "lead":
        return field_label
    if target.object_type == "opportunity":
        return f"Opportunity {target.who} · {field_label}"
    if target.object_type == "task":
        return f"Task “{target.who}”"
    return f"{target.who} · {field_label}" if target.who else field_label


class NotEditable(Exception):
    """The user's Close role may not change this custom field."""


def field_spec(ctx: Context, target: Target) -> FieldSpec:
    """Return the spec of the field an edit action is about."""
    lookup = Lookup(ctx)
    spec: FieldSpec | None = None
    if target.field.startswith("custom.") and target.object_type in ("lead", "contact"):
        schema = lookup.field_schema(target.object_type)
        field = schema.fields.get(target.field.removeprefix("custom."))
        org = lookup.org()
        spec = custom_spec(target.object_type, field, org) if field else None
        role = org.member_role(ctx.require_settings().close_user_id)
        if field is not None and not Editing(role=role).may_edit(field):
            raise NotEditable(field.name)
    elif target.object_type == "lead":
        spec = lead_spec(target.field, lookup.org() if target.field == "status_id" else None)
    elif target.object_type == "contact":
        spec = contact_spec(target.field)
    if spec is None or (spec.kind in ("email", "phone")) != (target.entry is not None):
        raise BadTarget(f"no editable field {target.field!r} on a {target.object_type}")
    return spec


def current_value(ctx: Context, target: Target, spec: FieldSpec) -> Any:
    """Return what Close holds for the field (from the record the card was built from)."""
    data = Lookup(ctx).record(target.lead_id, contact_id=target.contact_id or None)
    record = data.lead if target.object_type == "lead" else data.contact(target.object_id)
    if record is None:
        raise CloseNotFound()
    if spec.key.startswith("custom."):
        return record.custom_values.get(spec.key.removeprefix("custom."))
    return getattr(record, spec.key, None)


def waiting_change(
    ctx: Context, lead_id: str, object_type: str, object_id: str, field: str
) -> StagedChange | None:
    """Return the user's own staged change of one field of one record, if any."""
    staged = Editing(staged=tuple(ctx.services.staged.list(ctx.user.sub, lead_id=lead_id)))
    return staged.waiting(object_type, object_id, field)
