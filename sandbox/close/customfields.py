"""Custom fields: definitions, type-checked writes (``custom.cf_…`` keys) and rendering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.close.clock import is_date, now_iso, parse_when
from sandbox.close.state import fetch

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

FIELD_TYPES = ("text", "number", "date", "datetime", "choices", "user")
OBJECT_TYPES = ("lead", "contact", "opportunity", "shared")
_INTERNAL = ("object_type", "associations")


def add_custom_field(
    state: CloseState,
    object_type: str,
    name: str,
    field_type: str,
    *,
    choices: list[str] | None = None,
    multiple: bool = False,
    description: str = "",
    shared_with: tuple[str, ...] = (),
) -> Json:
    """Define a custom field on leads, contacts or opportunities (or a shared one)."""
    if object_type not in OBJECT_TYPES or field_type not in FIELD_TYPES:
        raise ValueError(f"bad custom field: {object_type}/{field_type}")
    stamp, owner = now_iso(), next(iter(state.users), None)
    field: Json = {
        "id": state.new_id("cf"),
        "name": name,
        "type": field_type,
        "accepts_multiple_values": multiple,
        "choices": list(choices) if field_type == "choices" and choices else None,
        "description": description,
        "editable_with_roles": [],
        "organization_id": state.organization_id,
        "created_by": owner,
        "updated_by": owner,
        "date_created": stamp,
        "date_updated": stamp,
        "object_type": object_type,
        "associations": [{"object_type": t} for t in shared_with],
    }
    state.custom_fields[field["id"]] = field
    return field


def render_field(field: Json) -> Json:
    """Return a field definition as the API shows it."""
    body = {k: v for k, v in field.items() if k not in _INTERNAL}
    if field["object_type"] == "shared":
        body["associations"] = field["associations"]
    return body


def own_fields(state: CloseState, object_type: str) -> list[Json]:
    """Return the fields defined on exactly this type (``/custom_field/{type}/``)."""
    return [f for f in state.custom_fields.values() if f["object_type"] == object_type]


def schema_fields(state: CloseState, object_type: str) -> list[Json]:
    """Return every field usable on a type, shared ones included (``/custom_field_schema/``)."""
    return [
        f
        for f in state.custom_fields.values()
        if f["object_type"] == object_type or {"object_type": object_type} in f["associations"]
    ]


def _coerce_one(state: CloseState, field: Json, value: Any) -> Any:
    kind = field["type"]
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError("Enter a number.")
        if isinstance(value, int | float):
            return value
        try:
            number = float(str(value))
        except ValueError:
            raise ValueError("Enter a number.") from None
        return int(number) if number.is_integer() else number
    if kind == "date" and not is_date(value):
        raise ValueError("Enter a valid date (YYYY-MM-DD).")
    if kind == "datetime" and parse_when(value) is None:
        raise ValueError("Enter a valid date/time.")
    if kind == "choices" and value not in (field["choices"] or []):
        raise ValueError(f'Not a valid choice: "{value}".')
    if kind == "user" and value not in state.users:
        raise ValueError("Object does not exist.")
    if kind == "text" and not isinstance(value, str | int | float):
        raise ValueError("Enter text.")
    return str(value) if kind == "text" else value


def coerce(state: CloseState, field: Json, value: Any) -> Any:
    """Validate and normalise a value for a field; raise ValueError with Close's message."""
    if value is None:
        return None
    if not field["accepts_multiple_values"]:
        if isinstance(value, list):
            raise ValueError("This field accepts a single value.")
        return _coerce_one(state, field, value)
    values = value if isinstance(value, list) else [value]
    return [_coerce_one(state, field, v) for v in values]


def _resolve(state: CloseState, object_type: str, ref: str) -> Json | None:
    usable = schema_fields(state, object_type)
    # ``custom.cf_…`` is current; ``custom.Field Name`` is deprecated but still accepted.
    return next((f for f in usable if ref in (f["id"], f["name"])), None)


def _custom_writes(payload: Json) -> list[tuple[str, str, Any]]:
    """List (payload key, field ref + op suffix, value) for every custom write in a payload."""
    writes = [(k, k[len("custom.") :], v) for k, v in payload.items() if k.startswith("custom.")]
    nested = payload.get("custom")
    if isinstance(nested, dict):
        writes += [(f"custom.{k}", str(k), v) for k, v in nested.items()]
    return writes


def apply_custom(
    state: CloseState, object_type: str, record: Json, payload: Json, errors: dict[str, str]
) -> None:
    """Apply every custom-field write in a payload to ``record['custom']``; collect errors."""
    values: Json = record.setdefault("custom", {})
    for key, ref, value in _custom_writes(payload):
        op = ref.rsplit(".", 1)[1] if ref.endswith((".add", ".remove")) else "set"
        field = _resolve(state, object_type, ref if op == "set" else ref.rsplit(".", 1)[0])
        if field is None:
            errors[key] = "Unknown custom field."
            continue
        if op != "set" and not field["accepts_multiple_values"]:
            errors[key] = "Only multiple-value fields support .add and .remove."
            continue
        try:
            new = coerce(state, field, value)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        _store(values, field, op, new)


def _store(values: Json, field: Json, op: str, new: Any) -> None:
    current = values.get(field["id"])
    if op == "set":
        values[field["id"]] = new
    elif op == "add":
        values[field["id"]] = [*(current or []), *[v for v in new if v not in (current or [])]]
    else:
        values[field["id"]] = [v for v in (current or []) if v not in new]
    if values[field["id"]] in (None, [], ""):
        del values[field["id"]]


def custom_keys(record: Json) -> Json:
    """Return a record's custom values as top-level ``custom.cf_…`` keys."""
    return {f"custom.{cf_id}": value for cf_id, value in record.get("custom", {}).items()}


def get_field(state: CloseState, object_type: str, field_id: str) -> Json:
    """Return one field definition of a type, or 404."""
    model = f"{object_type.title()}CustomField"  # Close says e.g. "LeadCustomField"
    field = fetch(state.custom_fields, field_id, model)
    if field["object_type"] != object_type:
        return fetch({}, field_id, model)
    return field
