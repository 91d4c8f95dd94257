"""What an edit action is about: the field its arguments name, its spec, name and value.

`FieldArgs` has checked that the arguments name Close records before the handler runs.
The field's spec is rebuilt from the organization's metadata (statuses, members, custom
field definitions); the record's name and current value come from the record the card
was built from. Both are cached.
"""

from __future__ import annotations

from typing import Any

from addon.close import CloseNotFound
from addon.crm.editing import Editing
from addon.crm.fields import FieldSpec, contact_spec, custom_spec, lead_spec
from addon.lookup import Lookup
from addon.screens.refs import FieldArgs
from addon.store import StagedChange


class BadTarget(ValueError):
    """An edit action's arguments name no field the sidebar edits."""


class NotEditable(Exception):
    """The user's Close role may not change this custom field."""


def field_spec(lookup: Lookup, args: FieldArgs) -> FieldSpec:
    """Return the spec of the field an edit action is about."""
    spec: FieldSpec | None = None
    if args.field.startswith("custom.") and args.object_type in ("lead", "contact"):
        schema = lookup.field_schema(args.object_type)
        field = schema.fields.get(args.field.removeprefix("custom."))
        org = lookup.org()
        spec = custom_spec(args.object_type, field, org) if field else None
        role = org.member_role(lookup.settings.close_user_id)
        if field is not None and not Editing(role=role).may_edit(field):
            raise NotEditable(field.name)
    elif args.object_type == "lead":
        spec = lead_spec(args.field, lookup.org() if args.field == "status_id" else None)
    elif args.object_type == "contact":
        spec = contact_spec(args.field)
    if spec is None or (spec.kind in ("email", "phone")) != (args.entry is not None):
        raise BadTarget(f"no editable field {args.field!r} on a {args.object_type}")
    return spec


def current_value(lookup: Lookup, args: FieldArgs, spec: FieldSpec) -> Any:
    """Return what Close holds for the field (from the record the card was built from)."""
    data = lookup.record(args.lead_id, contact_id=args.contact_id)
    record = data.lead if args.object_type == "lead" else data.contact(args.record_id)
    if record is None:
        raise CloseNotFound()
    if spec.key.startswith("custom."):
        return record.custom_values.get(spec.key.removeprefix("custom."))
    return getattr(record, spec.key, None)


def record_name(lookup: Lookup, args: FieldArgs) -> str:
    """Return the name of the lead or contact edited ("" for a contact the card lacks)."""
    data = lookup.record(args.lead_id, contact_id=args.contact_id)
    if args.object_type == "lead":
        return data.lead.label
    contact = data.contact(args.record_id)
    return contact.label if contact else ""


def waiting_change(
    lookup: Lookup, lead_id: str, object_type: str, object_id: str, field: str
) -> StagedChange | None:
    """Return the user's own staged change of one field of one record, if any."""
    return lookup.editing(lead_id, None).waiting(object_type, object_id, field)
