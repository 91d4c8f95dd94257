"""Field values that ``/data/search/`` conditions can test, plus index-backed fast paths."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.close.contacts import contact_display_name, lead_display_name
from sandbox.close.errors import bad_request
from sandbox.close.textindex import TEXT_MODES, text_matches

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]

REGULAR_FIELDS = {
    "lead": ("id", "name", "display_name", "description", "url", "status_id", "status_label"),
    "contact": ("id", "lead_id", "name", "display_name", "title"),
    "contact_email": ("email", "type"),
    "contact_phone": ("phone", "type"),
    "opportunity": ("id", "lead_id", "status_id", "status_type", "status_label", "value"),
}


def _record(state: CloseState, obj_type: str, obj_id: str) -> Json:
    if obj_type in ("contact_email", "contact_phone"):
        contact_id, index = obj_id.split("/", 1)
        key = "emails" if obj_type == "contact_email" else "phones"
        return dict(state.contacts[contact_id][key][int(index)])
    collection = {"lead": state.leads, "contact": state.contacts}
    return collection.get(obj_type, state.opportunities)[obj_id]


def _derived(state: CloseState, obj_type: str, record: Json, name: str) -> Any:
    if obj_type == "lead" and name == "display_name":
        return lead_display_name(state, record)
    if obj_type == "lead" and name == "status_label":
        return state.lead_statuses[record["status_id"]]["label"]
    if obj_type == "contact" and name == "display_name":
        return contact_display_name(record)
    if obj_type == "opportunity" and name in ("status_type", "status_label"):
        status = state.opportunity_statuses[record["status_id"]]
        return status["type" if name == "status_type" else "label"]
    return record.get(name)


def field_values(state: CloseState, obj_type: str, field: Json, obj_id: str) -> list[Any]:
    """Return the value(s) of a regular or custom field of one object."""
    record = _record(state, obj_type, obj_id)
    if field.get("type") == "custom_field":
        value = record.get("custom", {}).get(field.get("custom_field_id"))
        return value if isinstance(value, list) else [value]
    if field.get("type") != "regular_field":
        raise bad_request(f'Invalid query: field type "{field.get("type")}" is not supported')
    name = field.get("field_name")
    if name not in REGULAR_FIELDS.get(obj_type, ()):
        raise bad_request(f'Invalid query: unsupported field "{obj_type}.{name}"')
    return [_derived(state, obj_type, record, str(name))]


def indexed_search(
    state: CloseState, obj_type: str, field: Json, condition: Json
) -> set[str] | None:
    """Answer text conditions on emails and names from the indexes; None when not indexed."""
    mode, value = condition.get("mode"), condition.get("value")
    if condition.get("type") != "text" or mode not in TEXT_MODES or not isinstance(value, str):
        return None
    if field.get("type") != "regular_field":
        return None
    name = field.get("field_name")
    if obj_type == "contact_email" and name == "email":
        found = set()
        for contact_id in state.email_index.search(str(mode), value):
            for i, entry in enumerate(state.contacts[contact_id]["emails"]):
                if text_matches(str(mode), value, entry["email"]):
                    found.add(f"{contact_id}/{i}")
        return found
    if obj_type == "lead" and name in ("name", "display_name"):
        hits = state.lead_name_index.search(str(mode), value)
        # The index holds name and display name together; re-check the one asked for.
        return {i for i in hits if text_matches(str(mode), value, _lead_text(state, i, name))}
    if obj_type == "contact" and name == "name":
        return state.contact_name_index.search(str(mode), value)
    return None


def _lead_text(state: CloseState, lead_id: str, name: str) -> str:
    lead = state.leads[lead_id]
    return str(lead.get("name", "")) if name == "name" else lead_display_name(state, lead)
