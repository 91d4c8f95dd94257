"""Bookkeeping shared by every record type: ids, created/updated stamps, plain-field checks."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox.close.clock import iso, now_iso
from sandbox.close.org import user_name

if TYPE_CHECKING:
    from sandbox.close.state import CloseState

Json = dict[str, Any]


def new_record(state: CloseState, prefix: str, user_id: str, at: datetime | None = None) -> Json:
    """Start a record with its id, organization and created/updated stamps."""
    stamp = iso(at) if at else now_iso()
    return {
        "id": state.new_id(prefix),
        "organization_id": state.organization_id,
        "created_by": user_id,
        "updated_by": user_id,
        "date_created": stamp,
        "date_updated": stamp,
    }


def touch(record: Json, user_id: str) -> None:
    """Mark a record as just updated by a user."""
    record["date_updated"] = now_iso()
    record["updated_by"] = user_id


def stamp_names(state: CloseState, record: Json) -> Json:
    """Return the ``created_by_name``/``updated_by_name`` keys Close adds when rendering."""
    return {
        "created_by_name": user_name(state, record.get("created_by")),
        "updated_by_name": user_name(state, record.get("updated_by")),
    }


def take_text(payload: Json, key: str, errors: dict[str, str], target: Json) -> None:
    """Copy an optional string field from payload to target, collecting a type error."""
    if key not in payload:
        return
    value = payload[key]
    if value is None:
        target[key] = ""
    elif isinstance(value, str):
        target[key] = value
    else:
        errors[key] = "Enter a valid string."


def take_list(payload: Json, key: str, errors: dict[str, str]) -> list[Any] | None:
    """Return an optional list field from a payload (None when absent), collecting type errors."""
    if key not in payload or payload[key] is None:
        return None
    value = payload[key]
    if not isinstance(value, list):
        errors[key] = "Expected a list."
        return None
    return value
