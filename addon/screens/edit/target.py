"""What an edit is about (the field its arguments name, its spec and value) and its words.

`FieldArgs` has checked that the arguments name Close records before the handler runs.
The field's spec is rebuilt from the organization's metadata (statuses, members, custom
field definitions). Names and current values come from the record the card was built
from, both cached, never from a button: "Acme · Lead status", "Dana Whitfield · Title",
"Opportunity $72,000 · Status", "Task “Call Dana”".
"""

from __future__ import annotations

from typing import Any

from addon.close import CloseNotFound
from addon.close.models import Opportunity, Task
from addon.crm import field_values as fv
from addon.crm.editing import Editing
from addon.crm.fields import CHOICE_KINDS, FieldSpec, custom_spec, standard_spec
from addon.lookup import Lookup
from addon.registry import BadArguments
from addon.screens.refs import FieldArgs
from addon.ui.format import money, shorten


class BadTarget(BadArguments):
    """An edit action's arguments name no field the sidebar edits (a 400, as forged)."""


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
    else:
        needs_org = args.field == "status_id"  # for the statuses offered
        spec = standard_spec(args.object_type, args.field, lookup.org() if needs_org else None)
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


def show(spec: FieldSpec, value: Any) -> str:
    """Return a Close value in words: 'Qualified', 'IT, Cars', '$72,000', 'Jun 30, 2026'.

    Text is cut to its first words (`shorten`): this names a value, it does not show it.
    """
    if value is None or value == "" or value == []:
        return fv.NOT_SET
    if spec.kind in CHOICE_KINDS:
        values = value if isinstance(value, list) else [value]
        return ", ".join(spec.option_text(v) for v in values)
    if spec.kind == "money":
        return money(int(value), spec.currency)
    if spec.kind == "percent":
        return f"{value}%"
    shown = {"number": fv.show_number, "date": fv.show_date, "datetime": fv.show_datetime}
    # A long text (a description) is named by its first words in toasts and waiting lists.
    return shown[spec.kind](value) if spec.kind in shown else shorten(str(value))


def opportunity_name(opp: Opportunity) -> str:
    """Return how an edit names an opportunity: by its value, else by its status."""
    if opp.value:
        return money(opp.value, opp.value_currency, formatted=opp.value_formatted)
    return opp.status_label or "Opportunity"


def task_name(task: Task) -> str:
    """Return how an edit names a task: by its text, cut short."""
    return shorten(task.text, 80)


def label_for(object_type: str, name: str, field_label: str) -> str:
    """Return how a staged change names its field, the record first: "Acme · Lead status".

    The waiting list holds the lead's changes next to its contacts', so each names its record.
    """
    if object_type == "opportunity":
        return f"Opportunity {name} · {field_label}"
    if object_type == "task":  # its done switch is the task itself; other fields are named
        return f"Task “{name}”" if field_label == "Done" else f"Task “{name}” · {field_label}"
    return f"{name} · {field_label}" if name else field_label
